import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../src/project-paths.js';

const CLI = join(projectRoot, 'dist', 'src', 'cli.js');

function fastestMs(args: string[], runs: number): number {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** Wall time of `lgs --help` as a process, and of a bare `node -e ''` beside it: the floor. Best of `runs`. */
export function cliStartTimes(runs = 10): { helpMs: number; bareNodeMs: number } {
  return { helpMs: fastestMs([CLI, '--help'], runs), bareNodeMs: fastestMs(['-e', ''], runs) };
}
