import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../errors.js';

/**
 * The key that encrypts session cookies when LGS_SESSION_KEY is not set: made once and kept in a file
 * under LGS_HOME (readable by this user only), so a restarted page (or a second one on the same volume)
 * still accepts the cookies it issued and managers stay logged in.
 */
export async function persistedSessionKey(path: string): Promise<{ key: Buffer; created: boolean }> {
  const read = async () => {
    const text = (await readFile(path, 'utf8')).trim();
    if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new ConfigError(`${path}: not a session key (64 hex characters); delete it to make a new one`, { source: path });
    return Buffer.from(text, 'hex');
  };
  try {
    return { key: await read(), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dirname(path), { recursive: true });
  try {
    // 'wx': of two pages starting at once, one writes the key and the other reads it.
    await writeFile(path, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
    return { key: await read(), created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { key: await read(), created: false };
    throw error;
  }
}
