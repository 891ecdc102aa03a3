import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes for the managers' page: scrypt from Node's own crypto (memory-hard, no native add-on to
 * build), stored as `scrypt$N$r$p$salt$hash` with base64 salt and hash. The parameters travel in the
 * string, so a hash made with older (weaker) parameters still verifies after they grow; such hashes are
 * reported by `passwordHashIsOutdated` so the operator can re-hash them.
 */

/** OWASP's minimum for scrypt (Password Storage Cheat Sheet): N=2^17, r=8, p=1. Uses 128 MiB per hash. */
export const CURRENT_SCRYPT = { N: 1 << 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
/** Above this a hash would need more than 1 GiB: refused rather than letting a typo exhaust memory. */
const MAX_N = 1 << 20;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, KEY_LENGTH, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

function format(parameters: { N: number; r: number; p: number }, salt: Buffer, key: Buffer): string {
  return `scrypt$${parameters.N}$${parameters.r}$${parameters.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length < 8) throw new RangeError('a password needs at least 8 characters');
  const salt = randomBytes(16);
  return format(CURRENT_SCRYPT, salt, await scrypt(password, salt, CURRENT_SCRYPT));
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseHash(text: string): ParsedHash | undefined {
  const match = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(text);
  if (!match) return undefined;
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // scrypt needs N a power of two above 1.
  if (N < 2 || N > MAX_N || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  return { N, r, p, salt: Buffer.from(match[4]!, 'base64'), key: Buffer.from(match[5]!, 'base64') };
}

export function isPasswordHash(text: string): boolean {
  return parseHash(text) !== undefined;
}

/** True when the hash was made with weaker parameters than today's (it still verifies; re-hash it). */
export function passwordHashIsOutdated(stored: string): boolean {
  const parsed = parseHash(stored);
  return parsed !== undefined && (parsed.N < CURRENT_SCRYPT.N || parsed.r < CURRENT_SCRYPT.r);
}

/**
 * Verified against a login for a user name that does not exist, so that answer takes as long as a wrong
 * password for a real user (made with the current parameters: an older, cheaper one would tell them apart).
 */
export const DUMMY_PASSWORD_HASH = format(CURRENT_SCRYPT, Buffer.alloc(16), Buffer.alloc(KEY_LENGTH));

/** True when `password` matches `stored`; compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = await scrypt(password, parsed.salt, parsed);
  return actual.length === parsed.key.length && timingSafeEqual(actual, parsed.key);
}
