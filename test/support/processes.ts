import { readdirSync, readFileSync } from 'node:fs';

/** The fields of /proc/<pid>/stat after the command name (state, ppid, pgrp, session, ...), or undefined once gone. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function processIds(): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number);
}

/** Process ids of `pid`'s descendants, read from /proc. */
export function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of processIds()) {
    const fields = statFields(entry);
    if (!fields) continue; // gone meanwhile
    const ppid = Number(fields[1]);
    parents.set(ppid, [...(parents.get(ppid) ?? []), entry]);
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const child of parents.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/**
 * Processes of the session `sessionId`. Puppeteer starts Chromium in a session of its own (detached), and
 * its zygotes, renderers and GPU process stay in it even when they are re-parented to init after the
 * browser process dies, so this finds what a killed browser left behind.
 */
export function sessionMembers(sessionId: number): number[] {
  return processIds().filter((pid) => Number(statFields(pid)?.[3]) === sessionId);
}

/** Running (not exited, not a zombie waiting to be reaped) and a Chromium. */
export function isLiveChromium(pid: number): boolean {
  const state = statFields(pid)?.[0];
  if (state === undefined || state === 'Z' || state === 'X') return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chrom');
  } catch {
    return false;
  }
}
