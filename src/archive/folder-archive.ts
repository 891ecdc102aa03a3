import { randomUUID } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { ReportArchive } from './report-archive.js';

/**
 * The archive as a folder on disk. Files are written to a temporary name and renamed into place, so a
 * reader never sees half a PDF. Keys are resolved inside the folder and refused if they would leave it.
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

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = join(dirname(path), `.${randomUUID()}.partial`);
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  }

  get(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
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
