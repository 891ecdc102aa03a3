import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSystemError } from '../../../src/cli/lgs-program.js';
import { ConfigError } from '../../../src/errors.js';

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe('isSystemError: what `lgs` prints in one line instead of with a stack', () => {
  it('is what the operating system refused: a folder over an existing file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lgs-system-error-')), 'afile');
    writeFileSync(file, '');
    expect(isSystemError(thrownBy(() => mkdirSync(file)))).toBe(true);
  });

  it('is not a programming error Node names with an ERR_ code', () => {
    expect(isSystemError(thrownBy(() => new URL('not a url')))).toBe(false);
  });

  it('is not a TypeError without a code', () => {
    const missing: { name?: string } | undefined = JSON.parse('null');
    expect(isSystemError(thrownBy(() => missing!.name!.length))).toBe(false);
  });

  it('is not an object that only looks like one', () => {
    expect(isSystemError({ code: 'ENOENT', message: 'no such file or directory' })).toBe(false);
  });

  it('is not one of our own errors, which say more', () => {
    expect(isSystemError(new ConfigError('invalid environment: LGS_HTTP_PORT: too big'))).toBe(false);
  });
});
