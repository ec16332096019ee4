import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { SUMMARY_KEYS } from '../core/graph/types';
import { WALK_ABOVE } from '../core/readers/index';
import { runCli } from './run.testutil';

const fixture = (path: string): string => fileURLToPath(new URL(`../../../shared/fixtures/${path}`, import.meta.url));
// 4 spans in 2 traces, 8 links: per span one to a loaded span (…0004, a self-link for …0004
// itself) and one to trace 00000000000000ff… that is not loaded; every parent is missing (SOURCES.md).
const JAEGER_MEMORY = fixture('otlp-json/jaeger_memory_otel_traces_01.json');
// 6 spans in 2 traces, 2 links that both resolve (SOURCES.md).
const BASH_CURL = fixture('otlp-json/opentelemetry-bash_context_propagation_http_curl_otlp.json');

const dir = mkdtempSync(join(tmpdir(), 'tracelinks-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runCli;

const json = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;

describe('tracelinks summary', () => {
  it('--json prints exactly the summary keys plus diagnostics, with the counts of the file', async () => {
    const r = await run(['summary', JAEGER_MEMORY, '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const out = json(r.stdout);
    expect(Object.keys(out).sort()).toEqual([...SUMMARY_KEYS, 'diagnostics'].sort());
    expect(out).toMatchObject({ traces: 2, spans: 4, links: 8, brokenLinks: 4, missingTrace: 4, missingSpan: 0, invalidContext: 0, missingParent: 4 });
    const diags = out.diagnostics as Record<string, unknown>[];
    for (const d of diags) expect(Object.keys(d)).toEqual(expect.arrayContaining(['code', 'severity', 'message', 'hint', 'traceId', 'spanId']));
    expect(diags.filter((d) => d.code === 'link.missing-trace')).toHaveLength(4);
    expect(diags.filter((d) => d.code === 'link.self')).toEqual([
      expect.objectContaining({ traceId: '00000000000000010000000000000000', spanId: '0000000000000004' }),
    ]);
  });

  it('prints a table with the same numbers by default', async () => {
    const r = await run(['summary', BASH_CURL]);
    expect(r.code).toBe(0);
    const row = (key: string) => r.stdout.split('\n').find((l) => l.trim().startsWith(`${key} `))?.trim().split(/\s+/)[1];
    expect([row('traces'), row('spans'), row('links'), row('brokenLinks')]).toEqual(['2', '6', '2', '0']);
    expect(r.stdout).toContain(`${BASH_CURL}  (otlp-json, 6 spans)`);
  });

  it('merges several files, counts a span loaded twice once, and reads gzip and stdin by content', async () => {
    const both = json((await run(['summary', '--json', JAEGER_MEMORY, BASH_CURL, JAEGER_MEMORY])).stdout);
    expect(both).toMatchObject({ traces: 4, spans: 10, links: 10, brokenLinks: 4 });

    const gz = join(dir, 'curl-trace'); // no .gz suffix: the magic bytes decide
    writeFileSync(gz, gzipSync(readFileSync(BASH_CURL)));
    const bytes = new Uint8Array(readFileSync(JAEGER_MEMORY));
    const r = await run(['summary', '--json', gz, '-'], { readStdin: async () => bytes });
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ traces: 4, spans: 10, links: 10, brokenLinks: 4 });
  });

  it('--max-inflated sets the gzip ceiling: a file that inflates past it is refused, naming the file', async () => {
    const gz = join(dir, 'curl.json.gz');
    const bytes = readFileSync(BASH_CURL);
    writeFileSync(gz, gzipSync(bytes));
    const small = await run(['summary', '--json', '--max-inflated', '1K', gz]);
    expect(small.code).toBe(2);
    expect(small.stderr).toMatch(/^tracelinks: .*curl\.json\.gz.*/);
    expect(small.stderr.trim().split('\n')).toHaveLength(1);
    const enough = await run(['summary', '--json', `--max-inflated=${bytes.length}`, gz]);
    expect(enough.code).toBe(0);
    expect(json(enough.stdout)).toMatchObject({ spans: 6 });
    expect((await run(['summary', '--max-inflated', 'lots', gz])).stderr).toMatch(/needs a size such as 512M/);
  });

  it('still summarises what it could read when a file is not JSON, names that file on stderr, exits 2', async () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'these are not traces\n');
    const r = await run(['summary', '--json', BASH_CURL, notes]);
    expect(r.code).toBe(2);
    expect(json(r.stdout)).toMatchObject({ spans: 6 });
    expect(r.stderr).toMatch(/^tracelinks: .*notes\.txt/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('tracelinks check', () => {
  it('exits 1 on broken links, one line per problem with the span, target and hint, then a count line', async () => {
    const r = await run(['check', JAEGER_MEMORY]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    const missing = lines.filter((l) => l.startsWith('warning link.missing-trace  '));
    expect(missing).toHaveLength(4);
    for (const l of missing) {
      // the core's message names the span (service, name, brief ids) and the missing target trace
      expect(l).toMatch(/ service-x "test-general-conversion-[2-5]" \(trace 0…[12]0000000, span 0…[2-5]\): .*trace 0…ff000000/);
      expect(l).toContain('  hint: ');
    }
    expect(lines.at(-1)).toMatch(/^\d+ problems \(.*\); 8 links, 4 broken$/);
    expect(lines).toHaveLength((json((await run(['summary', '--json', JAEGER_MEMORY])).stdout).diagnostics as unknown[]).length + 1);
  });

  it('exits 0 when every link resolves', async () => {
    const r = await run(['check', BASH_CURL]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/2 links, none broken$/);
    expect(r.stdout).not.toContain('link.');
  });

  it('--json gives ok, the summary and the same diagnostics', async () => {
    const bad = json((await run(['check', '--json', JAEGER_MEMORY])).stdout);
    expect(bad.ok).toBe(false);
    expect(Object.keys(bad.summary as object)).toEqual([...SUMMARY_KEYS]);
    expect(bad.diagnostics).toEqual(json((await run(['summary', '--json', JAEGER_MEMORY])).stdout).diagnostics);
    const good = await run(['check', '--json', BASH_CURL]);
    expect(good.code).toBe(0);
    expect(json(good.stdout)).toMatchObject({ ok: true, summary: { links: 2, brokenLinks: 0 } });
  });

  it('exits 2 when an input cannot be read, listing it as an input error that names the file', async () => {
    const notes = join(dir, 'garbage.json');
    writeFileSync(notes, '{"resourceSpans": [');
    const r = await run(['check', JAEGER_MEMORY, notes]);
    expect(r.code).toBe(2);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('error input.'))).toEqual([expect.stringContaining('garbage.json')]);
    const j = await run(['check', '--json', notes]);
    expect(j.code).toBe(2);
    expect(json(j.stdout).ok).toBe(false);
    expect(j.stderr).toContain('garbage.json');
  });

  it('colours only when told to', async () => {
    expect((await run(['check', JAEGER_MEMORY])).stdout).not.toContain('\u001b[');
    expect((await run(['check', JAEGER_MEMORY], { colour: true })).stdout).toContain('\u001b[33mwarning\u001b[39m');
  });
});

describe('tracelinks mermaid', () => {
  it('prints a flowchart, or writes the same text to --out', async () => {
    const r = await run(['mermaid', JAEGER_MEMORY]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^(flowchart|graph) /);
    const out = join(dir, 'graph.mmd');
    const w = await run(['mermaid', JAEGER_MEMORY, '--out', out]);
    expect(w).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
  });
});

describe('a large OTLP document (read into columns)', () => {
  it('gives the same summary, problems and flowchart as the same spans in a small file', async () => {
    // Trailing white space past WALK_ABOVE characters: the file is read span by span into columns
    // (model/span-rows.ts) instead of as span objects; everything printed must be the same.
    const large = join(dir, 'large.json');
    writeFileSync(large, readFileSync(JAEGER_MEMORY, 'utf8') + ' '.repeat(WALK_ABOVE + 1));
    for (const argv of [['summary', '--json'], ['check'], ['check', '--json'], ['mermaid']]) {
      const small = await run([...argv, JAEGER_MEMORY]);
      const big = await run([...argv, large]);
      expect(big.code).toBe(small.code);
      expect(big.stderr).toBe(small.stderr);
      expect(big.stdout.replaceAll(large, JAEGER_MEMORY)).toBe(small.stdout);
    }
  });
});

describe('tracelinks mermaid --trace', () => {
  const UI_01 = fixture('jaeger/jaeger_uimodel_ui_01.json'); // one trace, 64-bit id 0000000000000001

  it('draws only the traces asked for, by id prefix in any case, or by a 64-bit id', async () => {
    const all = await run(['mermaid', UI_01, BASH_CURL]);
    expect(all.stdout).toContain('reference-test');
    expect(all.stdout).toContain('bash -e demo.sh');
    const curl = await run(['mermaid', UI_01, BASH_CURL, '--trace', '35636F49']);
    expect(curl.code).toBe(0);
    expect(curl.stdout).toContain('bash -e demo.sh');
    expect(curl.stdout).not.toContain('reference-test');
    const jaeger = await run(['mermaid', UI_01, BASH_CURL, '--trace', '0000000000000001']);
    expect(jaeger.stdout).toContain('reference-test');
    expect(jaeger.stdout).not.toContain('bash -e demo.sh');
  });

  it('names a trace id that matches nothing, exit 2', async () => {
    expect(await run(['mermaid', BASH_CURL, '--trace', 'ffff'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'tracelinks: --trace ffff: no loaded trace has that id\n',
    });
  });
});

describe('usage and failures', () => {
  it('prints help for the top level and each command on stdout, exit 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const r = await run(argv);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      for (const cmd of ['summary', 'check', 'mermaid']) expect(r.stdout).toContain(`tracelinks ${cmd} FILE...`);
    }
    for (const cmd of ['summary', 'check', 'mermaid']) {
      const r = await run([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout.startsWith(`Usage: tracelinks ${cmd} FILE...`)).toBe(true);
    }
  });

  it('prints the package version', async () => {
    const pkg = json(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'));
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${String(pkg.version)}\n`, stderr: '' });
  });

  it.each([
    [['summary', join(dir, 'missing.json')], `tracelinks: cannot read ${join(dir, 'missing.json')}: no such file\n`],
    [['check', BASH_CURL, '--colour'], "tracelinks: unknown option '--colour' for 'check' (options: --json, --max-inflated, --help)\n"],
    [['lint', BASH_CURL], /^tracelinks: unknown command 'lint'.*\n$/],
    [['check'], /^tracelinks: no input files.*\n$/],
    [[], /^tracelinks: no command given.*\n$/],
  ])('%j: one line on stderr, nothing on stdout, exit 2', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    if (typeof message === 'string') expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
  });

  it('turns an unexpected failure into one line, not a stack trace', async () => {
    const r = await run(['summary', BASH_CURL], {
      stdout: () => {
        throw new TypeError('stdout went away');
      },
    });
    expect(r).toMatchObject({ code: 2, stderr: 'tracelinks: internal error: stdout went away\n' });
  });
});
