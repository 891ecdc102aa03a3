/**
 * What a command reads and writes besides its arguments. The real CLI passes the process's own; a test
 * passes an environment of its choosing, collecting streams and a stop promise it resolves itself.
 */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Resolves with a reason once a long-running command (worker, serve) should stop. */
  stopRequested(): Promise<string>;
}

/** The process's streams and environment; stop on SIGTERM or SIGINT. */
export function processIo(): CliIo {
  return {
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stopRequested: () =>
      new Promise<string>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      }),
  };
}
