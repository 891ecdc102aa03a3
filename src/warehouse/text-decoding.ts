import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { UsageError } from '../errors.js';

/**
 * Bytes of a CSV file to valid UTF-8, the text the loader works on. UTF-8 is what the data set uses; Excel
 * on many machines saves Windows-1252 (Latin-1 with £, €, curly quotes), which read as UTF-8 turns every £
 * and é into U+FFFD. Valid UTF-8 (and ASCII) passes through as it is, without becoming a string.
 *
 * `auto` (the default) reads UTF-8 while the bytes are ASCII (where both agree) and decides at the first
 * byte above 0x7F: if the rest of that chunk is mostly valid UTF-8 it stays UTF-8, else the file is read as
 * Windows-1252. A named encoding is used as given. Either way it counts the characters that could not be
 * decoded and were replaced by U+FFFD, so a load never loses text silently.
 */
export interface DecodingReport {
  /** WHATWG name of the encoding used (`utf-8`, `windows-1252`, …). */
  encoding: string;
  /** True when the encoding was detected rather than given with --encoding. */
  detected: boolean;
  replacedCharacters: number;
}

/** Bytes 0x80-0x9F in Windows-1252 (where Latin-1 has control characters); the rest of 0xA0-0xFF is Latin-1. */
const WINDOWS_1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/** Windows-1252 without depending on the ICU data Node was built with (small-icu builds lack it). */
function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

const REPLACEMENT = '\uFFFD';
const REPLACEMENT_BYTES = Buffer.from(REPLACEMENT, 'utf8');

function countOf(text: string, what: string): number {
  let count = 0;
  for (let at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length)) count++;
  return count;
}

function countBytes(bytes: Buffer, what: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(what); at >= 0; at = bytes.indexOf(what, at + what.length)) count++;
  return count;
}

/** A decoder for encodings other than UTF-8 (TextDecoder knows them all), streaming. */
interface StreamDecoder {
  readonly encoding: string;
  decode(bytes: Buffer, last: boolean): string;
}

function whatwgDecoder(decoder: TextDecoder): StreamDecoder {
  return { encoding: decoder.encoding, decode: (bytes, last) => decoder.decode(bytes, { stream: !last }) };
}

/**
 * Where an incomplete multi-byte character at the end of `bytes` starts (bytes.length when there is none):
 * a chunk may end inside a character, whose rest starts the next chunk.
 */
function completeLength(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if (byte < 0x80) return bytes.length;
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return back < needed ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

type Mode = { kind: 'undecided' } | { kind: 'utf-8' } | { kind: 'windows-1252' } | { kind: 'decoder'; decoder: StreamDecoder };

export class TextDecoding {
  private mode: Mode;
  private readonly detected: boolean;
  private replaced = 0;
  /** UTF-8: the start of a character the previous chunk ended inside. */
  private carry = Buffer.alloc(0);

  /** `choice`: `auto`, or an encoding label TextDecoder knows (utf-8, windows-1252, latin1, utf-16le, …). */
  constructor(choice = 'auto') {
    this.detected = choice.toLowerCase() === 'auto';
    if (this.detected) {
      this.mode = { kind: 'undecided' };
      return;
    }
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(choice);
    } catch {
      throw new UsageError(`--encoding ${choice}: not an encoding this program knows; use auto, utf-8 or windows-1252 (latin1)`, { option: '--encoding', value: choice });
    }
    this.mode =
      decoder.encoding === 'windows-1252' ? { kind: 'windows-1252' }
        : decoder.encoding === 'utf-8' ? { kind: 'utf-8' }
        : { kind: 'decoder', decoder: whatwgDecoder(new TextDecoder(decoder.encoding)) };
  }

  get encoding(): string {
    if (this.mode.kind === 'decoder') return this.mode.decoder.encoding;
    // A file that never left ASCII is valid UTF-8.
    return this.mode.kind === 'windows-1252' ? 'windows-1252' : 'utf-8';
  }

  report(): DecodingReport {
    return { encoding: this.encoding, detected: this.detected, replacedCharacters: this.replaced };
  }

  /** The chunk's text as UTF-8 (some of it may come with the next chunk, when it ends inside a character). */
  decode(bytes: Buffer): Buffer {
    if (this.mode.kind === 'undecided') {
      if (isAscii(bytes)) return bytes;
      this.mode = this.decide(bytes);
    }
    switch (this.mode.kind) {
      case 'utf-8':
        return this.passUtf8(bytes);
      case 'windows-1252':
        return Buffer.from(decodeWindows1252(bytes), 'utf8');
      default:
        return Buffer.from(this.decodeCounting((this.mode as { decoder: StreamDecoder }).decoder, bytes, false), 'utf8');
    }
  }

  /** Whatever an incomplete multi-byte sequence at the very end of the file becomes (U+FFFD, counted). */
  end(): Buffer {
    if (this.mode.kind === 'decoder') return Buffer.from(this.decodeCounting(this.mode.decoder, Buffer.alloc(0), true), 'utf8');
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    return rest.length > 0 ? this.repairUtf8(rest) : rest;
  }

  private decide(bytes: Buffer): Mode {
    let first = 0;
    while (bytes[first]! < 0x80) first++;
    const sample = new TextDecoder('utf-8').decode(bytes.subarray(first), { stream: true });
    const invalid = countOf(sample, REPLACEMENT) - countBytes(bytes.subarray(first), REPLACEMENT_BYTES);
    const wellFormed = sample.replace(/[\u0000-\u007f\uFFFD]/g, '').length;
    // A UTF-8 file with a damaged byte stays UTF-8 (the damage is counted); mostly invalid means another encoding.
    return invalid === 0 || wellFormed > invalid ? { kind: 'utf-8' } : { kind: 'windows-1252' };
  }

  /** UTF-8 bytes passed on as they are when valid; a chunk with damaged bytes has them replaced by U+FFFD. */
  private passUtf8(chunk: Buffer): Buffer {
    const bytes = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    const complete = completeLength(bytes);
    this.carry = Buffer.from(bytes.subarray(complete));
    const body = complete === bytes.length ? bytes : bytes.subarray(0, complete);
    return isUtf8(body) ? body : this.repairUtf8(body);
  }

  /** Invalid UTF-8 decoded with U+FFFD for what cannot be read, counting those (not the ones the file holds). */
  private repairUtf8(bytes: Buffer): Buffer {
    const text = bytes.toString('utf8');
    this.replaced += Math.max(0, countOf(text, REPLACEMENT) - countBytes(bytes, REPLACEMENT_BYTES));
    return Buffer.from(text, 'utf8');
  }

  private decodeCounting(decoder: StreamDecoder, bytes: Buffer, last: boolean): string {
    const text = decoder.decode(bytes, last);
    this.replaced += countOf(text, REPLACEMENT);
    return text;
  }
}
