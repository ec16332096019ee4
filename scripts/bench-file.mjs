#!/usr/bin/env node
/**
 * The single-file benchmark (`npm run bench:file`; `npm run bench` is the scenario suite, scripts/bench.mjs). Generates a seeded OTLP JSON file (100,000 spans, 20,000
 * links by default), then measures, median of 5 runs each:
 *   1. in one process: JSON.parse of the file's bytes vs readTraceFile + analyse of the same
 *      bytes (read + merge + graph + diagnose + summary); target ratio <= 2. As in the scenario
 *      suite (scripts/bench-core-scenario.mjs): the first round is timed apart (cold: the first
 *      load of the process), then untimed warm-up rounds, then the timed ones, each step after a
 *      young-generation GC (with --expose-gc, which `npm run bench:file` passes; why not a full
 *      one: scripts/bench-method.mjs);
 *      also the app's next step, layoutGraph, for information;
 *   2. spawned: `tracelinks summary <file>` (run as bin/tracelinks.mjs does, from a bundle built
 *      into bench/out/cli) vs a node process that only reads and JSON.parses the file; target <= 3;
 *   3. peak memory (max RSS, and V8 heap at exit) of both processes vs the file size; target < 10x.
 *   4. the app in headless Chromium vs React Flow alone, 2,000 and 100,000 spans
 *      (scripts/bench-app.mjs; results under `app`).
 * Prints a table and writes bench/out/results.json. No asserts: it reports.
 *
 * Options: --spans N --links N --seed N --runs N --missing R --keep (reuse an existing file);
 * --only core | --only app (just one part); for the app part also --no-big, --big-runs N.
 * The core is TypeScript, so this script registers tsx's loader before importing it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { timed, timedAsync, warmUp } from './bench-method.mjs';

register();

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${root}bench/out`;
const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const spans = arg('spans', 100_000);
const links = arg('links', 20_000);
const seed = arg('seed', 1);
const runs = arg('runs', 5);
const missing = arg('missing', 0.05);
const spansPerTrace = 20;
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
if (only === 'app') {
  const { runAppBench } = await import('./bench-app.mjs');
  await runAppBench(argv);
  process.exit();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => (x === undefined ? '-' : `${x.toFixed(0)} ms`);
const mb = (bytes) => (bytes === undefined ? '-' : `${(bytes / 1e6).toFixed(1)} MB`);
const ratio = (a, b) => (a === undefined || b === undefined ? undefined : a / b);
const fmtRatio = (r) => (r === undefined ? '-' : `${r.toFixed(2)}x`);

// ---- 1. the input -------------------------------------------------------------------------------
mkdirSync(outDir, { recursive: true });
const file = `${outDir}/bench-${spans}-${links}-s${seed}.json`;
if (!argv.includes('--keep') || !existsSync(file)) {
  const { generateOtlp } = await import('./gen-traces.ts');
  const traces = Math.ceil(spans / spansPerTrace);
  writeFileSync(file, generateOtlp({ traces, spansPerTrace, links, missingRatio: missing, seed }));
}
const fileBytes = statSync(file).size;
const bytes = new Uint8Array(readFileSync(file));
console.log(`input: ${file} (${mb(fileBytes)}, ${spans} spans, ${links} links, seed ${seed})`);

// ---- 2. in one process --------------------------------------------------------------------------
// Timings are only comparable on an idle machine: the load is recorded with them.
const machine = () => ({ cpus: availableParallelism(), loadavg1m: Number(loadavg()[0].toFixed(2)) });
const results = { file, fileBytes, spans, links, seed, runs, node: process.version, machineAtStart: machine(), inProcess: {}, spawned: {}, memory: {} };
let core;
try {
  const readers = await import('../src/core/readers/index.ts');
  const analysis = await import('../src/core/analyse.ts');
  const layout = await import('../src/core/layout/elk-layout.ts');
  core = { readTraceFile: readers.readTraceFile, analyse: analysis.analyse, layoutGraph: layout.layoutGraph };
} catch (error) {
  console.log(`core not available yet, in-process step skipped: ${error.message.split('\n')[0]}`);
}

const parseTimes = [];
const readTimes = [];
const analyseTimes = [];
const layoutTimes = [];
let summary;
/** One round: JSON.parse, then read, analyse and layout (each step after a young-generation GC). */
async function round() {
  // The tree is not kept: the read that follows must not start beside it.
  const parsed = timed(() => void JSON.parse(new TextDecoder().decode(bytes)));
  if (!core) return { jsonParseMs: parsed.ms };
  const read = timed(() => core.readTraceFile('bench.json', bytes));
  const analysed = timed(() => core.analyse([read.value]));
  summary = analysed.value.summary;
  const laid = await timedAsync(() => core.layoutGraph(analysed.value.graph));
  return { jsonParseMs: parsed.ms, readMs: read.ms, analyseMs: analysed.ms, layoutMs: laid.ms };
}
// The first round is the cold one: the process's first load, before the JIT compiled anything.
const cold = await round();
const warmUpRounds = await warmUp(round);
for (let i = 0; i < runs; i++) {
  const r = await round();
  parseTimes.push(r.jsonParseMs);
  if (!core) continue;
  readTimes.push(r.readMs);
  analyseTimes.push(r.analyseMs);
  layoutTimes.push(r.layoutMs);
}
const parseMs = median(parseTimes);
const coreMs = core ? median(readTimes.map((r, i) => r + analyseTimes[i])) : undefined;
results.inProcess = {
  jsonParseMs: parseMs,
  readMs: core ? median(readTimes) : undefined,
  analyseMs: core ? median(analyseTimes) : undefined,
  readAndAnalyseMs: coreMs,
  ratio: ratio(coreMs, parseMs),
  target: 2,
  layoutMs: core ? median(layoutTimes) : undefined,
  warmUpRounds,
  cold: core ? { ...cold, readAndAnalyseMs: cold.readMs + cold.analyseMs, ratio: ratio(cold.readMs + cold.analyseMs, cold.jsonParseMs) } : undefined,
  summary,
};

