import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real filesystem of a few kilobytes (tmpfs), to fill for disk-full tests. Mounting needs root, which CI
 * and this machine have; elsewhere the tests that need one are skipped, saying so.
 */
export const canMountSmallFilesystem = process.platform === 'linux' && process.getuid?.() === 0;

export function mountSmallFilesystem(bytes: number): { path: string; unmount(): void } {
  const path = mkdtempSync(join(tmpdir(), 'lgs-small-fs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', path]);
  return {
    path,
    unmount() {
      // Lazily: a file a failed test left open would otherwise keep the mount (and fail the cleanup).
      execFileSync('umount', ['--lazy', path]);
      rmSync(path, { recursive: true, force: true });
    },
  };
}
