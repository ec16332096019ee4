import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusCases, type CorpusCase } from './corpus/generate';
import { runCli, type Run } from '../src/cli/run.testutil';

// The hostile-input corpus through the CLI: `main` in-process for every case, and the bundled
// bin in a child process for a few. A file that cannot be read at all: exit 2 and one
// `tracelinks: …` line on stderr naming it. A file read in part: its problems in the report, its
// counts in the summary. Never a stack trace.

// Generated once for this file, at collection (the test list is the case list); removed after.
const dir = mkdtempSync(join(tmpdir(), 'tracelinks-corpus-cli-'));
const cases = corpusCases(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = (path: string): string => fileURLToPath(new URL(`../../shared/fixtures/${path}`, import.meta.url));
/** 4 spans in 2 traces, 8 links of which 4 broken (SOURCES.md). */
const GOOD = fixture('otlp-json/jaeger_memory_otel_traces_01.json');

const STACK = /\n\s+at .*:\d+:\d+/;
const ESC = String.fromCharCode(27);

const run = runCli;

/** The one stderr line of a file that could not be read: names it, says what the core said. */
function expectOneLine(stderr: string, c: CorpusCase): void {
  const lines = stderr.split('\n');
  expect(lines, stderr).toHaveLength(2); // one line and its newline
  expect(lines[1]).toBe('');
  expect(lines[0]).toMatch(/^tracelinks: /);
  expect(lines[0]).toContain(c.file);
  if (c.expect.message !== undefined) expect(lines[0]).toMatch(new RegExp(c.expect.message.replace(/\\\((line|byte) .*$/, '')));
}

function expectNoStack(r: Run): void {
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.stdout.slice(0, 100_000)).not.toMatch(STACK);
}

/** The zip bombs inflate 512 MiB (the CLI's ceiling) before they are refused: one command each. */
const costly = (c: CorpusCase): boolean => c.expect.codes.includes('input.too-large');

describe.each(cases)('$name', (c) => {
  it('check: exit 2 and one stderr line when nothing reads; else the problems in the report', async () => {
    const r = await run(['check', c.file]);
    expectNoStack(r);
    const lines = r.stdout.trimEnd().split('\n');
    const count = lines.at(-1)!;
    expect(count).toMatch(/^(\d+ problems? \(.*\)|no problems); (\d+ links?, (none|\d+) broken)$/);
    const inputLines = lines.filter((l) => l.startsWith('error input.'));
    for (const l of inputLines) expect(l).toContain(c.file);
    if (!c.expect.loads) {
      expect(r.code).toBe(2);
      expectOneLine(r.stderr, c);
      expect(inputLines.length).toBeGreaterThan(0);
    } else {
      expect(r.stderr).toBe('');
      const broken = Number(/(\d+) broken$/.exec(count)?.[1] ?? 0);
      expect(r.code).toBe(broken > 0 ? 1 : 0);
      for (const code of c.expect.codes) expect(lines.some((l) => l.split(' ')[1] === code), code).toBe(true);
    }
    // Data never reaches the terminal as control characters (ANSI escapes in span names).
    expect(r.stdout.includes(ESC)).toBe(false);
  }, 30_000);

  it.skipIf(costly(c))('summary: the counts, and the file with its spans and problems', async () => {
    const r = await run(['summary', c.file]);
    expectNoStack(r);
    const lines = r.stdout.split('\n');
    const fileLine = lines.find((l) => l.startsWith(`  ${c.file}  `));
    // The table: `  spans  7`; the diagnostics: `  warning link.missing-trace  4`.
    const spans = Number(lines.find((l) => /^ {2}spans +\d+$/.test(l))?.trim().split(/ +/)[1]);
    const byCode = new Map(lines.filter((l) => /^ {2}(error|warning|info) +\S+ +\d+$/.test(l)).map((l) => l.trim().split(/ +/).slice(1) as [string, string]));
    for (const code of c.expect.codes) expect([...byCode.keys()]).toContain(code);
    if (c.expect.spans !== undefined) expect(spans).toBe(c.expect.spans);
    if (!c.expect.loads) {
      expect(r.code).toBe(2);
      expectOneLine(r.stderr, c);
      expect(fileLine).toMatch(/\((not read|[a-z-]+, 0 spans), \d+ problems?\)$/);
    } else {
      expect(r).toMatchObject({ code: 0, stderr: '' });
      // The file's own line: its format, the spans it held (before the merge), its problems.
      const problems = [...byCode].filter(([code]) => code.startsWith('input.')).reduce((n, [, count]) => n + Number(count), 0);
      expect(fileLine).toMatch(new RegExp(`\\([a-z-]+, \\d+ spans?${problems === 0 ? '' : `, ${problems} problems?`}\\)$`));
    }
  }, 30_000);
});

describe('several files at once', () => {
  const named = (name: string): string => cases.find((c) => c.file.endsWith(`/${name}`))!.file;

  it('what reads is counted, each file that does not is one stderr line, exit 2', async () => {
    const bad = [named('not-json.txt'), named('random-bytes.bin'), named('truncated.json.gz'), named('deep-wrappers.json')];
    const r = await run(['summary', '--json', GOOD, ...bad, named('otlp-one-bad-span.json'), named('deep-kvlist.json')]);
    expectNoStack(r);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ spans: 4 + 3 + 2 });
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(bad.length);
    bad.forEach((file, i) => expect(lines[i]).toMatch(new RegExp(`^tracelinks: .*${file.split('/').pop()!.replace(/\./g, '\\.')}`)));
  });

  it('a file with more than one problem is still one line, saying how many more there are', async () => {
    const r = await run(['summary', named('truncated.json.gz')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tracelinks: .*truncated\.json\.gz is cut short: [^\n]* \(and 1 more problem in this file\)\n$/);
  });

  it('stdin is named <stdin>', async () => {
    const r = await run(['check', '-'], { readStdin: async () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) });
    expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/^tracelinks: <stdin> is binary data, not text .*\n$/) });
  });

  it('mermaid draws what loaded of cycles and hostile names, and exits 2 only for unreadable files', async () => {
    for (const name of ['parent-cycle.json', 'link-cycle.json', 'self-parent.json', 'ansi-escapes.json', 'lone-surrogates.json', 'deep-kvlist.json']) {
      const r = await run(['mermaid', named(name)]);
      expectNoStack(r);
      expect(r, name).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(/^(flowchart|graph) /);
    }
    const r = await run(['mermaid', named('empty.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`tracelinks: ${named('empty.json')} is empty.\n`);
  });
});

describe('bin/tracelinks.mjs in a child process', () => {
  // The bin runs the bundle next to it: build one from the current sources into a copy, so the
  // checkout's build/ (shared with other tests) is left alone and never stale here.
  const copy = mkdtempSync(join(tmpdir(), 'tracelinks-corpus-bin-'));
  const bin = join(copy, 'bin', 'tracelinks.mjs');
  beforeAll(() => {
    mkdirSync(join(copy, 'bin'));
    copyFileSync(join(root, 'bin', 'tracelinks.mjs'), bin);
    const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    execFileSync(process.execPath, [vite, 'build', '--config', 'vite.cli.config.ts', '--outDir', join(copy, 'build', 'cli'), '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'pipe',
    });
  }, 120_000);
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  const tracelinks = (args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });

  it.each(['empty.json', 'random-bytes.bin', 'not-gzip.json.gz', 'deep-json-arrays.json', 'zip-bomb-1gb.gz'])(
    '%s: exit 2, one line on stderr naming it, no stack trace',
    (name) => {
      const c = cases.find((x) => x.file.endsWith(`/${name}`))!;
      const r = tracelinks(['check', c.file]);
      expect(r.status).toBe(2);
      expectOneLine(r.stderr, c);
      expect(r.stderr).not.toMatch(STACK);
    },
    60_000,
  );

  it.each(['otlp-one-bad-span.json', 'deep-kvlist.json', 'gzip-trailing-junk.json.gz', 'truncated-lines.jsonl.gz'])(
    '%s: read in part, its problems and counts reported, exit 0',
    (name) => {
      const c = cases.find((x) => x.file.endsWith(`/${name}`))!;
      const r = tracelinks(['summary', c.file]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`  ${c.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}  \\([a-z-]+, \\d+ spans?, \\d+ problems?\\)`));
      for (const code of c.expect.codes) expect(r.stdout).toContain(` ${code} `);
    },
    60_000,
  );
});
