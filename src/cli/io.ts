import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Everything the CLI does to the outside world, so that tests can run `main` in-process with
 * captured output and no terminal. `readFile` throws Node's errors (`code` = ENOENT, ...).
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (path: string) => Uint8Array;
  readonly readStdin: () => Promise<Uint8Array>;
  readonly writeFile: (path: string, text: string) => void;
  /** Use ANSI colour on stdout. */
  readonly colour: boolean;
}

/**
 * Colour only for a terminal, and never when NO_COLOR is set to anything but the empty
 * string (https://no-color.org: "present and not an empty string").
 */
export function wantsColour(isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

async function readAllStdin(): Promise<Uint8Array> {
  // Waiting for a person to type a trace file is never what `-` meant.
  if (process.stdin.isTTY) throw new Error('stdin is a terminal; pipe a trace file in, e.g. `cat traces.json | tracelinks check -`');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const all = Buffer.concat(chunks);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

let pipeGuardInstalled = false;
/**
 * `tracelinks check big.json | head` closes stdout early; Node then emits EPIPE as an
 * unhandled 'error' event, i.e. a stack trace. A closed pipe means nobody reads any more, so
 * stop quietly instead.
 */
export function guardBrokenPipe(): void {
  if (pipeGuardInstalled) return;
  pipeGuardInstalled = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

/** The real process: stdout/stderr, the file system, stdin. */
export function nodeIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readFile: (path) => {
      const buf = readFileSync(path);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    },
    readStdin: readAllStdin,
    writeFile: (path, text) => writeFileSync(path, text),
    colour: wantsColour(process.stdout.isTTY, process.env),
  };
}
