import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { CliError } from './cli-error';

function usageError(argv: string[]): string {
  try {
    parseArgs(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(2);
    return (err as CliError).message;
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be rejected`);
}

describe('parseArgs', () => {
  it('reads a command, its files in order and its flags wherever they stand', () => {
    expect(parseArgs(['check', 'a.json', '--json', 'b.json.gz'])).toEqual({
      kind: 'run',
      command: 'check',
      files: ['a.json', 'b.json.gz'],
      json: true,
    });
    expect(parseArgs(['summary', 'a.json'])).toEqual({ kind: 'run', command: 'summary', files: ['a.json'], json: false });
  });

  it('takes --out FILE, --out=FILE and -o FILE for mermaid', () => {
    for (const argv of [['mermaid', 'a.json', '--out', 'g.mmd'], ['mermaid', '--out=g.mmd', 'a.json'], ['mermaid', '-o', 'g.mmd', 'a.json']]) {
      expect(parseArgs(argv)).toEqual({ kind: 'run', command: 'mermaid', files: ['a.json'], json: false, out: 'g.mmd' });
    }
    expect(parseArgs(['mermaid', 'a.json', '--trace', 'ab12', '--trace=CD34'])).toMatchObject({ traces: ['ab12', 'CD34'] });
    expect(usageError(['mermaid', 'a.json', '--trace'])).toBe("option '--trace' needs a trace id");
    expect(usageError(['mermaid', 'a.json', '--out'])).toBe("option '--out' needs a file name");
    expect(usageError(['mermaid', 'a.json', '--out='])).toBe("option '--out' needs a file name");
  });

  it("treats '-' as stdin, once, and everything after '--' as files", () => {
    expect(parseArgs(['summary', '-'])).toMatchObject({ files: ['-'] });
    expect(parseArgs(['summary', '--', '--json', '-x'])).toMatchObject({ files: ['--json', '-x'], json: false });
    expect(usageError(['check', '-', '-'])).toMatch(/stdin/);
  });

  it('answers help and version at the top and per command; help wins over other mistakes', () => {
    expect(parseArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseArgs(['help', 'check'])).toEqual({ kind: 'help', command: 'check' });
    expect(parseArgs(['check', '-h'])).toEqual({ kind: 'help', command: 'check' });
    expect(parseArgs(['mermaid', '--bogus', '--help'])).toEqual({ kind: 'help', command: 'mermaid' });
    expect(parseArgs(['--version'])).toEqual({ kind: 'version' });
    // after `--`, `--help` is a file name
    expect(parseArgs(['check', '--', '--help'])).toMatchObject({ kind: 'run', files: ['--help'] });
  });

  it('rejects unknown commands and options, naming them, and a run without files', () => {
    expect(usageError([])).toMatch(/no command/);
    expect(usageError(['lint', 'a.json'])).toMatch(/unknown command 'lint'/);
    expect(usageError(['help', 'lint'])).toMatch(/unknown command 'lint'/);
    expect(usageError(['--json'])).toMatch(/unknown option '--json'/);
    expect(usageError(['check', 'a.json', '--jsno'])).toMatch(/unknown option '--jsno' for 'check'/);
    expect(usageError(['summary', 'a.json', '--out', 'x'])).toMatch(/unknown option '--out' for 'summary'/);
    expect(usageError(['check', '--json=yes', 'a.json'])).toBe("option '--json' takes no value");
    expect(usageError(['check', '--json'])).toMatch(/no input files/);
    for (const argv of [[], ['lint'], ['check', '--x']]) expect(usageError(argv)).not.toContain('\n');
  });

  it('reads --max-inflated sizes in bytes, K, M and G (powers of 1024)', () => {
    expect(parseArgs(['check', 'a.gz', '--max-inflated', '2G'])).toMatchObject({ maxInflatedBytes: 2 * 1024 ** 3 });
    expect(parseArgs(['summary', '--max-inflated=512MiB', 'a.gz'])).toMatchObject({ maxInflatedBytes: 512 * 1024 ** 2 });
    expect(parseArgs(['mermaid', 'a.gz', '--max-inflated', '1000'])).toMatchObject({ maxInflatedBytes: 1000 });
    expect(usageError(['check', 'a.gz', '--max-inflated', '0'])).toMatch(/needs a size/);
    expect(usageError(['check', 'a.gz', '--max-inflated'])).toMatch(/needs a size/);
  });
});
