/**
 * The loader's hash of a line: 32-bit FNV-1a of the first characters of its COPY text. Exact duplicates
 * have equal hashes, so SQL only compares the few lines whose hash repeats; and a later load recognises the
 * lines the warehouse holds by date and hash (invoice_line.line_hash). That makes the value part of the
 * stored data: the hash of a text is the same whichever way the loader built it, as a string or as bytes.
 * (Keeping a million line texts in a Map to spot duplicates in Node cost 4.5 s of garbage collection here.)
 */

/** Characters of a line's text that its hash covers: enough to make most lines' hashes unique. */
const HASHED_PREFIX = 48;

/** The hash of a COPY text held as a string: over its first UTF-16 code units. */
export function lineHash(text: string): number {
  let hash = 0x811c9dc5;
  const end = Math.min(text.length, HASHED_PREFIX);
  for (let i = 0; i < end; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * The same hash of a COPY text held as UTF-8 bytes [start, end). While the bytes are ASCII each is one
 * code unit; a text with other characters among the hashed ones is decoded and hashed as a string.
 */
export function lineHashOfBytes(bytes: Buffer, start: number, end: number): number {
  let hash = 0x811c9dc5;
  const stop = Math.min(end, start + HASHED_PREFIX);
  for (let i = start; i < stop; i++) {
    const byte = bytes[i]!;
    if (byte >= 0x80) return lineHash(bytes.toString('utf8', start, end));
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
