import { readdirSync, readlinkSync } from 'node:fs';

/** The files this process has open whose path contains `part` (Linux: /proc/self/fd; unlinked ones end "(deleted)"). */
export function openFilesNamed(part: string): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.includes(part) ? [target] : [];
    } catch {
      return []; // closed between the listing and the look
    }
  });
}
