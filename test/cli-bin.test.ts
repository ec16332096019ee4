import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUMMARY_KEYS } from '../src/core/graph/types';

// The CLI as users run it: the bundled bin in a child process, and `npx tracelinks` from the
// repo root (npm resolves the package's own `bin`, links it into its npx cache and runs it).
const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = (path: string): string => fileURLToPath(new URL(`../../shared/fixtures/${path}`, import.meta.url));
const bundle = `${root}build/cli/tracelinks.mjs`;

beforeAll(() => {
  // `npm ci` builds it (prepare); build it here when a checkout skipped that.
  if (!existsSync(bundle)) execFileSync('npm', ['run', 'build:cli'], { cwd: root, stdio: 'pipe' });
}, 120_000);

/** An OTLP document of `n` spans in one trace, each linking to a span of a trace that is not loaded. */
function manyBrokenLinks(n: number) {
  const hex = (i: number, len: number) => (i + 1).toString(16).padStart(len, '0');
  const spans = Array.from({ length: n }, (_, i) => ({
    traceId: 'ab'.repeat(16),
    spanId: hex(i, 16),
    name: `span-${i}`,
    links: [{ traceId: 'cd'.repeat(16), spanId: hex(i, 16) }],
  }));
  return { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans }] }] };
}

function tracelinks(args: string[]) {
  return spawnSync(process.execPath, ['bin/tracelinks.mjs', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('bin/tracelinks.mjs', () => {
  it('runs large inputs in a second node with a larger young generation: same output, exit code, streams', () => {
    const file = fixture('otlp-json/opentelemetry-bash_context_propagation_http_curl_otlp.json');
    const broken = join(mkdtempSync(join(tmpdir(), 'tl-large-')), 'broken.json');
    writeFileSync(broken, JSON.stringify(manyBrokenLinks(3)));
    const env = { ...process.env, NO_COLOR: '1' };
    const probe = "process.on('exit', () => process.stderr.write(`\\nSEMI ${process.execArgv.join(' ')}\\n`))";
    const run = (args: string[], threshold?: number) =>
      spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(probe)}`, 'bin/tracelinks.mjs', ...args], {
        cwd: root,
        encoding: 'utf8',
        env: threshold === undefined ? env : { ...env, TRACELINKS_LARGE_INPUT_BYTES: String(threshold) },
      });
    for (const args of [['summary', '--json', file], ['check', broken]]) {
      const small = run(args);
      const large = run(args, 0);
      expect(large.status).toBe(small.status);
      expect(large.stdout).toBe(small.stdout);
      expect(small.stderr).not.toContain('--max-semi-space-size');
      expect(large.stderr).toContain('--max-semi-space-size=64');
    }
    expect(run(['check', broken], 0).status).toBe(1);
  });

  it('summary --json prints the summary of the fixture and exits 0', () => {
    const r = tracelinks(['summary', '--json', fixture('otlp-json/opentelemetry-bash_context_propagation_http_curl_otlp.json')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual([...SUMMARY_KEYS, 'diagnostics']);
    expect(out).toMatchObject({ traces: 2, spans: 6, links: 2, brokenLinks: 0 });
  });

  it('check exits 1 on broken links, and the exit code reaches the shell', () => {
    const r = tracelinks(['check', fixture('otlp-json/jaeger_memory_otel_traces_01.json')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/8 links, 4 broken\n$/);
  });

  it('a missing file is one line on stderr and exit 2, without a stack trace', () => {
    const r = tracelinks(['check', 'no-such-file.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('tracelinks: cannot read no-such-file.json: no such file\n');
  });

  it('a closed pipe (`| head`) ends the run quietly, without an EPIPE stack trace', () => {
    // Enough broken links that the report is far larger than a pipe buffer (64 KiB).
    const file = join(mkdtempSync(join(tmpdir(), 'tracelinks-bin-')), 'many-links.json');
    writeFileSync(file, JSON.stringify(manyBrokenLinks(5000)));
    const r = spawnSync('bash', ['-c', 'node bin/tracelinks.mjs check "$1" | head -n 2', 'bash', file], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toHaveLength(3);
    rmSync(file);
  });
});

describe('bin/tracelinks.mjs without a bundle', () => {
  it('builds the bundle first (the app build empties dist/), keeping stdout clean', () => {
    // A copy of the bin and the CLI build config, sharing src and node_modules: the shared
    // dist/ of the checkout is never touched.
    const copy = mkdtempSync(join(tmpdir(), 'tracelinks-heal-'));
    cpSync(`${root}bin`, join(copy, 'bin'), { recursive: true });
    for (const file of ['package.json', 'vite.cli.config.ts']) cpSync(`${root}${file}`, join(copy, file));
    symlinkSync(`${root}src`, join(copy, 'src'));
    symlinkSync(`${root}node_modules`, join(copy, 'node_modules'));
    try {
      const r = spawnSync(process.execPath, [join(copy, 'bin/tracelinks.mjs'), 'summary', '--json', fixture('otlp-json/jaeger_memory_otel_traces_01.json')], {
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ spans: 4, links: 8 });
      expect(existsSync(join(copy, 'build/cli/tracelinks.mjs'))).toBe(true);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('npx tracelinks', () => {
  it('--help works from the repo root without a global install', () => {
    // npm_config_offline: resolving the package's own bin must not need the registry.
    const r = spawnSync('npx', ['tracelinks', '--help'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage:\n  tracelinks summary FILE...');
  }, 120_000);
});
