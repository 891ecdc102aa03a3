import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json, sql/ and templates/. Found by walking up because the same module runs
 * from src/ (tests, via vitest) and from dist/src/ (the built CLI), at different depths.
 */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the project root (no package.json above ' + fileURLToPath(import.meta.url) + ')');
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot();
export const sqlDir = join(projectRoot, 'sql');
export const templatesDir = join(projectRoot, 'templates');
