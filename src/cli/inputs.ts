import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createTraceStreamReader } from '../core/readers/stream';
import type { ReadResult } from '../core/readers/types';
import { CliError } from './cli-error';
import { InputChangedError } from '../core/readers/stream-places';
import { nodeIo } from './io';
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

/** Bytes read from a file (or stdin) at a time and pushed to the stream reader. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/** The process's own stdin reader: when the CLI runs on it, stdin is streamed in chunks too. */
const PROCESS_STDIN = nodeIo().readStdin;

/**
 * Reads every input in chunks of CHUNK_BYTES into the core's stream reader (a file larger than
 * its buffer is never held whole, nor as one string: a 600 MB file reads like a small one).
 * Every file is opened before any is read, so that one run names every missing file.
 * `bufferBytes`: the stream reader's (files up to it are read whole; tests stream small files).
 *
 * @throws CliError (exit 2) naming each file that cannot be opened or read.
 */
export async function readInputResults(files: readonly string[], io: CliIo, maxInflatedBytes: number, bufferBytes?: number): Promise<ReadResult[]> {
  const failures: string[] = [];
  const opened: ({ file: string; fd: number; size: number; mtimeMs: number; regular: boolean } | { file: string; stdin: true })[] = [];
  for (const file of files) {
    if (file === '-') {
      opened.push({ file: STDIN_NAME, stdin: true });
      continue;
    }
    try {
      const fd = openSync(file, 'r');
      const stat = fstatSync(fd);
      if (stat.isDirectory()) {
        closeSync(fd);
        throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      }
      opened.push({ file, fd, size: stat.size, mtimeMs: stat.mtimeMs, regular: stat.isFile() });
    } catch (err) {
      failures.push(describeReadError(file, err));
    }
  }
  if (failures.length > 0) {
    for (const o of opened) if ('fd' in o) closeSync(o.fd);
    throw new CliError(failures.join('\n'));
  }
  const results: ReadResult[] = [];
  const buffer = new Uint8Array(CHUNK_BYTES);
  for (const o of opened) {
    // A regular file can be read again: its spans are then kept as columns, not objects. A pipe,
    // a FIFO or a device given by name (`<(zcat f.gz)`, /dev/stdin) cannot: reopening it would
    // wait for a writer or fail to seek.
    const again = 'fd' in o && o.regular ? { readBytes: bytesAgain(o.file, o.size, o.mtimeMs) } : {};
    const reader = createTraceStreamReader(o.file, { maxInflatedBytes, ...again, ...(bufferBytes === undefined ? {} : { bufferBytes }) });
    try {
      if ('fd' in o) {
        for (let n = readSync(o.fd, buffer); n > 0; n = readSync(o.fd, buffer)) reader.push(buffer.subarray(0, n));
      } else if (io.readStdin === PROCESS_STDIN && process.stdin.isTTY !== true) {
        for await (const chunk of process.stdin) reader.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array));
      } else {
        const all = await io.readStdin();
        for (let at = 0; at < all.length; at += CHUNK_BYTES) reader.push(all.subarray(at, at + CHUNK_BYTES));
      }
      results.push(reader.finish());
    } catch (err) {
      failures.push(describeReadError(o.file, err));
    } finally {
      if ('fd' in o) closeSync(o.fd);
    }
  }
  if (failures.length > 0) throw new CliError(failures.join('\n'));
  return results;
}

/**
 * The bytes `[offset, offset + length)` of `file` read again, for the spans the core kept as
 * columns (a span under a key already loaded, to tell a copy from a duplicate; the few a command
 * shows). Opened for each read: the core reads again only a few parts, and holds no descriptor.
 *
 * @throws InputChangedError (the core's, as when a part no longer holds its spans; exit 2) when
 *   the file is no longer the one that was read (its size or time changed).
 */
export function bytesAgain(file: string, size: number, mtimeMs: number): (offset: number, length: number) => Uint8Array {
  const changed = (): InputChangedError => new InputChangedError(`${file} changed while tracelinks read it: run it again once nothing is writing the file`);
  return (offset, length) => {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (err) {
      throw new CliError(describeReadError(file, err));
    }
    try {
      const stat = fstatSync(fd);
      if (stat.size !== size || stat.mtimeMs !== mtimeMs) throw changed();
      const out = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const n = readSync(fd, out, got, length - got, offset + got);
        if (n === 0) throw changed();
        got += n;
      }
      return out;
    } finally {
      closeSync(fd);
    }
  };
}
