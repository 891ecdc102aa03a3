import { stat } from 'node:fs/promises';
import { readUsers, type UsersFile } from '../config/users-file.js';
import type { Logger } from '../log.js';
import { passwordHashIsOutdated } from './password.js';

/**
 * The users file as it is now: looked at on every request (a stat; read and checked again only when it
 * changed), so a user removed from it or demoted loses access with their next request, not at the next
 * restart. A file that became unreadable or invalid keeps the last valid version in force and is logged
 * at error level, as the schedules file is: a typo must not lock every manager out.
 */
export type CurrentUsers = () => Promise<UsersFile>;

/** Logs each user whose hash was made with weaker parameters than today's (it still verifies). */
export function warnOfOutdatedHashes(users: UsersFile, path: string, log?: Logger): void {
  for (const user of users.users) {
    if (passwordHashIsOutdated(user.passwordHash)) {
      log?.warn({ file: path, user: user.username }, 'password hash below the current scrypt parameters: make a new one with `lgs users hash`');
    }
  }
}

export async function watchUsersFile(path: string, log?: Logger): Promise<CurrentUsers> {
  const versionOf = async () => {
    const info = await stat(path);
    return `${info.ino}:${info.size}:${info.mtimeMs}`;
  };
  let version = await versionOf().catch(() => '');
  let users = await readUsers(path);
  warnOfOutdatedHashes(users, path, log);
  let failedVersion: string | undefined;
  return async () => {
    const now = await versionOf().catch(() => 'unreadable');
    if (now === version || now === failedVersion) return users;
    try {
      users = await readUsers(path);
      version = now;
      failedVersion = undefined;
      log?.info({ file: path, users: users.users.length }, 'users file changed: reloaded');
      warnOfOutdatedHashes(users, path, log);
    } catch (error) {
      failedVersion = now;
      log?.error({ file: path, err: (error as Error).message }, 'users file invalid: the previous users stay in force');
    }
    return users;
  };
}
