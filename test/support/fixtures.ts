import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
export const HAND_COMPUTED = fixturePath('hand-computed.csv');
export const SAMPLE = fileURLToPath(new URL('../../data/sample/online_retail_II_sample.csv.gz', import.meta.url));

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** Writes `content` to a new temporary file and returns its path. */
export function writeTempFile(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lgs-test-')), name);
  writeFileSync(path, content);
  return path;
}
