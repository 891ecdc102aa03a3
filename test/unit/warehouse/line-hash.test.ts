import { describe, expect, it } from 'vitest';
import { lineHash, lineHashOfBytes } from '../../../src/warehouse/line-hash.js';

/** The bytes hash of `text` as it sits among other bytes, as in the loader's buffers. */
const ofBytes = (text: string) => {
  const bytes = Buffer.from(`ab${text}cd`, 'utf8');
  return lineHashOfBytes(bytes, 2, bytes.length - 2);
};

describe('the line hash', () => {
  it('is the same for a COPY text held as a string or as UTF-8 bytes', () => {
    const text = '489434\t85048\t15CM CHRISTMAS GLASS BALL 20 LIGHTS\t12\t2009-12-01 07:45:00\t6.95\t13085\tUnited Kingdom';
    expect(ofBytes(text)).toBe(lineHash(text));
  });

  it('is the same for a text with other characters among the hashed ones', () => {
    const text = '489434\t85048\tCRÈME BRÛLÉE SET £5\t12\t2009-12-01 07:45:00\t6.95\t13085\tÉire';
    expect(ofBytes(text)).toBe(lineHash(text));
  });

  it('covers the first 48 characters only', () => {
    const start = 'x'.repeat(48);
    expect(lineHash(start + 'one ending')).toBe(lineHash(start + 'another'));
    expect(lineHash('y' + start)).not.toBe(lineHash(start));
  });

  it('keeps the values already stored in warehouses (invoice_line.line_hash)', () => {
    // Two lines of the real file with the hashes every earlier load stored for them.
    expect(lineHash('489434\t85048\t15CM CHRISTMAS GLASS BALL 20 LIGHTS\t12\t2009-12-01 07:45:00\t6.95\t13085\tUnited Kingdom')).toBe(-948387022);
    expect(lineHash('489434\t79323P\tPINK CHERRY LIGHTS\t12\t2009-12-01 07:45:00\t6.75\t13085\tUnited Kingdom')).toBe(567366375);
  });
});
