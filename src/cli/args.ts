import { CliError } from './cli-error';

export const COMMANDS = ['summary', 'check', 'mermaid'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** What the command line asks for. Parsing never reads files: `files` are names as given. */
export type ParsedArgs =
  | { readonly kind: 'help'; readonly command?: CommandName }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'run';
      readonly command: CommandName;
      /** Input files in order; `-` means stdin (at most once). */
      readonly files: readonly string[];
      readonly json: boolean;
      /** `mermaid --out FILE`; undefined (or `-`) writes to stdout. */
      readonly out?: string;
      /** `mermaid --trace ID` (repeatable): draw only these traces (ids or id prefixes). */
      readonly traces?: readonly string[];
      /** `--max-inflated SIZE`: the most a gzip input may inflate to, in bytes. */
      readonly maxInflatedBytes?: number;
    };

/** The options each command takes besides `--help`. A value option is followed by its value. */
const OPTIONS: Record<CommandName, Record<string, 'flag' | 'value'>> = {
  summary: { '--json': 'flag', '--max-inflated': 'value' },
  check: { '--json': 'flag', '--max-inflated': 'value' },
  mermaid: { '--out': 'value', '-o': 'value', '--trace': 'value', '--max-inflated': 'value' },
};

function isCommand(word: string): word is CommandName {
  return (COMMANDS as readonly string[]).includes(word);
}

/**
 * Parses `argv` (without `node` and the script). Throws {@link CliError} with a one-line
 * message for anything it does not understand; `--help` wins over other mistakes so that a
 * user who asks for help always gets it.
 *
 * @example parseArgs(['check', 'a.json', '--json']) // { kind: 'run', command: 'check', files: ['a.json'], json: true }
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv;
  if (first === undefined) {
    throw new CliError('no command given; try `tracelinks summary FILE...`, or `tracelinks --help`');
  }
  if (first === '--help' || first === '-h') return { kind: 'help' };
  if (first === '--version' || first === '-V') return { kind: 'version' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { kind: 'help' };
    if (isCommand(topic)) return { kind: 'help', command: topic };
    throw new CliError(`unknown command '${topic}' (commands: ${COMMANDS.join(', ')})`);
  }
  if (first.startsWith('-') && first !== '-') {
    throw new CliError(`unknown option '${first}'; give a command first (${COMMANDS.join(', ')}), see \`tracelinks --help\``);
  }
  if (!isCommand(first)) {
    throw new CliError(`unknown command '${first}' (commands: ${COMMANDS.join(', ')}); see \`tracelinks --help\``);
  }
  return parseCommandArgs(first, rest);
}

function parseCommandArgs(command: CommandName, args: readonly string[]): ParsedArgs {
  const endOfOptions = args.indexOf('--');
  const optionPart = endOfOptions < 0 ? args : args.slice(0, endOfOptions);
  if (optionPart.includes('--help') || optionPart.includes('-h')) return { kind: 'help', command };

  const options = OPTIONS[command];
  const files: string[] = [];
  let json = false;
  let out: string | undefined;
  const traces: string[] = [];
  let maxInflatedBytes: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (i === endOfOptions) {
      files.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      files.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const kind = options[name];
    if (kind === undefined) {
      const known = Object.keys(options).concat('--help').join(', ');
      throw new CliError(`unknown option '${name}' for '${command}' (options: ${known})`);
    }
    if (kind === 'flag') {
      if (eq >= 0) throw new CliError(`option '${name}' takes no value`);
      json = true; // the only flag so far
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (name === '--trace') {
      if (value === undefined || value === '') throw new CliError(`option '--trace' needs a trace id`);
      traces.push(value);
    } else if (name === '--max-inflated') {
      maxInflatedBytes = parseSize(value);
    } else {
      if (value === undefined || value === '') throw new CliError(`option '${name}' needs a file name`);
      out = value;
    }
  }

  if (files.length === 0) {
    throw new CliError(`no input files; give one or more trace files to '${command}', or - for stdin`);
  }
  if (files.filter((f) => f === '-').length > 1) throw new CliError("stdin ('-') can be read only once");
  return {
    kind: 'run',
    command,
    files,
    json,
    ...(out === undefined ? {} : { out }),
    ...(traces.length === 0 ? {} : { traces }),
    ...(maxInflatedBytes === undefined ? {} : { maxInflatedBytes }),
  };
}

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * A size such as `2G`, `512M`, `1.5GiB` or `100000` (bytes; K, M, G are powers of 1024).
 * @example parseSize('512M') === 536870912
 */
export function parseSize(value: string | undefined): number {
  const m = value === undefined ? null : /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(value);
  const bytes = m === null ? NaN : Number(m[1]) * UNITS[m[2]!.toLowerCase()]!;
  if (!Number.isFinite(bytes) || bytes < 1) {
    throw new CliError(`option '--max-inflated' needs a size such as 512M or 2G (got '${value ?? ''}')`);
  }
  return Math.floor(bytes);
}
