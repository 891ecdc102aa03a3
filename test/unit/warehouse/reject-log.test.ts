import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RejectLog } from '../../../src/warehouse/reject-log.js';
import { openFilesNamed } from '../../support/open-files.js';

const spillFilesOpen = () => openFilesNamed('lgs-spill-').length;
const textOf = (log: RejectLog) => Buffer.concat([...log.takeRows()]).toString('utf8');

/** A rejected line of the real file's shape, numbered. */
const rawLine = (i: number) => `${489434 + i},85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,"6.95x",13085.0,United Kingdom`;

describe('RejectLog', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'lgs-reject-log-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps each rejected line as a COPY row: line number, reason, the record as read', () => {
    const log = new RejectLog();
    log.add(3, 'Price "6.95x" is not a decimal number', rawLine(0));
    expect(textOf(log)).toBe(`3\tPrice "6.95x" is not a decimal number\t${rawLine(0)}\n`);
  });

  it('escapes what COPY text would read otherwise: backslash, tab, newline, carriage return', () => {
    const log = new RejectLog();
    log.add(7, 'unterminated quoted field', '600007,"FORK\\ \t""SILVER""\r\nx');
    expect(textOf(log)).toBe('7\tunterminated quoted field\t600007,"FORK\\\\ \\t""SILVER""\\r\\nx\n');
  });

  it('keeps a NUL character, which PostgreSQL cannot store in text, as ␀', () => {
    const log = new RejectLog();
    log.add(2, 'a field contains a NUL character', '600002,20002,TEA\u0000POT');
    expect(textOf(log)).toBe('2\ta field contains a NUL character\t600002,20002,TEA\u2400POT\n');
  });

  it('counts the lines it was given', () => {
    const log = new RejectLog();
    for (let i = 0; i < 5; i++) log.add(i + 2, 'reason', rawLine(i));
    expect(log.count).toBe(5);
  });

  it('gives the same rows, in order, when past its budget they went to a spill file', () => {
    const inMemory = new RejectLog();
    const spilled = new RejectLog({ memoryBytes: 1024, directory: folder });
    for (let i = 0; i < 2000; i++) {
      inMemory.add(i + 2, `Price "${i}x" is not a decimal number`, rawLine(i));
      spilled.add(i + 2, `Price "${i}x" is not a decimal number`, rawLine(i));
    }
    expect(spillFilesOpen()).toBe(1);
    expect(textOf(spilled)).toBe(textOf(inMemory));
  });

  it('closes its spill file once its rows are taken, and after release', () => {
    const taken = new RejectLog({ memoryBytes: 1024, directory: folder });
    const released = new RejectLog({ memoryBytes: 1024, directory: folder });
    for (let i = 0; i < 200; i++) {
      taken.add(i + 2, 'reason', rawLine(i));
      released.add(i + 2, 'reason', rawLine(i));
    }
    expect(spillFilesOpen()).toBe(2);
    textOf(taken);
    released.release();
    expect(spillFilesOpen()).toBe(0);
  });
});
