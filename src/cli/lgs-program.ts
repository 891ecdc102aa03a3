import { Command, CommanderError } from 'commander';
import { LgsError, UsageError } from '../errors.js';
import type { CliIo } from './cli-io.js';
import { ALL_COMMANDS } from './commands/all-commands.js';

/**
 * `lgs …`: the command tree. Only the commands' definitions are loaded here; each action imports what it
 * needs when it runs, so `lgs --help` and the commands that never print start without vega, puppeteer,
 * pdf.js or bullmq.
 */
export function buildProgram(io: CliIo): Command {
  const program = new Command('lgs')
    .description('LGS Reports: warehouse, metrics and reports for London Gift Shop')
    .showHelpAfterError()
    // `lgs predict --json` and `lgs predict backtest --json`: options belong to the command they follow.
    .enablePositionalOptions()
    // Set before the commands are added, which inherit both: help and errors go to the given streams and
    // end the parse with an exit code instead of exiting the process.
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  for (const command of ALL_COMMANDS) command.register(program, io);
  return program;
}

/** Runs one command line (without `node lgs`) and gives its exit code: 0 done, 1 failed, 2 bad usage. */
export async function runLgs(args: readonly string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander has printed its message (an unknown command or option, a missing argument, an invalid
    // value): bad usage, as documented, unless it only showed the help or the version.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (isSystemError(error)) {
      io.stderr.write(`lgs: ${error.message}\n`);
      return 1;
    }
    if (!(error instanceof LgsError)) throw error;
    io.stderr.write(`lgs: ${error.message}\n`);
    if (error.cause instanceof Error && !error.message.includes(error.cause.message)) io.stderr.write(`  cause: ${error.cause.message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

/**
 * What the operating system refused (a file that exists, a folder given as a file, a port in use, a full
 * disk): the operator's to fix, and Node's message says what and where, so a stack would only hide it.
 * Node's own `ERR_…` codes (a wrong argument type, an invalid URL) are programming errors and keep theirs.
 */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  if (!(error instanceof Error)) return false;
  const { code } = error as NodeJS.ErrnoException;
  return typeof code === 'string' && /^E[A-Z0-9_]+$/.test(code) && !code.startsWith('ERR_');
}
