import { createInterface } from 'node:readline';
import { UsageError } from '../../errors.js';
import { hashPassword } from '../../http/password.js';
import type { CliIo } from '../cli-io.js';

/** Reads a password without echoing it on a terminal, or the first line of stdin otherwise. */
async function readPassword(io: CliIo, prompt: string): Promise<string> {
  const terminal = io.stdin.isTTY === true;
  const reader = createInterface({ input: io.stdin, output: io.stderr, terminal });
  if (terminal) {
    io.stderr.write(prompt);
    // Keep the typed characters off the screen.
    (reader as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => undefined;
  }
  try {
    for await (const line of reader) return line;
    return '';
  } finally {
    if (terminal) io.stderr.write('\n');
    reader.close();
  }
}

export async function usersHash(io: CliIo): Promise<void> {
  const password = await readPassword(io, 'Password: ');
  try {
    io.stdout.write((await hashPassword(password)) + '\n');
  } catch (error) {
    throw new UsageError((error as Error).message, {});
  }
}
