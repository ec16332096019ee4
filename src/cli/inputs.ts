import { CliError } from './cli-error';
import type { CliIo } from './io';

/** The name stdin gets in messages and in `Span.source`. */
export const STDIN_NAME = '<stdin>';

export interface RawInput {
  /** The name as the user gave it (`<stdin>` for `-`). */
  readonly file: string;
  readonly data: Uint8Array;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
  EMFILE: 'too many open files',
};

/** One line for a failed read, without Node's `ENOENT: ..., open 'x'` noise. */
export function describeReadError(file: string, err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const reason =
    typeof code === 'string' && REASONS[code] !== undefined
      ? REASONS[code]
      : err instanceof Error
        ? err.message
        : String(err);
  return `cannot read ${file}: ${reason}`;
}

/**
 * Reads every input as bytes (the readers sniff gzip and text encodings from the bytes). All
 * files are tried before failing, so that one run names every missing file.
 *
 * @throws CliError (exit 2) naming each file that cannot be read.
 */
export async function readInputs(files: readonly string[], io: CliIo): Promise<RawInput[]> {
  const inputs: RawInput[] = [];
  const failures: string[] = [];
  for (const file of files) {
    try {
      inputs.push(file === '-' ? { file: STDIN_NAME, data: await io.readStdin() } : { file, data: io.readFile(file) });
    } catch (err) {
      failures.push(describeReadError(file === '-' ? STDIN_NAME : file, err));
    }
  }
  // One CliError carries every failure, a line each; main prefixes each line with `tracelinks: `.
  if (failures.length > 0) throw new CliError(failures.join('\n'));
  return inputs;
}