// ---- 3. spawned processes, with their peak memory -----------------------------------------------
const probe = `${root}bench/peak-memory.mjs`;
// The CLI as `bin/tracelinks.mjs` runs it (import the bundle, call main), but from a bundle built
// here from the current sources, so the figures are for the code in the work tree.
const cliBundle = `${outDir}/cli/tracelinks.mjs`;
const build = spawnSync(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build', '--config', `${root}vite.cli.config.ts`, '--outDir', `${outDir}/cli`, '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
const cliBuilt = build.status === 0 && existsSync(cliBundle);
const cliCode = `const { main } = await import(${JSON.stringify(`file://${cliBundle}`)}); process.exitCode = await main(process.argv.slice(1));`;
const baselineCode = `JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'))`;

function spawnTimed(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', probe, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = performance.now() - t0;
  const line = (r.stderr ?? '').split('\n').find((l) => l.startsWith('PEAK_MEMORY '));
  const memory = line ? JSON.parse(line.slice('PEAK_MEMORY '.length)) : undefined;
  return { wall, status: r.status, memory, stdout: r.stdout, stderr: r.stderr };
}

const baseRuns = [];
const cliRuns = [];
for (let i = 0; i < runs; i++) {
  baseRuns.push(spawnTimed(['-e', baselineCode, file]));
  if (cliBuilt) cliRuns.push(spawnTimed(['--input-type=module', '-e', cliCode, 'summary', file]));
}
if (!cliBuilt) console.log(`could not build the CLI, step skipped: ${build.stderr.slice(0, 400)}`);
// `summary` exits 0, or 1 when it found broken links; anything else is a failed run, not a figure.
const cliFailed = cliRuns.find((r) => r.status !== 0 && r.status !== 1);
if (cliFailed) {
  console.log(`CLI exited ${cliFailed.status}, its timings are not reported: ${cliFailed.stderr.slice(0, 400)}`);
  cliRuns.length = 0;
}
const baseMs = median(baseRuns.map((r) => r.wall));
const cliMs = cliRuns.length ? median(cliRuns.map((r) => r.wall)) : undefined;
results.spawned = { jsonParseProcessMs: baseMs, cliSummaryMs: cliMs, ratio: ratio(cliMs, baseMs), target: 3, cliExit: cliFailed?.status ?? cliRuns[0]?.status };

const peak = (rs) => (rs.length && rs[0].memory ? Math.max(...rs.map((r) => r.memory?.maxRssBytes ?? 0)) : undefined);
const heap = (rs) => (rs.length && rs[0].memory ? Math.max(...rs.map((r) => r.memory?.heapTotalBytes ?? 0)) : undefined);
results.memory = {
  jsonParseProcess: { maxRssBytes: peak(baseRuns), heapTotalAtExitBytes: heap(baseRuns), rssPerFileByte: ratio(peak(baseRuns), fileBytes) },
  cliSummary: { maxRssBytes: peak(cliRuns), heapTotalAtExitBytes: heap(cliRuns), rssPerFileByte: ratio(peak(cliRuns), fileBytes) },
  target: 10,
};

// ---- 4. report ----------------------------------------------------------------------------------
const rows = [
  ['in process', 'JSON.parse (decode + parse)', ms(parseMs), ''],
  ['', 'readTraceFile', ms(results.inProcess.readMs), ''],
  ['', 'analyse (merge, graph, diagnose, summary)', ms(results.inProcess.analyseMs), ''],
  ['', 'read + analyse', ms(coreMs), `${fmtRatio(results.inProcess.ratio)} (target <= 2x)`],
  ['', 'cold: first read + analyse of the process', ms(results.inProcess.cold?.readAndAnalyseMs), `${fmtRatio(results.inProcess.cold?.ratio)} of its first JSON.parse (${ms(cold.jsonParseMs)})`],
  ['', 'layoutGraph (info)', ms(results.inProcess.layoutMs), ''],
  ['processes', 'node -e JSON.parse(file)', ms(baseMs), ''],
  ['', 'tracelinks summary', ms(cliMs), `${fmtRatio(results.spawned.ratio)} (target <= 3x)`],
  ['memory', 'JSON.parse process, max RSS', mb(results.memory.jsonParseProcess.maxRssBytes), `${fmtRatio(results.memory.jsonParseProcess.rssPerFileByte)} file`],
  ['', 'tracelinks summary, max RSS', mb(results.memory.cliSummary.maxRssBytes), `${fmtRatio(results.memory.cliSummary.rssPerFileByte)} file (target < 10x)`],
  ['', 'tracelinks summary, V8 heap at exit', mb(results.memory.cliSummary.heapTotalAtExitBytes), ''],
];
const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length)));
results.machineAtEnd = machine();
const load = `load ${results.machineAtStart.loadavg1m} -> ${results.machineAtEnd.loadavg1m} on ${results.machineAtEnd.cpus} CPUs`;
console.log(`\nmedian of ${runs} runs after ${warmUpRounds} warm-up rounds, file ${mb(fileBytes)}, node ${process.version}, ${load}`);
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
if (summary) console.log(`\nsummary: ${JSON.stringify(summary)}`);
writeFileSync(`${outDir}/results.json`, JSON.stringify(results, null, 2) + '\n');
console.log(`\nwrote ${outDir}/results.json`);

// ---- 5. the app in Chromium (adds `app` to results.json) ----------------------------------------
if (only !== 'core') {
  const { runAppBench } = await import('./bench-app.mjs');
  await runAppBench(argv);
}
