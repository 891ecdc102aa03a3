import { describe, expect, it } from 'vitest';
import { TextDecoding } from '../../../src/warehouse/text-decoding.js';

const decodeAll = (decoding: TextDecoding, chunks: Buffer[]) => Buffer.concat([...chunks.map((chunk) => decoding.decode(chunk)), decoding.end()]).toString('utf8');

describe('TextDecoding', () => {
  it('keeps a UTF-8 character split across two chunks whole', () => {
    const bytes = Buffer.from('ASCII first, then £ and é', 'utf8');
    const at = bytes.indexOf(0xc2) + 1;
    const decoding = new TextDecoding();
    expect(decodeAll(decoding, [bytes.subarray(0, at), bytes.subarray(at)])).toBe('ASCII first, then £ and é');
    expect(decoding.report()).toEqual({ encoding: 'utf-8', detected: true, replacedCharacters: 0 });
  });

  it('does not count a U+FFFD the file itself holds as a replacement, even split across chunks', () => {
    const bytes = Buffer.from('é and a real \uFFFD', 'utf8');
    const decoding = new TextDecoding();
    expect(decodeAll(decoding, [bytes.subarray(0, bytes.length - 1), bytes.subarray(bytes.length - 1)])).toBe('é and a real \uFFFD');
    expect(decoding.report().replacedCharacters).toBe(0);
  });

  it('counts an incomplete character at the very end of the file', () => {
    const decoding = new TextDecoding();
    expect(decodeAll(decoding, [Buffer.from('é', 'utf8'), Buffer.from([0xe2, 0x82])])).toBe('é\uFFFD');
    expect(decoding.report().replacedCharacters).toBe(1);
  });

  it('maps the Windows-1252 bytes 0x80-0x9F (€, ’, “ ”) and the Latin-1 ones (£, é)', () => {
    const decoding = new TextDecoding('latin1');
    expect(decoding.decode(Buffer.from([0x80, 0x92, 0x93, 0x94, 0xa3, 0xe9])).toString('utf8')).toBe('€’“”£é');
    expect(decoding.report()).toEqual({ encoding: 'windows-1252', detected: false, replacedCharacters: 0 });
  });

  it('calls an all-ASCII file UTF-8', () => {
    const decoding = new TextDecoding();
    expect(decodeAll(decoding, [Buffer.from('plain,text\n')])).toBe('plain,text\n');
    expect(decoding.report().encoding).toBe('utf-8');
  });

  it('passes valid UTF-8 on as the very bytes it was given', () => {
    const decoding = new TextDecoding();
    const bytes = Buffer.from('£5 and é\n', 'utf8');
    expect(decoding.decode(bytes)).toBe(bytes);
  });

  it('replaces and counts a damaged byte in the middle of a UTF-8 file', () => {
    const decoding = new TextDecoding();
    const bytes = Buffer.concat([Buffer.from('é then ', 'utf8'), Buffer.from([0xff]), Buffer.from(' then £', 'utf8')]);
    expect(decodeAll(decoding, [bytes])).toBe('é then \uFFFD then £');
    expect(decoding.report()).toEqual({ encoding: 'utf-8', detected: true, replacedCharacters: 1 });
  });

  describe.each([
    ['UTF-8 with 2-, 3- and 4-byte characters', Buffer.from('£1 and €2, CRÈME 😀\n', 'utf8'), 'auto'],
    ['UTF-8 with a damaged byte and a literal U+FFFD', Buffer.concat([Buffer.from('é ', 'utf8'), Buffer.from([0xff]), Buffer.from(' \uFFFD £', 'utf8')]), 'utf-8'],
    ['Windows-1252', Buffer.from([0x80, 0x20, 0xa3, 0x35, 0x20, 0x93, 0x41, 0x94, 0x0a]), 'windows-1252'],
  ])('%s cut into chunks anywhere', (_name, bytes, encoding) => {
    const whole = new TextDecoding(encoding);
    const expected = decodeAll(whole, [bytes]);

    it.each([1, 2, 3, 5])('decodes to the same text and counts the same replacements in chunks of %i bytes', (size) => {
      const decoding = new TextDecoding(encoding);
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      expect(decodeAll(decoding, chunks)).toBe(expected);
      expect(decoding.report()).toEqual(whole.report());
    });
  });
});
