import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LoadError } from '../errors.js';

/**
 * A file a load writes what outgrows its memory budget to, and reads back once. It is unlinked as soon as
 * it is opened, so a load killed at any point leaves nothing behind; its space is freed when the process
 * lets go of it (close, or the process's end).
 */
export class SpillFile {
  private readonly fd: number;
  private size = 0;

  /** `what` names the contents for errors ("the line hashes"); `directory` is TMPDIR unless told. */
  constructor(
    private readonly what: string,
    private readonly directory: string,
  ) {
    const path = join(directory, `lgs-spill-${process.pid}-${randomBytes(6).toString('hex')}`);
    this.fd = this.attempt(() => openSync(path, 'wx+', 0o600), 'create a file');
    try {
      unlinkSync(path);
    } catch (cause) {
      closeSync(this.fd);
      throw this.failure('remove its file from the folder', cause);
    }
  }

  /** Appends the bytes; returns where they went. */
  append(bytes: Uint8Array): number {
    const at = this.size;
    let written = 0;
    while (written < bytes.byteLength) written += this.attempt(() => writeSync(this.fd, bytes, written, bytes.byteLength - written, at + written), 'write to it');
    this.size += bytes.byteLength;
    return at;
  }

  /** Fills `into` with the bytes written at `position`. */
  read(position: number, into: Uint8Array): void {
    let read = 0;
    while (read < into.byteLength) {
      const got = this.attempt(() => readSync(this.fd, into, read, into.byteLength - read, position + read), 'read it back');
      if (got === 0) throw this.failure('read it back', new Error(`the file ends at ${position + read} bytes`));
      read += got;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  private attempt<T>(step: () => T, action: string): T {
    try {
      return step();
    } catch (cause) {
      throw this.failure(action, cause);
    }
  }

  private failure(action: string, cause: unknown): LoadError {
    return new LoadError(
      `${this.what} of a large load go to a file in ${this.directory} (TMPDIR), which could not ${action}: ${(cause as Error).message}`,
      { directory: this.directory },
      { cause },
    );
  }
}
