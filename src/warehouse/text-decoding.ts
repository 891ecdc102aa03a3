import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { TextDecoder } from 'node:util';
import { UsageError } from '../errors.js';

/**
 * Bytes of a CSV file to text. UTF-8 is what the data set uses; Excel on many machines saves
 * Windows-1252 (Latin-1 with £, €, curly quotes), which read as UTF-8 turns every £ and é into U+FFFD.
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

/** The common interface of the two decoders: Node's StringDecoder is the faster for UTF-8, TextDecoder knows every other encoding. */
interface StreamDecoder {
  readonly encoding: string;
  decode(bytes: Buffer, last: boolean): string;
}

function utf8Decoder(): StreamDecoder {
  const decoder = new StringDecoder('utf8');
  return { encoding: 'utf-8', decode: (bytes, last) => (last ? decoder.end(bytes) : decoder.write(bytes)) };
}

function whatwgDecoder(decoder: TextDecoder): StreamDecoder {
  return { encoding: decoder.encoding, decode: (bytes, last) => decoder.decode(bytes, { stream: !last }) };
}

type Mode = { kind: 'undecided' } | { kind: 'windows-1252' } | { kind: 'decoder'; decoder: StreamDecoder };

export class TextDecoding {
  private mode: Mode;
  private readonly detected: boolean;
  private replaced = 0;
  /** The last two bytes of the previous chunk, to count a literal U+FFFD split across chunks. */
  private tail = Buffer.alloc(0);

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
      decoder.encoding === 'windows-1252'
        ? { kind: 'windows-1252' }
        : { kind: 'decoder', decoder: decoder.encoding === 'utf-8' ? utf8Decoder() : whatwgDecoder(new TextDecoder(decoder.encoding)) };
  }

  get encoding(): string {
    if (this.mode.kind === 'decoder') return this.mode.decoder.encoding;
    // A file that never left ASCII is valid UTF-8.
    return this.mode.kind === 'undecided' ? 'utf-8' : 'windows-1252';
  }

  report(): DecodingReport {
    return { encoding: this.encoding, detected: this.detected, replacedCharacters: this.replaced };
  }

  decode(bytes: Buffer): string {
    if (this.mode.kind === 'undecided') {
      if (isAscii(bytes)) return bytes.toString('latin1');
      this.mode = this.decide(bytes);
    }
    const mode = this.mode as Exclude<Mode, { kind: 'undecided' }>;
    return mode.kind === 'windows-1252' ? decodeWindows1252(bytes) : this.decodeCounting(mode.decoder, bytes, false);
  }

  /** Whatever an incomplete multi-byte sequence at the very end of the file becomes (U+FFFD, counted). */
  end(): string {
    return this.mode.kind === 'decoder' ? this.decodeCounting(this.mode.decoder, Buffer.alloc(0), true) : '';
  }

  private decide(bytes: Buffer): Mode {
    let first = 0;
    while (bytes[first]! < 0x80) first++;
    const sample = new TextDecoder('utf-8').decode(bytes.subarray(first), { stream: true });
    const invalid = countOf(sample, REPLACEMENT) - countBytes(bytes.subarray(first), REPLACEMENT_BYTES);
    const wellFormed = sample.replace(/[\u0000-\u007f\uFFFD]/g, '').length;
    // A UTF-8 file with a damaged byte stays UTF-8 (the damage is counted); mostly invalid means another encoding.
    return invalid === 0 || wellFormed > invalid ? { kind: 'decoder', decoder: utf8Decoder() } : { kind: 'windows-1252' };
  }

  private decodeCounting(decoder: StreamDecoder, bytes: Buffer, last: boolean): string {
    const text = decoder.decode(bytes, last);
    const produced = countOf(text, REPLACEMENT);
    if (produced > 0) {
      // U+FFFD that the file itself holds was not replaced by us.
      const literal = decoder.encoding === 'utf-8' ? countBytes(Buffer.concat([this.tail, bytes]), REPLACEMENT_BYTES) : 0;
      this.replaced += Math.max(0, produced - literal);
    }
    this.tail = bytes.length >= 2 ? Buffer.from(bytes.subarray(bytes.length - 2)) : Buffer.concat([this.tail, bytes]).subarray(-2);
    return text;
  }
}
