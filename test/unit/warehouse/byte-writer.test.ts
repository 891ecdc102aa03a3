import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../src/warehouse/byte-writer.js';

describe('ByteWriter', () => {
  it.each([0, 7, 10, -1, 1_067_370, -948_387_022, 2_147_483_647, -2_147_483_648])('writes %i in decimal as String() does', (value) => {
    const writer = new ByteWriter(2);
    writer.decimal(value);
    expect(writer.toString()).toBe(String(value));
  });

  it('grows past its first size and keeps what was written', () => {
    const writer = new ByteWriter(4);
    const long = Buffer.from('a description longer than thirty-two bytes, £ and all', 'utf8');
    writer.ascii('ab');
    writer.copy(long, 0, long.length);
    writer.utf8('é');
    writer.byte(0x0a);
    expect(writer.toString()).toBe(`ab${long.toString('utf8')}é\n`);
  });

  it('hands over a copy of its bytes and starts again empty', () => {
    const writer = new ByteWriter();
    writer.ascii('first');
    const taken = writer.take();
    writer.ascii('again');
    expect([taken.toString('latin1'), writer.toString()]).toEqual(['first', 'again']);
  });
});
