/**
 * What scripts/bench.mjs makes of a results file (bench/results.json): the README's markdown
 * tables (`npm run bench -- --table`) and the regression check (`npm run bench -- --check`).
 */

/** Targets of issue #6, by size: at most 10,000 spans, or more. */
export const TARGETS = {
  ratio: 2,
  small: { spans: 10_000, longTaskMs: 50, frameP95Ms: 16.7 },
  large: { longTaskMs: 200, frameP95Ms: 33 },
  /** The 600 MB collector file through `tracelinks summary`: at least this fast, in less than this. */
  cli: { mbPerS: 50, maxRssBytes: 2e9 },
};
const targetsFor = (spans) => (spans <= TARGETS.small.spans ? TARGETS.small : TARGETS.large);
/** Frames come at 60 Hz (16.7 ms apart, give or take a little): a p95 this far past is still on time. */
export const FRAME_JITTER_MS = 1;

const ms = (x) => (typeof x !== 'number' ? '-' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const mb = (x) => (typeof x !== 'number' ? '-' : x >= 1e9 ? `${(x / 1e9).toFixed(2)} GB` : `${(x / 1e6).toFixed(x >= 1e7 ? 0 : 1)} MB`);
const int = (x) => (typeof x !== 'number' ? '-' : x.toLocaleString('en-US'));
const mark = (ok) => (ok ? '' : ' **(missed)**');

function inputCell(s) {
  const i = s.input ?? {};
  const formats = i.formats?.length > 1 ? `, ${i.files} files in ${i.formats.length} formats` : i.files > 1 ? `, ${i.files} files` : '';
  return `${int(i.traces)} trace${i.traces === 1 ? '' : 's'}, ${int(i.spans)} spans, ${int(i.links)} links${i.missing ? ` (${int(i.missing)} missing)` : ''}${formats}, ${mb(i.bytes)}`;
}

function coreCells(c, spans) {
  if (!c) return ['not measured', '-', '-', '-'];
  if (c.skipped) return ['CLI only', '-', '-', '-'];
  if (c.error) return ['failed', '-', '-', '-'];
  return [
    ms(c.jsonParseMs),
    `${ms(c.parseBuildMs)} (**${c.ratio.toFixed(2)}x**${mark(c.ratio <= TARGETS.ratio)}${c.cold ? `; cold ${ms(c.cold.parseBuildMs)}, ${c.cold.ratio.toFixed(2)}x` : ''})`,
    ms(c.layoutMs),
    `${mb(c.heapRetainedBytes)} / ${mb(c.heapPeakBytes)}${spans > 0 ? ` (${Math.round(c.heapRetainedBytes / spans)} B a span)` : ''}; RSS ${mb(c.rssPeakBytes)}`,
  ];
}

function appCells(a, spans) {
  if (!a) return ['not measured', '-', '-', '-', '-'];
  if (a.skipped) return [a.skipped.split(':')[0], '-', '-', '-', '-'];
  if (a.error) return [`failed: ${a.error.slice(0, 80)}`, '-', '-', '-', '-'];
  const t = targetsFor(spans);
  const b = a.reactFlowAlone;
  const both = (x, y, f) => (b ? `${f(x)} / ${f(y)}` : f(x));
  return [
    b ? `${ms(a.dropToInteractiveMs)} / ${ms(b.dropToInteractiveMs)} (${a.ratio?.toFixed(2)}x)` : ms(a.dropToInteractiveMs),
    `${a.longTaskWorstMs ? ms(a.longTaskWorstMs) : 'none'}${mark((a.longTaskWorstMs ?? 0) <= t.longTaskMs)}${b ? ` / ${b.longTaskWorstMs ? ms(b.longTaskWorstMs) : 'none'}` : ''}`,
    `${both(a.panZoomFrameP95Ms, b?.panZoomFrameP95Ms, (x) => (typeof x === 'number' ? `${x.toFixed(1)} ms` : '-'))}${mark((a.panZoomFrameP95Ms ?? Infinity) <= t.frameP95Ms + FRAME_JITTER_MS)}`,
    `${both(a.domNodes, b?.domNodes, int)}; ${int(a.flowNodes)} nodes (${a.level})`,
    `main ${mb(a.heapRetainedBytes)} / ${mb(a.heapPeakBytes)}${a.workerHeapRetainedBytes !== undefined ? `; worker ${mb(a.workerHeapRetainedBytes)} / ${mb(a.workerHeapPeakBytes)}` : ''}`,
  ];
}

/** The README's tables, from a results file. */
export function markdownTable(results) {
  const m = results.machine ?? {};
  const o = results.options ?? {};
  const lines = [];
  lines.push(
    `Measured ${results.measuredAt?.slice(0, 10) ?? ''} on ${m.cpu ?? '?'} (${m.cores} cores), ${m.memoryGiB} GiB, ${m.os ?? ''}, Node ${m.node?.replace(/^v/, '')}, ${m.chromium ? `Chromium ${m.chromium.replace(/^Chromium /, '').replace(/ built on.*/, '')}` : 'no Chromium'} headless without GPU; load average ${m.loadavg1mStart} at the start, ${m.loadavg1mEnd} at the end; median of ${o.runs} runs, seed ${o.seed}${o.scale !== 1 ? `, **scale ${o.scale}**` : ''}${results.code ? `; code at ${results.code.commit}${results.code.srcChanged ? ' with uncommitted changes in src/' : ''}` : ''}.`,
    '',
    '| scenario | input | `JSON.parse` | parse+build (ratio, target <= 2x; cold: first load of the process) | layout | Node heap retained / peak (retained a span, target about 1 KB); max RSS | drop to interactive (app / React Flow alone) | worst long task (target) | pan/zoom frame p95 (target) | DOM elements; React Flow nodes | tab heap retained / peak |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const [name, s] of Object.entries(results.scenarios ?? {})) {
    const spans = s.input?.spans ?? 0;
    const t = targetsFor(spans);
    const app = appCells(s.app, spans);
    app[1] = `${app[1]} (${t.longTaskMs} ms)`;
    app[2] = `${app[2]} (${t.frameP95Ms} ms)`;
    lines.push(`| ${name} | ${inputCell(s)} | ${[...coreCells(s.core, spans), ...app].join(' | ')} |`);
  }
  const cli = Object.entries(results.scenarios ?? {}).filter(([, s]) => s.cli);
  if (cli.length) {
    lines.push('', `| CLI, \`tracelinks summary FILE\` | file | time | throughput (target ${TARGETS.cli.mbPerS} MB/s) | \`JSON.parse\`-only process | ratio | max RSS (x file; target under ${mb(TARGETS.cli.maxRssBytes)}) |`, '|---|---|---|---|---|---|---|');
    for (const [name, s] of cli) {
      const c = s.cli;
      if (c.error) lines.push(`| ${name} | ${mb(s.input?.bytes)} | failed: ${c.error.slice(0, 80)} | | | | |`);
      else lines.push(`| ${name} | ${mb(s.input?.bytes)} | ${ms(c.summaryMs)} | ${c.mbPerS} MB/s${mark(c.mbPerS >= TARGETS.cli.mbPerS)} | ${ms(c.jsonParseProcessMs)} (${c.baselineMbPerS} MB/s) | ${c.ratio.toFixed(2)}x | ${mb(c.maxRssBytes)} (${(c.maxRssBytes / s.input.bytes).toFixed(1)}x)${mark(c.maxRssBytes < TARGETS.cli.maxRssBytes)} |`);
    }
  }
  const failed = failures(results);
  lines.push(
    '',
    failed.length === 0
      ? `Every part ran, and each reported the counts the generator wrote (${SUMMARY_KEYS.join(', ')}).`
      : `**Failed or miscounted:** ${failed.map((f) => `${f.path}: ${f.problem}`).join('; ')}.`,
  );
  return lines.join('\n') + '\n';
}

/** Figures compared by --check: our own times and ratios (the baselines' are shown, not judged). */
const BASELINE_KEYS = new Set(['jsonParseMs', 'jsonParseProcessMs', 'baselineMbPerS']);
const HIGHER_IS_BETTER = new Set(['mbPerS']);
/** Below this many milliseconds apart, a time is noise whatever the percentage. */
export const NOISE_MS = 5;

function figures(results) {
  const out = new Map();
  const walk = (prefix, value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const [k, v] of Object.entries(value)) {
      // `cold` is one sample (the process's first load): shown, too noisy to judge by 20%.
      if (k === 'runsMs' || k === 'reactFlowAlone' || k === 'summary' || k === 'input' || k === 'cold') continue;
      const path = `${prefix}.${k}`;
      if (typeof v === 'number' && (/Ms$/.test(k) || k === 'ratio' || HIGHER_IS_BETTER.has(k)) && !BASELINE_KEYS.has(k)) out.set(path, { key: k, value: v });
      else walk(path, v);
    }
  };
  for (const [name, s] of Object.entries(results.scenarios ?? {})) walk(name, s);
  return out;
}

