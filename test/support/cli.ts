import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI (`npm test` builds it first), run as a user would run it. */
const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Working directory (default: the test runner's). */
  cwd?: string;
  /** Text written to the command's stdin, which is then closed. */
  stdin?: string;
}

export function runCli(args: string[], env: Record<string, string | undefined> = {}, options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, maxBuffer: 64 * 1024 * 1024, cwd: options.cwd },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

/** A long-running command (`lgs worker`, `lgs serve`): its output so far, a wait on it, and its exit. */
export interface CliProcess {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  /** Resolves once stdout or stderr holds text matching `pattern` (rejects if the process exits first). */
  waitForOutput(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(args: string[], env: Record<string, string | undefined> = {}, options: CliOptions = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  const waiters: (() => void)[] = [];
  const notify = () => waiters.splice(0).forEach((waiter) => waiter());
  child.stdout!.on('data', (chunk: Buffer) => ((output.stdout += chunk.toString()), notify()));
  child.stderr!.on('data', (chunk: Buffer) => ((output.stderr += chunk.toString()), notify()));
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      done = true;
      notify();
      resolve({ code, signal });
    }),
  );
  const waitForOutput = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = (output.stdout + output.stderr).match(pattern);
        if (match) return resolve(match);
        if (done) return reject(new Error(`exited before printing ${pattern}:\n${output.stdout}\n${output.stderr}`));
        waiters.push(check);
      };
      check();
    });
  return { child, output, waitForOutput, exited };
}
