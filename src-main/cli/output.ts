/** What the commands share for printing: results on stdout, one line at a time. */
import type { Command } from 'commander';

export const print = (s: string): void => void process.stdout.write(s + '\n');

/** How matched words are marked: bold yellow on a terminal, 【…】 where the output is kept (pipes, files). */
export function matchMarkers(): [open: string, close: string] {
  return process.stdout.isTTY ? ['\x1b[1;33m', '\x1b[0m'] : ['【', '】'];
}

/**
 * A usage error (bad arguments, not a bad file): one line on stderr, exit status 2. Commander's own
 * error, without the help that follows its parse errors, so it reads like every other error of the CLI.
 */
export function usageError(command: Command, message: string): never {
  command.showHelpAfterError(false);
  command.error(`docsearch: ${message}`, { exitCode: 2 });
}