/**
 * Figures more than 20% worse in `after` than in `before` (and, for times, more than NOISE_MS
 * apart); figures absent from either are not compared.
 */
export function compareResults(before, after, tolerance = 0.2) {
  const a = figures(before);
  const b = figures(after);
  const regressions = [];
  let compared = 0;
  for (const [path, { key, value: old }] of a) {
    const now = b.get(path)?.value;
    if (now === undefined) continue;
    compared++;
    const worse = HIGHER_IS_BETTER.has(key) ? now < old / (1 + tolerance) : now > old * (1 + tolerance) && (!/Ms$/.test(key) || now - old > NOISE_MS);
    if (worse) regressions.push({ path, before: old, after: now, change: old === 0 ? 'from 0' : `${(((now - old) / old) * 100).toFixed(0)}%` });
  }
  return { regressions, compared };
}

/** The counts a scenario's generator wrote, which every part's summary must give (DIAGNOSTICS.md's keys). */
export const SUMMARY_KEYS = ['traces', 'spans', 'links', 'missingTrace', 'missingSpan'];

/**
 * What went wrong in a run, whatever the figures: a part (core, cli, app) that failed, or whose
 * summary is not the counts the generator wrote (`input`), or an app part that did not run. Each
 * `{ path, problem }`. `--check` fails on any, as on a regression.
 */
