import { createHash, randomUUID } from 'node:crypto';
import { access, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { ArchiveIntegrityError } from '../errors.js';
import type { ReportArchive } from './report-archive.js';

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Writes `bytes` to `path` and flushes them to the disk before returning. */
async function writeDurably(path: string, bytes: Buffer | string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (a rename is only durable once its folder is). */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The archive as a folder on disk. A file is written under a temporary name, flushed, renamed into place
 * and its folder flushed, so after a crash or power cut a key holds the whole file or nothing; the
 * temporary file is removed when writing fails. Beside each file its sha256 is kept (`<file>.sha256`),
 * and every read checks the bytes against it (or against the hash the caller recorded), so a file damaged
 * on disk is refused with a clear error, never mailed or served. Keys are resolved inside the folder and
 * refused if they would leave it.
 */
export class FolderArchive implements ReportArchive {
  private readonly root: string;

  constructor(folder: string) {
    this.root = resolve(folder);
  }

  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new RangeError(`archive key "${key}" points outside the archive`);
    return path;
  }

  private async putFile(path: string, bytes: Buffer | string): Promise<void> {
    const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.partial`);
    try {
      await writeDurably(temporary, bytes);
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // The hash first: a file in place always has its hash beside it.
    await this.putFile(`${path}.sha256`, `${sha256Of(bytes)}\n`);
    await this.putFile(path, bytes);
    await syncFolder(dirname(path));
  }

  async get(key: string, expectedSha256?: string): Promise<Buffer> {
    const path = this.pathOf(key);
    const bytes = await readFile(path);
    const expected = expectedSha256 ?? (await readFile(`${path}.sha256`, 'utf8').then((text) => text.trim(), () => undefined));
    if (expected !== undefined) {
      const actual = sha256Of(bytes);
      if (actual !== expected) {
        throw new ArchiveIntegrityError(
          `archived file ${key} is damaged: its sha256 is ${actual}, but ${expected} was recorded when it was stored (${path}); it is neither mailed nor served`,
          { key, path, expected, actual },
        );
      }
    }
    return bytes;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await access(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }
}
