import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// npm's own range logic; semver is in the tree through several dependencies and ships no types.
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string, options?: { includePrerelease?: boolean }): boolean;
  minVersion(range: string): { version: string } | null;
  major(version: string): number;
};

/**
 * What `npm ci` on the oldest Node the project supports checks, read from the lock file: it warns
 * EBADENGINE for a locked package whose engines exclude that Node, and (npm 11) "install scripts not yet
 * covered by allowScripts" for a package with an install script package.json neither allows nor denies.
 */
const root = new URL('../../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string }; allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; hasInstallScript?: boolean; optional?: boolean; os?: string[]; cpu?: string[] }>;
};
const oldestNode = semver.minVersion(manifest.engines.node)!.version;

describe('a clean install on the oldest supported Node', () => {
  it('declares Node 20 as the oldest supported', () => {
    expect(semver.major(oldestNode)).toBe(20);
  });

  it('locks no package whose engines exclude it', () => {
    const excluded = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
      .filter(([, entry]) => !semver.satisfies(oldestNode, (entry.engines as { node: string }).node, { includePrerelease: true }))
      .map(([path, entry]) => `${path}@${entry.version} needs node ${(entry.engines as { node: string }).node}`);
    expect(excluded).toEqual([]);
  });

  it('has a decision in allowScripts for every package with an install script', () => {
    const undecided = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
      .filter((name) => !(name in (manifest.allowScripts ?? {})));
    expect(undecided).toEqual([]);
  });
});