export function failures(results) {
  const out = [];
  if (results.app?.error) out.push({ path: 'app', problem: results.app.error });
  for (const [name, s] of Object.entries(results.scenarios ?? {})) {
    for (const part of ['core', 'cli', 'app']) {
      const p = s[part];
      if (p === undefined || p.skipped !== undefined) continue;
      if (p.error !== undefined) {
        out.push({ path: `${name}.${part}`, problem: p.error });
        continue;
      }
      if (p.failedRuns !== undefined) out.push({ path: `${name}.${part}`, problem: `${p.failedRuns} run(s) failed: ${p.failure}` });
      if (p.summary === undefined || s.input === undefined) {
        out.push({ path: `${name}.${part}.summary`, problem: 'no summary to check' });
        continue;
      }
      const wrong = SUMMARY_KEYS.filter((k) => p.summary[k] !== s.input[k]);
      if (wrong.length > 0) out.push({ path: `${name}.${part}.summary`, problem: wrong.map((k) => `${k} ${p.summary[k]}, expected ${s.input[k]}`).join('; ') });
    }
  }
  return out;
}

/** The counts `tracelinks summary` printed (its text form: `  traces   2001`), by SUMMARY_KEYS. */
export function cliSummary(stdout) {
  const out = {};
  for (const k of SUMMARY_KEYS) {
    const m = new RegExp(`^\\s+${k}\\s+(\\d+)\\s*$`, 'm').exec(stdout);
    if (m) out[k] = Number(m[1]);
  }
  return out;
}
