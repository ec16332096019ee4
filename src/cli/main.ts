import { version } from '../../package.json';
import { parseArgs } from './args';
import { CliError } from './cli-error';
import { InputChangedError } from '../core/readers/stream-places';
import { EXIT_BAD_INPUT, runCheck, runMermaid, runSummary } from './commands';
import { COMMAND_HELP, TOP_HELP } from './help';
import { guardBrokenPipe, nodeIo, type CliIo } from './io';

/**
 * The `tracelinks` command line. Returns the exit code; never throws and never prints a stack
 * trace: every failure becomes `tracelinks: <message>` on stderr and exit 2.
 *
 * @param io what to use instead of the real process (tests pass captured stdout/stderr);
 *   fields left out fall back to the process's own.
 * @example process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], io?: Partial<CliIo>): Promise<number> {
  if (io === undefined) guardBrokenPipe();
  const full: CliIo = { ...nodeIo(), ...io };
  try {
    const args = parseArgs(argv);
    switch (args.kind) {
      case 'help':
        full.stdout(args.command === undefined ? TOP_HELP : COMMAND_HELP[args.command]);
        return 0;
      case 'version':
        full.stdout(`${version}\n`);
        return 0;
      case 'run': {
        const run = args.command === 'summary' ? runSummary : args.command === 'check' ? runCheck : runMermaid;
        return await run(args, full);
      }
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // A file changed while it was read is the input's fault, not ours: said as it is.
    const told = err instanceof CliError || err instanceof InputChangedError;
    const lines = told ? message.split('\n') : [`internal error: ${message.split('\n')[0] ?? ''}`];
    for (const line of lines) full.stderr(`tracelinks: ${line}\n`);
    // A changed input is bad input (exit 2), as a CliError says its own code.
    return err instanceof CliError ? err.exitCode : EXIT_BAD_INPUT;
  }
}
