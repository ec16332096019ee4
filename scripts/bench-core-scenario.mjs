#!/usr/bin/env node
/**
 * The core part of one benchmark scenario, in a process of its own (scripts/bench.mjs spawns it
 * with --expose-gc, so the heap figures are this scenario's alone):
 *
 *   node --expose-gc scripts/bench-core-scenario.mjs <manifest.json> [--runs 5]
 *
 * The manifest is the one scripts/gen-scenarios.ts wrote next to the files. First the cold
 * figures: one JSON.parse of the files, then one read + analyse + layout, the first the process
 * runs (the JIT has compiled nothing yet: a user's first load in a fresh worker or CLI). That pass
 * also measures memory: heap used after a GC before, read + analyse + layout holding everything
 * the worker holds (the read results, the analysis, both layouts), heap used after a GC again
 * (retained), the largest heap used seen between the steps (peak, before any GC) and the
 * process's max RSS (the kernel's high-water mark; the files' bytes are already in it).
 * Then untimed warm-up rounds (bench-method.mjs `warmUp`), then
 * --runs timed rounds, each: the baseline (every file decoded and JSON.parse'd, a JSON Lines file
 * line by line, summed), readTraceFile of every file + analyse (parse+build), and the layout the
 * app's worker runs (layoutGraph and the trace-level overview together, src/app/worker/core-deps.ts).
 * Each timed step follows a young-generation GC, the same for both sides; warm-up and GC as
 * scripts/bench-method.mjs says (not a full GC: it would drop the JIT's optimized code). Prints
 * one line `RESULT <json>` with medians and every run.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { timed, timedAsync, warmUp } from './bench-method.mjs';

register();

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(argv[0], 'utf8'));
const runs = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 5;
const gc = globalThis.gc ?? (() => {});

const { readTraceFile } = await import(`${root}src/core/readers/index.ts`);
const { analyse } = await import(`${root}src/core/analyse.ts`);
const { coreDeps } = await import(`${root}src/app/worker/core-deps.ts`);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;

const files = manifest.files.map((f) => ({ ...f, bytes: new Uint8Array(readFileSync(f.path)) }));

function jsonParseAll() {
  for (const f of files) {
    const text = new TextDecoder().decode(f.bytes);
    if (f.format !== 'otlp-jsonl') {
      JSON.parse(text);
      continue;
    }
    for (let at = 0; at < text.length; ) {
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      if (end > at) JSON.parse(text.slice(at, end));
      at = end + 1;
    }
  }
}

/** Read time by format in the current round (incident-500 mixes four). */
let byFormat = {};
const readAll = () =>
  files.map((f) => {
    const t0 = performance.now();
    const r = readTraceFile(f.name, f.bytes);
    byFormat[f.format] = (byFormat[f.format] ?? 0) + performance.now() - t0;
    return r;
  });
const layoutAll = (analysis) => Promise.all([coreDeps.layout(analysis.graph), coreDeps.overview(analysis.graph, analysis.diagnostics)]);

// ---- memory: one untimed pass ---------------------------------------------------------------------
/** Everything the worker holds after a load, measured; all of it is dropped on return. */
async function measureMemory() {
  gc();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  const sample = () => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed));
  // Timed as the warm rounds are (bench-method.mjs), the heap samples outside the timed steps.
  const read = timed(readAll);
  sample();
  const analysed = timed(() => analyse(read.value));
  sample();
  const laid = await timedAsync(() => layoutAll(analysed.value));
  sample();
  const held = read.value;
  const analysis = analysed.value;
  const layouts = laid.value;
  const cold = { readMs: read.ms, analyseMs: analysed.ms, layoutMs: laid.ms };
  const maxRss = process.resourceUsage().maxRSS * 1024;
  gc();
  const after = process.memoryUsage();
  const memory = {
    heapBeforeBytes: before.heapUsed,
    heapRetainedBytes: after.heapUsed - before.heapUsed,
    heapPeakBytes: peakHeap - before.heapUsed,
    rssBeforeBytes: before.rss,
    rssPeakBytes: maxRss,
  };
  // Still reachable here, so the GC above kept them: the retained figure is theirs.
  return { memory, cold, summary: analysis.summary, kept: held.length + layouts.length };
}
// After a full GC, as the cold read in the memory pass (which needs one for its heap baseline).
gc();
const coldParseMs = timed(jsonParseAll).ms;
const { memory, cold, summary } = await measureMemory();

// ---- timed rounds -----------------------------------------------------------------------------------
const parse = [];
const read = [];
const analyseMs = [];
const layout = [];
const formatRuns = [];
const warmUpRounds = await warmUp(async () => {
  jsonParseAll();
  await layoutAll(analyse(readAll()));
});
for (let i = 0; i < runs; i++) {
  parse.push(timed(jsonParseAll).ms);
  byFormat = {};
  const r = timed(readAll);
  const a = timed(() => analyse(r.value));
  read.push(r.ms);
  formatRuns.push(byFormat);
  analyseMs.push(a.ms);
  layout.push((await timedAsync(() => layoutAll(a.value))).ms);
}
const parseBuild = read.map((r, i) => r + analyseMs[i]);
const result = {
  jsonParseMs: round(median(parse)),
  readMs: round(median(read)),
  analyseMs: round(median(analyseMs)),
  parseBuildMs: round(median(parseBuild)),
  ratio: Number((median(parseBuild) / median(parse)).toFixed(2)),
  layoutMs: round(median(layout)),
  // The first load of the process (the memory pass), against the first JSON.parse.
  cold: {
    jsonParseMs: round(coldParseMs),
    readMs: round(cold.readMs),
    analyseMs: round(cold.analyseMs),
    parseBuildMs: round(cold.readMs + cold.analyseMs),
    ratio: Number(((cold.readMs + cold.analyseMs) / coldParseMs).toFixed(2)),
    layoutMs: round(cold.layoutMs),
  },
  warmUpRounds,
  ...(Object.keys(formatRuns[0] ?? {}).length > 1
    ? { readByFormat: Object.fromEntries(Object.keys(formatRuns[0]).map((k) => [`${k}Ms`, round(median(formatRuns.map((f) => f[k])))])) }
    : {}),
  ...memory,
  summary,
  runsMs: { jsonParse: parse.map(round), parseBuild: parseBuild.map(round), layout: layout.map(round) },
};
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
