import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { isPasswordHash } from '../http/password.js';
import { parseYamlWith } from './yaml-validation.js';

/** Who may use the managers' page (config/users.yaml): names, password hashes (`lgs users hash`), roles. */
export const usersFileSchema = z.strictObject({
  users: z.array(
    z.strictObject({
      username: z.string().regex(/^[a-z0-9._-]{2,40}$/, { error: 'must be 2-40 lower-case letters, digits, dots, dashes or underscores' }),
      passwordHash: z.string().refine(isPasswordHash, { error: 'must be a hash made by `lgs users hash`, never a plain password' }),
      role: z.enum(['manager', 'admin'], { error: 'must be manager or admin' }),
    }),
  ),
});
export type UsersFile = z.infer<typeof usersFileSchema>;
export type User = UsersFile['users'][number];
export type Role = User['role'];

export async function readUsers(path: string): Promise<UsersFile> {
  const text = await readFile(path, 'utf8').catch((cause: NodeJS.ErrnoException) => {
    throw new ConfigError(`${path}: cannot read the users file (${cause.code ?? cause.message})`, { source: path }, { cause });
  });
  return parseYamlWith(usersFileSchema, text, path);
}
