/**
 * An error the user can fix (a bad option, a missing file). `main` prints each line of its
 * message as `tracelinks: <line>` on stderr and exits with `exitCode` (2 = bad usage or an
 * unreadable input). Anything else thrown is a bug, but is still printed as one line, never
 * as a stack trace.
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
