/** Runs the CLI's `main` in-process with captured output, for tests. */
import type { CliIo } from './io';
import { main } from './main';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `main(argv)` with stdout and stderr captured; stdin, when a test needs it, comes in `extra`. */
export async function runCli(argv: string[], extra: Partial<CliIo> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => {
      throw new Error('no stdin in this test');
    },
    colour: false,
    ...extra,
  });
  return { code, stdout, stderr };
}
