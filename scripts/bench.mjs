#!/usr/bin/env node
/**
 * The benchmark suite (`npm run bench`, issue #6): a report, not a timed test. Seven seeded
 * scenarios (scripts/gen-scenarios.ts: small-2k, fanout-10k, deep-10k, incident-500, huge-100k,
 * bundle-200MB, over-limit-600MB), each measured side by side with its baseline in the same run,
 * median of --runs (5):
 *
 *   core, in Node (scripts/bench-core-scenario.mjs, a process per scenario): JSON.parse of the
 *     same bytes vs readTraceFile + analyse (parse+build; target <= 2x; warm, and the process's
 *     first load apart as `cold`), the worker's layout, heap retained and peak, max RSS;
 *   CLI, for the two big ones: `tracelinks summary FILE` (a bundle of the work tree) vs a process
 *     that only reads and JSON.parses the file (scripts/bench-parse-baseline.mjs), MB/s, max RSS;
 *     over-limit-600MB is measured through the CLI only (past V8's string limit);
 *   app, in headless Chromium (scripts/bench-scenarios-app.mjs): drop to interactive, long tasks,
 *     pan/zoom frame time p95, DOM nodes, heap; React Flow alone beside it for small-2k, fanout-10k.
 *
 * Writes bench/results.json (committed; every figure and the machine) at --scale 1, else
 * bench/out/results-x<scale>.json. A subset run replaces only its scenarios in the file.
 *
 * Options:
 *   --scenario a,b     a subset (default: all seven)
 *   --runs N           runs per figure (5)      --scale X   sizes times X (1), for trying it out
 *   --seed N           generator seed (1)       --regen     write the inputs again (else kept
 *                                               under bench/out/scenarios for the same seed/scale)
 *   --only core|app    one part (core includes the CLI figures)
 *   --check            run, write bench/out/check.json, and exit 1 when a time-like figure or ratio
 *                      is more than 20% worse than in bench/results.json (or --against FILE)
 *   --table            print the README's markdown tables from bench/results.json (or --results
 *                      FILE) and exit; with --readme, put them in README.md between its
 *                      bench:table markers instead; --results FILE also sets where a run writes
 *   --app-source auto|worktree|head   which sources the app is built from (bench-app.mjs)
 *
 * The single-file benchmark of before is `npm run bench:file` (scripts/bench-file.mjs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { cliSummary, compareResults, failures, markdownTable } from './bench-report.mjs';

register();

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
const num = (name, fallback) => (opt(name) === undefined ? fallback : Number(opt(name)));
const committed = `${root}bench/results.json`;

if (argv.includes('--table')) {
  const table = markdownTable(JSON.parse(readFileSync(opt('results') ?? committed, 'utf8')));
  if (argv.includes('--readme')) {
    // Between the markers in the README's Benchmark section; nothing else in the file changes.
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const [open, close] = ['<!-- bench:table -->', '<!-- /bench:table -->'];
    const a = readme.indexOf(open);
    const b = readme.indexOf(close);
    if (a < 0 || b < a) throw new Error(`README.md has no ${open} ... ${close} markers`);
    writeFileSync(`${root}README.md`, `${readme.slice(0, a + open.length)}\n${table}${readme.slice(b)}`);
    console.log('README.md: benchmark table replaced');
  } else process.stdout.write(table);
  process.exit(0);
}

const { parseScenarioList, scenarioPlan, writeScenario } = await import('./gen-scenarios.ts');
const names = parseScenarioList(opt('scenario'));
const runs = num('runs', 5);
const scale = num('scale', 1);
const seed = num('seed', 1);
const only = opt('only');
const check = argv.includes('--check');
const outDir = `${root}bench/out/scenarios`;
const resultsFile = check ? `${root}bench/out/check.json` : (opt('results') ?? (scale === 1 ? committed : `${root}bench/out/results-x${scale}.json`));
mkdirSync(outDir, { recursive: true });

const load = () => Number(loadavg()[0].toFixed(2));
function machine() {
  const model = /model name\s*:\s*(.*)/.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? cpus()[0]?.model;
  return { cpu: model, cores: availableParallelism(), memoryGiB: Math.round(totalmem() / 2 ** 30), os: `${process.platform} ${release()}`, node: process.version };
}

/** The commit measured, and whether src/ had changes not in it (BENCH_COMMIT names it outside a checkout). */
function codeMeasured() {
  const git = (args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const head = git(['rev-parse', '--short', 'HEAD']);
  if (head.status !== 0) return { commit: process.env.BENCH_COMMIT ?? 'unknown', srcChanged: false };
  return { commit: head.stdout.trim(), srcChanged: git(['status', '--porcelain', '--', 'src']).stdout.trim() !== '' };
}

const results = {
  version: 1,
  measuredAt: new Date().toISOString(),
  machine: { ...machine(), loadavg1mStart: load() },
  options: { runs, scale, seed },
  code: codeMeasured(),
  scenarios: {},
};
const save = () => {
  let all = results;
  if (!check && existsSync(resultsFile)) {
    // A subset run replaces its scenarios and keeps the others (with the machine they were on).
    try {
      const old = JSON.parse(readFileSync(resultsFile, 'utf8'));
      if (old.options?.scale === scale) {
        // Within a scenario too: `--only app` keeps its core figures, and the other way round.
        const merged = { ...old.scenarios };
        for (const [name, s] of Object.entries(results.scenarios)) merged[name] = { ...old.scenarios?.[name], ...s };
        all = { ...results, scenarios: merged };
      }
    } catch {
      // unreadable: replaced
    }
  }
  writeFileSync(resultsFile, JSON.stringify(all, null, 2) + '\n');
};

// ---- the inputs ---------------------------------------------------------------------------------
const written = [];
for (const name of names) {
  const t0 = performance.now();
  const w = writeScenario(name, outDir, { seed, scale, keep: !argv.includes('--regen') });
  written.push(w);
  const mb = (w.stats.bytes / 1e6).toFixed(1);
  console.log(`${name}: ${w.stats.traces} trace${w.stats.traces === 1 ? "" : "s"}, ${w.stats.spans} spans, ${w.stats.links} links (${w.stats.missingTrace + w.stats.missingSpan} missing), ${w.files.length} file(s), ${mb} MB${w.reused ? ', kept' : `, written in ${((performance.now() - t0) / 1000).toFixed(1)} s`}`);
  results.scenarios[name] = {
    description: scenarioPlan(name, scale).description,
    input: { files: w.files.length, formats: [...new Set(w.files.map((f) => f.format))], bytes: w.stats.bytes, ...w.stats, missing: w.stats.missingTrace + w.stats.missingSpan },
  };
}

// ---- core, in Node, a process per scenario --------------------------------------------------------
const CLI_SCENARIOS = new Set(['bundle-200MB', 'over-limit-600MB']);
const CLI_ONLY_CORE = { 'over-limit-600MB': 'CLI only: the file is past V8\'s string limit (512 MiB), so readTraceFile and JSON.parse of it whole cannot run' };
const probe = `${root}bench/peak-memory.mjs`;

function spawnTimed(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = performance.now() - t0;
  const line = (r.stderr ?? '').split('\n').find((l) => l.startsWith('PEAK_MEMORY '));
  return { wall, status: r.status, memory: line ? JSON.parse(line.slice('PEAK_MEMORY '.length)) : undefined, stdout: r.stdout, stderr: r.stderr };
}
const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return s.length === 0 ? undefined : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => (x === undefined ? undefined : Math.round(x * 10) / 10);

let cliBundle;
function buildCli() {
  if (cliBundle !== undefined) return cliBundle;
  const dir = `${outDir}/cli`;
  const r = spawnSync(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build', '--config', `${root}vite.cli.config.ts`, '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
  cliBundle = r.status === 0 && existsSync(`${dir}/tracelinks.mjs`) ? `${dir}/tracelinks.mjs` : null;
  if (!cliBundle) console.log(`could not build the CLI: ${(r.stderr || r.stdout).slice(0, 400)}`);
  return cliBundle;
}

/** `tracelinks summary FILE` (as bin/tracelinks.mjs runs it) vs a JSON.parse-only process, median of runs. */
function cliFigures(file) {
  const bundle = buildCli();
  if (!bundle) return { error: 'the CLI did not build' };
  const cliCode = `const { main } = await import(${JSON.stringify(`file://${bundle}`)}); process.exitCode = await main(process.argv.slice(1));`;
  // As bin/tracelinks.mjs runs it: past 256 MiB of input, in a node with 64 MB semi-spaces (it
  // spawns a second node for that; here the one measured process gets the flag, so its max RSS
  // is the whole run's).
  const flags = file.bytes > 256 * 1024 * 1024 ? ['--max-semi-space-size=64'] : [];
  const base = [];
  const cli = [];
  for (let i = 0; i < runs; i++) {
    base.push(spawnTimed(['--import', probe, `${root}scripts/bench-parse-baseline.mjs`, file.path]));
    cli.push(spawnTimed([...flags, '--import', probe, '--input-type=module', '-e', cliCode, 'summary', file.path]));
  }
  // `summary` exits 0, or 1 when it found broken links; anything else is a failed run.
  const failed = cli.find((r) => r.status !== 0 && r.status !== 1) ?? base.find((r) => r.status !== 0);
  if (failed) return { error: `exit ${failed.status}: ${failed.stderr.slice(0, 300)}` };
  const ms = median(cli.map((r) => r.wall));
  const baseMs = median(base.map((r) => r.wall));
  return {
    summaryMs: round(ms),
    jsonParseProcessMs: round(baseMs),
    ratio: Number((ms / baseMs).toFixed(2)),
    mbPerS: round(file.bytes / 1e6 / (ms / 1000)),
    baselineMbPerS: round(file.bytes / 1e6 / (baseMs / 1000)),
    maxRssBytes: Math.max(...cli.map((r) => r.memory?.maxRssBytes ?? 0)),
    baselineMaxRssBytes: Math.max(...base.map((r) => r.memory?.maxRssBytes ?? 0)),
    exit: cli[0].status,
    // What it reported, checked against the generator's counts (bench-report.mjs `failures`).
    summary: cliSummary(cli[0].stdout),
    runsMs: { summary: cli.map((r) => round(r.wall)), jsonParseProcess: base.map((r) => round(r.wall)) },
  };
}

if (only !== 'app') {
  for (const w of written) {
    const entry = results.scenarios[w.name];
    entry.loadavg1m = load();
    if (CLI_ONLY_CORE[w.name]) {
      entry.core = { skipped: CLI_ONLY_CORE[w.name] };
    } else {
      console.log(`core: ${w.name} (${runs} runs)`);
      const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=16384', `${root}scripts/bench-core-scenario.mjs`, `${w.dir}/manifest.json`, '--runs', String(runs)], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
      entry.core = line ? JSON.parse(line.slice('RESULT '.length)) : { error: `exit ${r.status}: ${(r.stderr ?? '').slice(-600)}` };
      const c = entry.core;
      console.log(c.error ? `  failed: ${c.error}` : `  JSON.parse ${c.jsonParseMs} ms, parse+build ${c.parseBuildMs} ms (${c.ratio}x; cold ${c.cold?.parseBuildMs} ms, ${c.cold?.ratio}x), layout ${c.layoutMs} ms, heap retained ${(c.heapRetainedBytes / 1e6).toFixed(0)} MB, peak ${(c.heapPeakBytes / 1e6).toFixed(0)} MB, max RSS ${(c.rssPeakBytes / 1e6).toFixed(0)} MB`);
    }
    if (CLI_SCENARIOS.has(w.name)) {
      console.log(`cli: ${w.name} (${runs} runs)`);
      entry.cli = cliFigures(w.files[0]);
      const c = entry.cli;
      console.log(c.error ? `  failed: ${c.error}` : `  tracelinks summary ${c.summaryMs} ms (${c.mbPerS} MB/s, max RSS ${(c.maxRssBytes / 1e6).toFixed(0)} MB) vs JSON.parse process ${c.jsonParseProcessMs} ms: ${c.ratio}x`);
    }
    save();
  }
}

// ---- app, in Chromium -----------------------------------------------------------------------------
if (only !== 'core') {
  const { runScenariosApp } = await import('./bench-scenarios-app.mjs');
  const app = await runScenariosApp(written, {
    runs,
    outDir,
    appSource: opt('app-source') ?? 'auto',
    onScenario: (name, figures) => {
      results.scenarios[name].app = figures;
      save();
    },
  });
  if (app.error) console.log(`app part skipped: ${app.error}`);
  results.app = { source: app.source, error: app.error };
  results.machine.chromium = app.chromium;
}
if (!results.machine.chromium) {
  const { findChromium } = await import('./chromium.mjs');
  const bin = findChromium();
  if (bin) results.machine.chromium = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim();
}
results.machine.loadavg1mEnd = load();
save();
console.log(`\nwrote ${resultsFile}\n`);
const written_ = JSON.parse(readFileSync(resultsFile, 'utf8'));
process.stdout.write(markdownTable(written_));

if (check) {
  const against = opt('against') ?? committed;
  const { regressions, compared } = compareResults(JSON.parse(readFileSync(against, 'utf8')), results);
  const failed = failures(results);
  console.log(`\ncheck against ${against}: ${compared} figures compared`);
  for (const r of regressions) console.log(`  REGRESSION ${r.path}: ${r.before} -> ${r.after} (${r.change})`);
  for (const f of failed) console.log(`  FAILED ${f.path}: ${f.problem}`);
  if (regressions.length || failed.length) {
    console.log(`${regressions.length} figure(s) more than 20% worse, ${failed.length} part(s) failed or wrong`);
    process.exit(1);
  }
  console.log('no figure more than 20% worse, every part ran and reported the generated counts');
}
