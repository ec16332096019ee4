/**
 * The app benchmark (issue 4), part of `npm run bench` (`npm run bench -- --only app` runs it
 * alone). A report, not a test: no asserts. In headless Debian Chromium, everything on 127.0.0.1:
 *
 *   A. the real app (production build of the current sources, built into bench/out/app and
 *      served by a small static server): from setting the file input (after `clear` emptied the
 *      demo) to a rendered, interactive graph: the worker answered (data-state="ready", data-loads
 *      moved), span nodes are in the DOM, one more animation frame ran; then a real click on a
 *      span node must select it (its latency is reported too). Long tasks (PerformanceObserver
 *      'longtask', buffered) and mounted DOM nodes are recorded.
 *   B. React Flow alone (bench/rf-baseline, built into bench/out/rf-baseline): the same nodes and
 *      edges, computed here in Node by the app's own code (LoadSession with readTraceFile +
 *      analyse + layoutGraph, then toFlow), at the viewport the app ended on, in a canvas of the
 *      app's canvas size, with the app's node/edge types and React Flow options. Timed from
 *      setting the data to the frame after the first frame with span nodes in the DOM.
 *
 * Input: 2,000 spans in 200 traces, 1,000 links (scripts/gen-traces.ts, seeded). Median of
 * --runs (5) for A and B, runs interleaved; ratio A/B (target <= 2x); worst long task (target
 * < 200 ms). Then one 100,000-span run of A (100 traces x 1,000 spans, 20,000 links): time to
 * ready, worst long task, DOM nodes. Skip it with --no-big; --big-runs N for more runs;
 * --profile adds one profiled 2,000-span load (bench/out/app-load.cpuprofile, top functions).
 *
 * Results go into bench/out/results.json under `app` (the rest of the file is kept).
 */
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromiumPath, CHROMIUM_ARGS } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const VIEWPORT = { width: 1400, height: 900 };
const SMALL = { traces: 200, spansPerTrace: 10, links: 1000, missingRatio: 0.05, seed: 1 };
const BIG = { traces: 100, spansPerTrace: 1000, links: 20_000, missingRatio: 0.05, seed: 1 };
/** One load may take long (100,000 spans through the worker): no step waits forever, though. */
export const LOAD_TIMEOUT_MS = 10 * 60_000;

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => (x === undefined ? undefined : Math.round(x * 10) / 10);
const ms = (x) => (x === undefined ? '-' : `${x.toFixed(0)} ms`);
const machine = () => ({ cpus: availableParallelism(), loadavg1m: Number(loadavg()[0].toFixed(2)) });

// ---- static server on loopback ------------------------------------------------------------------
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves `dir` on 127.0.0.1 at a free port; `/` is index.html. Resolves to { url, close }. */
export function serve(dir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dir.endsWith(sep) ? dir : dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

function viteBuild(cwd, args) {
  const r = spawnSync(process.execPath, [`${cwd}/node_modules/vite/bin/vite.js`, 'build', ...args, '--logLevel', 'warn'], { cwd, encoding: 'utf8' });
  const esc = String.fromCharCode(27);
  return r.status === 0 ? undefined : `${r.stdout}\n${r.stderr}`.split(esc).map((p, i) => (i ? p.replace(/^\[[0-9;]*m/, '') : p)).join('').trim().slice(0, 600);
}

/**
 * Builds the app and the baseline into bench/out/{app,rf-baseline} from `srcRoot`. Returns an
 * error text, or undefined.
 */
function buildBoth(srcRoot, outDir) {
  return (
    viteBuild(srcRoot, ['--outDir', `${outDir}/app`, '--emptyOutDir']) ??
    viteBuild(srcRoot, ['--config', `${srcRoot}/bench/rf-baseline/vite.config.ts`, '--outDir', `${outDir}/rf-baseline`, '--emptyOutDir'])
  );
}

/**
 * The sources to measure: the work tree; or, when it does not build (someone is half-way
 * through an edit) or with `--app-source head`, the last commit (or `--app-source <commit>`, that one), exported by `git archive`
 * into a temporary directory (with this work tree's bench/rf-baseline and node_modules). Not
 * under bench/: tsconfig.node.json type-checks everything there.
 */
export function prepareSources(outDir, mode) {
  const tried = [];
  if (mode === 'auto' || mode === 'worktree') {
    const error = buildBoth(root.replace(/\/$/, ''), outDir);
    if (!error) return { srcRoot: root.replace(/\/$/, ''), source: 'work tree' };
    tried.push(`work tree: ${error}`);
    if (mode === 'worktree') return { error: tried.join('\n') };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tracelinks-bench-head-'));
  // 'head' and 'auto' export HEAD; any other mode names a commit to measure (e.g. `--app-source 355c0f3`).
  const rev = mode === 'head' || mode === 'auto' ? 'HEAD' : mode;
  const head = spawnSync('git', ['rev-parse', '--short', rev], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const exported = spawnSync('sh', ['-c', 'git archive --format=tar "$2" | tar -x -C "$1"', 'sh', dir, rev], { cwd: root, encoding: 'utf8' });
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  if (exported.status !== 0) return cleanup(), { error: [...tried, `git archive: ${exported.stderr}`].join('\n') };
  symlinkSync(`${root}node_modules`, `${dir}/node_modules`, 'dir');
  rmSync(`${dir}/bench/rf-baseline`, { recursive: true, force: true });
  cpSync(`${root}bench/rf-baseline`, `${dir}/bench/rf-baseline`, { recursive: true });
  const error = buildBoth(dir, outDir);
  if (error) return cleanup(), { error: [...tried, `HEAD ${head}: ${error}`].join('\n') };
  return { srcRoot: dir, cleanup, source: `${rev === 'HEAD' ? 'HEAD ' : 'commit '}${head}${tried.length ? ' (the work tree did not build)' : ''}`, workTreeError: tried[0] };
}

// ---- the input, and the baseline's nodes and edges computed with the app's own code -------------
async function inputFile(outDir, opts) {
  const spans = opts.traces * opts.spansPerTrace;
  const file = `${outDir}/app-${spans}-${opts.links}-s${opts.seed}.json`;
  if (!existsSync(file)) {
    const { generateOtlp } = await import('./gen-traces.ts');
    writeFileSync(file, generateOtlp(opts));
  }
  return { file, spans, links: opts.links, traces: opts.traces, bytes: statSync(file).size };
}

/**
 * What the worker and the canvas compute for some files (paths), with the app's own code: the
 * worker's LoadSession on the worker's dependencies (src/app/worker/core-deps.ts where it exists,
 * else readTraceFile + analyse + layoutGraph), then the elements FlowCanvas draws for the
 * default view (toFlow for spans; overviewToFlow where the app defaults to its trace-level view
 * for many traces, src/app/store/current-view.ts). Each step is timed in Node, for reference.
 */
export async function flowElements(files, srcRoot) {
  const load = (path) => import(pathToFileURL(`${srcRoot}/${path}`).href);
  const has = (path) => existsSync(`${srcRoot}/${path}`);
  const phases = {};
  const timed = (name, fn) => (...args) => {
    const t0 = performance.now();
    const out = fn(...args);
    const done = () => (phases[`${name}Ms`] = (phases[`${name}Ms`] ?? 0) + performance.now() - t0);
    if (out instanceof Promise) return out.then((v) => (done(), v));
    done();
    return out;
  };
  let deps;
  if (has('src/app/worker/core-deps.ts')) {
    deps = (await load('src/app/worker/core-deps.ts')).coreDeps;
  } else {
    const { readTraceFile } = await load('src/core/readers/index.ts');
    const { analyse } = await load('src/core/analyse.ts');
    const { layoutGraph } = await load('src/core/layout/elk-layout.ts');
    deps = { read: readTraceFile, analyse, layout: (g) => layoutGraph(g) };
  }
  const { LoadSession } = await load('src/app/worker/session.ts');
  const session = new LoadSession(Object.fromEntries(Object.entries(deps).map(([k, f]) => [k, typeof f === 'function' ? timed(k, f) : f])));
  const inputs = files.map((f) => ({ name: basename(f), data: new Uint8Array(readFileSync(f)) }));
  const { analysis } = await session.add(inputs, () => {});
  if (!analysis) throw new Error('the core found nothing in the benchmark input');

  const t0 = performance.now();
  const { problemTraces } = await load('src/app/store/derived.ts');
  const { toFlow } = await load('src/app/flow/to-flow.ts');
  const problems = problemTraces(analysis);
  let level = 'spans';
  let flow;
  if (has('src/app/store/current-view.ts')) {
    const { currentView, defaultLevel } = await load('src/app/store/current-view.ts');
    const view = currentView(analysis, defaultLevel(analysis), null, false);
    level = view.level;
    if (view.level !== 'traces') flow = toFlow(analysis.graph, analysis.layout, { problemTraces: problems, visibleTraces: view.traces });
    else {
      const { overviewToFlow } = await load('src/app/flow/overview-to-flow.ts');
      // What the app draws: alike traces stacked (since the trace level stacks them), else every trace.
      flow = has('src/core/layout/stacked-overview.ts')
        ? overviewToFlow((await load('src/core/layout/stacked-overview.ts')).drawnOverview(analysis.overview.graph, analysis.overview.layout, view.traces))
        : overviewToFlow(analysis.overview.graph, analysis.overview.layout, view.traces);
    }
  } else {
    flow = toFlow(analysis.graph, analysis.layout, { problemTraces: problems });
  }
  phases.toFlowMs = performance.now() - t0;
  return { nodes: flow.nodes, edges: flow.edges, level, summary: analysis.summary, nodePhases: phases };
}

// ---- page-side code -------------------------------------------------------------------------------
/** Before any page script: long tasks and event timings (buffered), the worker's messages. */
export function initScript() {
  const w = window;
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  w.__events = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      w.__events.push({ name: e.name, start: e.startTime, duration: e.duration, processingStart: e.processingStart, processingEnd: e.processingEnd });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  w.__workerMsgs = [];
  const Native = w.Worker;
  if (Native) {
    w.Worker = class extends Native {
      constructor(...args) {
        super(...args);
        // Added before the app's own listener, so it runs first: `data` is deserialised here.
        this.addEventListener('message', (e) => {
          const arrived = performance.now();
          const d = e.data;
          w.__workerMsgs.push({ type: d?.type, phase: d?.phase, arrived, deserialised: performance.now() });
        });
      }
    };
  }
}

/**
 * Arms the "graph drawn" measurement, the same for the app and the baseline; `window.__drawn`
 * resolves with the milestones (performance.now()). The clock starts at the file input's
 * `input`/`change` event (the app) or at `window.__start()` (the baseline). Drawn means: the
 * app is ready (`data-state="ready"`, `data-loads` past `before`; no condition for the
 * baseline), React Flow nodes are in the DOM, and React Flow's viewport is the same as at the
 * frame before, which also had nodes, i.e. the frame after the final view (the app fits the
 * view to the new graph a frame after mounting it) was drawn.
 */
export function armDrawn({ before, timeoutMs }) {
  const w = window;
  w.__longTasks = [];
  w.__events = [];
  w.__workerMsgs = [];
  const app = document.querySelector('[data-testid="app"]');
  const marks = {};
  const start = () => (marks.t0 ??= performance.now());
  w.__start = start;
  window.addEventListener('input', start, { capture: true, once: true });
  window.addEventListener('change', start, { capture: true, once: true });
  const isReady = () => app === null || (app.dataset.state === 'ready' && Number(app.dataset.loads) > before);
  const mo = app
    ? new MutationObserver(() => {
        if (marks.t0 !== undefined && marks.ready === undefined && isReady()) marks.ready = performance.now();
      })
    : undefined;
  mo?.observe(app, { attributes: true, attributeFilter: ['data-state', 'data-loads'] });
  const frames = [];
  w.__drawn = new Promise((resolve, reject) => {
    const deadline = performance.now() + timeoutMs;
    const tick = () => {
      const now = performance.now();
      if (now > deadline) return reject(new Error(`no graph drawn after ${timeoutMs} ms`));
      if (marks.t0 === undefined) return requestAnimationFrame(tick);
      const nodes = document.querySelectorAll('.react-flow__node').length;
      const transform = document.querySelector('.react-flow__viewport')?.style.transform ?? '';
      const ready = isReady();
      const prev = frames[frames.length - 1];
      frames.push({ t: now, nodes, transform, ready });
      if (!ready || nodes === 0) return requestAnimationFrame(tick);
      marks.ready ??= now;
      marks.nodesFrame ??= now;
      if (!prev || prev.nodes === 0 || !prev.ready || prev.transform !== transform) return requestAnimationFrame(tick);
      marks.drawnFrame = frames.find((f) => f.ready && f.nodes > 0 && f.transform === transform).t;
      marks.settled = now;
      marks.frames = frames.map((f) => ({ atMs: Math.round((f.t - marks.t0) * 10) / 10, nodes: f.nodes }));
      mo?.disconnect();
      resolve(marks);
    };
    requestAnimationFrame(tick);
  });
}

/**
 * DOM size, React Flow's viewport and canvas size, now; and the summary bar's `keys` (run in the
 * page, so given as an argument: bench-report.mjs SUMMARY_KEYS).
 */
export function snapshot(keys = []) {
  const vp = document.querySelector('.react-flow__viewport');
  const m = /translate\(([-\d.e]+)px,\s*([-\d.e]+)px\)\s*scale\(([-\d.e]+)\)/.exec(vp?.style.transform ?? '');
  const canvas = document.querySelector('.react-flow')?.getBoundingClientRect();
  const bar = document.querySelector('[data-testid="graph-summary"]');
  return {
    // What the summary bar says (its data-* attributes are the core's Summary).
    // An attribute the bar does not have (its empty state has few) is undefined, not 0.
    summary: bar && keys.length > 0
      ? Object.fromEntries(
          keys.map((k) => {
            const v = bar.getAttribute(`data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
            return [k, v === null ? undefined : Number(v)];
          }),
        )
      : undefined,
    domNodes: document.getElementsByTagName('*').length,
    flowNodes: document.querySelectorAll('.react-flow__node').length,
    spanNodes: document.querySelectorAll('.react-flow__node-span').length,
    traceSummaryNodes: document.querySelectorAll('.react-flow__node-traceSummary').length,
    flowEdges: document.querySelectorAll('.react-flow__edge').length,
    // Where the DOM elements are: React Flow's edges, edge labels, nodes, minimap, the rest.
    domBreakdown: Object.fromEntries(
      ['.react-flow__edges', '.react-flow__edgelabel-renderer', '.react-flow__nodes', '.react-flow__minimap', '.react-flow'].map((sel) => [
        sel.replace('.react-flow__', '').replace('.react-flow', 'react-flow (all)'),
        [...document.querySelectorAll(sel)].reduce((n, el) => n + el.getElementsByTagName('*').length + 1, 0),
      ]),
    ),
    viewport: m ? { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]) } : undefined,
    canvas: canvas ? { width: Math.round(canvas.width), height: Math.round(canvas.height) } : undefined,
  };
}

/**
 * A node to click, fully in view and not covered: a span (clicking selects it) or, in the
 * app's trace-level view, a trace summary (clicking opens the trace's spans). Its React Flow
 * id, kind and centre (page coordinates).
 */
function clickTarget() {
  const area = document.querySelector('.react-flow')?.getBoundingClientRect();
  if (!area) return undefined;
  for (const kind of ['span', 'traceSummary']) {
    for (const el of document.querySelectorAll(`.react-flow__node-${kind}`)) {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (r.left < area.left || r.right > area.right || r.top < area.top || r.bottom > area.bottom) continue;
      if (!el.contains(document.elementFromPoint(x, y))) continue;
      return { id: el.getAttribute('data-id'), kind, x, y };
    }
  }
  return undefined;
}

/**
 * Arms the click measurement: pointerdown, the response in the DOM (the span marked selected,
 * or the opened trace's span nodes), the next animation frame; `window.__clicked` resolves
 * with them.
 */
function armClick({ id, kind }) {
  const w = window;
  const marks = {};
  w.__events = [];
  window.addEventListener('pointerdown', () => (marks.down = performance.now()), { capture: true, once: true });
  const responded =
    kind === 'span'
      ? () => document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"] [data-mark="selected"]`) !== null
      : () => document.querySelector('.react-flow__node-span') !== null;
  w.__clicked = new Promise((resolve) => {
    const mo = new MutationObserver(() => {
      if (marks.selected !== undefined || !responded()) return;
      marks.selected = performance.now();
      mo.disconnect();
      requestAnimationFrame(() => {
        marks.nextFrame = performance.now();
        resolve(marks);
      });
    });
    mo.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-mark'] });
    setTimeout(() => (mo.disconnect(), resolve(marks)), 30_000);
  });
}

export function longTaskStats(tasks, from, to) {
  const inside = tasks.filter((t) => t.start + t.duration >= from && t.start <= to);
  return {
    count: inside.length,
    worstMs: round(Math.max(0, ...inside.map((t) => t.duration))),
    totalMs: round(inside.reduce((s, t) => s + t.duration, 0)),
    tasks: inside.map((t) => ({ atMs: round(t.start - from), ms: round(t.duration) })),
  };
}

// ---- A: one load of the real app ------------------------------------------------------------------
async function runApp(browser, appUrl, file, timeoutMs, { profile = false } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    await page.addInitScript(initScript);
    await page.goto(appUrl);
    const idle = (before) =>
      page.waitForFunction((b) => {
        const app = document.querySelector('[data-testid="app"]');
        return app?.dataset.state === 'ready' && Number(app.dataset.loads) > b;
      }, before);
    await idle(0); // the demo
    await page.locator('.react-flow__node').first().waitFor();
    const loadsNow = async () => Number(await page.locator('[data-testid="app"]').getAttribute('data-loads'));
    const beforeClear = await loadsNow();
    await page.locator('[data-testid="clear"]').click();
    await idle(beforeClear);
    await page.locator('[data-testid="empty-state"]').waitFor({ state: 'visible' });
    const before = await loadsNow();

    await page.evaluate(armDrawn, { before, timeoutMs });
    const cdp = profile ? await context.newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
      await cdp.send('Profiler.start');
      await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'] });
    }
    await page.locator('input[type=file][data-testid="file-input"]').setInputFiles(file);
    const marks = await page.evaluate(() => window.__drawn);
    const cpuProfile = cdp ? (await cdp.send('Profiler.stop')).profile : undefined;
    const trace = cdp ? JSON.parse((await browser.stopTracing()).toString('utf8')) : undefined;
    const snap = await page.evaluate(snapshot);
    const { tasks, workerMsgs } = await page.evaluate(() => ({ tasks: window.__longTasks, workerMsgs: window.__workerMsgs }));

    // Interactive: a real click (through Chromium's input pipeline) on a span node in view.
    const target = await page.evaluate(clickTarget);
    let click;
    if (target) {
      await page.evaluate(armClick, target);
      await page.mouse.click(target.x, target.y);
      click = await page.evaluate(() => window.__clicked);
      // Event Timing entries come after the frame that presented the response (none under 16 ms):
      // a task (it runs once the main thread is free), then a little for the entry.
      await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
      await page.waitForFunction(() => window.__events.some((e) => e.name === 'click'), null, { timeout: 1500 }).catch(() => {});
      const events = await page.evaluate(() => window.__events);
      // Event Timing: input delay + handlers + until the frame showing the response is presented.
      click.eventNames = [...new Set(events.map((e) => e.name))];
      const own = events.filter((e) => ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'click'].includes(e.name) && e.start >= (click.down ?? 0) - 50);
      // No entry: the interaction took under 16 ms, Event Timing's threshold.
      click.eventDurationMs = own.length ? Math.max(...own.map((e) => e.duration)) : 16;
    }
    const allTasks = await page.evaluate(() => window.__longTasks);
    const since = (t) => (t === undefined ? undefined : round(t - marks.t0));
    const phaseAt = (p) => workerMsgs.find((m) => m.type === 'progress' && m.phase === p)?.arrived;
    const answer = workerMsgs.find((m) => m.type === 'result');
    return {
      ms: since(marks.settled),
      milestones: {
        readingMs: since(phaseAt('reading')),
        analysingMs: since(phaseAt('analysing')),
        layoutMs: since(phaseAt('layout')),
        resultArrivedMs: since(answer?.arrived),
        resultDeserialiseMs: answer ? round(answer.deserialised - answer.arrived) : undefined,
        readyMs: since(marks.ready),
        nodesFrameMs: since(marks.nodesFrame),
        drawnFrameMs: since(marks.drawnFrame),
        settledMs: since(marks.settled),
      },
      frames: marks.frames,
      longTasks: longTaskStats(tasks, marks.t0, marks.settled),
      click: target
        ? {
            node: target.id,
            kind: target.kind,
            toDomMs: click?.selected !== undefined && click.down !== undefined ? round(click.selected - click.down) : undefined,
            toNextFrameMs: click?.nextFrame !== undefined && click.down !== undefined ? round(click.nextFrame - click.down) : undefined,
            eventDurationMs: click?.eventDurationMs,
            longTasks: click?.down !== undefined ? longTaskStats(allTasks, click.down, click.nextFrame ?? click.down) : undefined,
            // Still busy after the graph was drawn, before the click's pointerdown?
            longTasksBefore: click?.down !== undefined ? longTaskStats(allTasks.filter((t) => t.start > marks.settled), marks.settled, click.down) : undefined,
          }
        : { error: 'no span node in view to click' },
      ...snap,
      ...(cpuProfile ? { cpuProfile, trace } : {}),
    };
  } finally {
    await context.close();
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A source map's `mappings`, decoded: per generated line, [column, source, line, column] sorted. */
function decodeMappings(map) {
  const lines = [];
  let src = 0;
  let srcLine = 0;
  let srcCol = 0;
  for (const text of map.mappings.split(';')) {
    const segs = [];
    let col = 0;
    for (const seg of text.split(',')) {
      if (!seg) continue;
      const v = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        value += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          v.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      col += v[0];
      if (v.length >= 4) {
        src += v[1];
        srcLine += v[2];
        srcCol += v[3];
        segs.push([col, src, srcLine, srcCol]);
      }
    }
    lines.push(segs);
  }
  return lines;
}

/** Where a generated position comes from: `{ file, line }`, or undefined. */
function originalPosition(map, decoded, line, column) {
  const segs = decoded[line];
  if (!segs?.length) return undefined;
  let best = segs[0];
  for (const s of segs) {
    if (s[0] > column) break;
    best = s;
  }
  return { file: map.sources[best[1]], line: best[2] + 1 };
}

/** A source path as a short module name: a package under node_modules, or the path from src/. */
function moduleOf(path) {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (nm) return nm[1];
  const src = path.indexOf('src/');
  return src >= 0 ? path.slice(src) : path.replace(/^(\.\.\/)+/, '');
}

/**
 * Main-thread self time of a CPU profile, by function and by module (through the bundle's
 * source maps in `dir`, when there are some): where the app's time goes during a load.
 * `(program)`, `(garbage collector)` and `(idle)` are the browser's own.
 */
function profileSummary(profile, dir, top = 15) {
  const maps = new Map();
  const mapFor = (url) => {
    const file = url.replace(/^https?:\/\/[^/]+\//, '');
    if (!maps.has(file)) {
      let entry;
      try {
        const map = JSON.parse(readFileSync(join(dir, `${file}.map`), 'utf8'));
        entry = { map, decoded: decodeMappings(map) };
      } catch {
        entry = undefined;
      }
      maps.set(file, entry);
    }
    return maps.get(file);
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const fns = new Map();
  const modules = new Map();
  for (const [id, t] of self) {
    const f = byId.get(id).callFrame;
    let where = f.url ? f.url.replace(/^.*\//, '') : '';
    let module = f.url ? where : f.functionName;
    const m = f.url ? mapFor(f.url) : undefined;
    const pos = m ? originalPosition(m.map, m.decoded, f.lineNumber, f.columnNumber) : undefined;
    if (pos) {
      module = moduleOf(pos.file);
      where = `${module}:${pos.line}`;
    }
    const fn = where ? `${f.functionName || '(anonymous)'} ${where}` : f.functionName;
    fns.set(fn, (fns.get(fn) ?? 0) + t);
    modules.set(module, (modules.get(module) ?? 0) + t);
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, ms]) => ({ name, ms: round(ms) }));
  return { totalMs: round([...self.values()].reduce((a, b) => a + b, 0)), byModule: sorted(modules), byFunction: sorted(fns) };
}

/** Busy time per renderer/GPU thread (top-level events only): raster and compositing are off the main thread. */
function threadSummary(trace) {
  const events = trace.traceEvents ?? trace;
  const names = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name ?? '?']));
  const busy = new Map();
  const ends = new Map();
  for (const e of [...events].filter((x) => x.ph === 'X' && typeof x.dur === 'number').sort((a, b) => a.ts - b.ts)) {
    const key = `${e.pid}:${e.tid}`;
    if ((ends.get(key) ?? -1) > e.ts) continue; // nested in an event already counted
    ends.set(key, e.ts + e.dur);
    let name = (names.get(key) ?? key).replace(/\d+$/, '');
    if (name.startsWith('ThreadPool')) name = e.name === 'RasterTask' ? 'raster (thread pool)' : e.name.startsWith('V8.GC') ? 'GC (thread pool)' : 'thread pool, other';
    else if (name === 'DedicatedWorker thread') name = 'the app\'s worker';
    else if (name === 'CrRendererMain') name = 'main thread';
    busy.set(name, (busy.get(name) ?? 0) + e.dur / 1000);
  }
  return [...busy].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, ms]) => ({ name, ms: round(ms) }));
}

/** What a main-thread trace event's self time counts as. */
function traceCategory(name) {
  if (/GC|Scavenge|MarkCompact|Sweep/i.test(name)) return 'garbage collection';
  if (/^(v8\.callFunction|FunctionCall|EvaluateScript|v8\.run|v8\.compile|V8\.|TimerFire|FireAnimationFrame|EventDispatch|RunMicrotasks|v8\.evaluateModule)/.test(name)) return 'script';
  if (/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet)/.test(name)) return 'style';
  if (/^(Layout|UpdateLayout|HitTest)/.test(name)) return 'layout';
  if (/^(Paint|PrePaint|Layerize|Commit|UpdateLayer|CompositeLayers|PaintImage|Decode)/.test(name)) return 'paint (main thread)';
  if (/^(HandlePostMessage|Deserialize)/.test(name)) return 'postMessage';
  return 'other';
}

/**
 * Self time on the renderer's main thread, by category (script, style, layout, paint, GC) and
 * by event name, from a Chromium trace: the JS profiler alone puts style, layout and paint in
 * "(program)".
 */
function traceSummary(trace) {
  const events = trace.traceEvents ?? trace;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const mine = events
    .filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number')
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const stack = [];
  for (const e of mine) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent, (self.get(parent) ?? parent.dur) - e.dur);
    if (!self.has(e)) self.set(e, e.dur);
    stack.push(e);
  }
  const byCategory = new Map();
  const byName = new Map();
  let busy = 0;
  for (const [e, us] of self) {
    if (us <= 0) continue;
    const ms = us / 1000;
    busy += ms;
    byCategory.set(traceCategory(e.name), (byCategory.get(traceCategory(e.name)) ?? 0) + ms);
    byName.set(e.name, (byName.get(e.name) ?? 0) + ms);
  }
  const sorted = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, ms]) => ({ name, ms: round(ms) }));
  return { busyMs: round(busy), byCategory: sorted(byCategory, 10), byEvent: sorted(byName, 12) };
}

// ---- B: React Flow alone ---------------------------------------------------------------------------
async function runBaseline(browser, baseUrl, names, view, timeoutMs) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    await page.addInitScript(initScript);
    await page.goto(baseUrl);
    await page.waitForFunction(() => window.__bench !== undefined);
    await page.evaluate((list) => window.__bench.load(list), [names.warm, names.data]);
    // As the app before its load: React Flow mounted, a small graph drawn, then cleared.
    await page.evaluate((opts) => window.__bench.mount(opts), view);
    await page.evaluate((name) => window.__bench.show(name), names.warm);
    await page.locator('.react-flow__node').first().waitFor();
    await page.evaluate(() => window.__bench.show(null));
    await page.locator('.react-flow__node').first().waitFor({ state: 'detached' });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

    await page.evaluate(armDrawn, { before: 0, timeoutMs });
    await page.evaluate((name) => (window.__start(), window.__bench.show(name)), names.data);
    const marks = await page.evaluate(() => window.__drawn);
    const snap = await page.evaluate(snapshot);
    const tasks = await page.evaluate(() => window.__longTasks);
    const since = (t) => (t === undefined ? undefined : round(t - marks.t0));
    return {
      ms: since(marks.settled),
      milestones: { nodesFrameMs: since(marks.nodesFrame), drawnFrameMs: since(marks.drawnFrame), settledMs: since(marks.settled) },
      frames: marks.frames,
      longTasks: longTaskStats(tasks, marks.t0, marks.settled),
      ...snap,
    };
  } finally {
    await context.close();
  }
}

function summariseRuns(runs) {
  const pick = (f) => round(median(runs.map(f)));
  const first = runs[0] ?? {};
  const keys = Object.keys(first.milestones ?? {});
  return {
    medianMs: pick((r) => r.ms),
    milestonesMedianMs: Object.fromEntries(keys.map((k) => [k, pick((r) => r.milestones[k])])),
    worstLongTaskMs: round(Math.max(0, ...runs.map((r) => r.longTasks.worstMs))),
    longTasksMedianCount: pick((r) => r.longTasks.count),
    domNodes: first.domNodes,
    flowNodes: first.flowNodes,
    spanNodes: first.spanNodes,
    flowEdges: first.flowEdges,
    ...(first.click
      ? {
          clickToDomMedianMs: pick((r) => r.click?.toDomMs),
          clickToNextFrameMedianMs: pick((r) => r.click?.toNextFrameMs),
          clickEventDurationMedianMs: pick((r) => r.click?.eventDurationMs),
        }
      : {}),
    runs,
  };
}

// ---- the whole part ------------------------------------------------------------------------------
export async function runAppBench(argv = []) {
  const outDir = `${root}bench/out`;
  const resultsFile = `${outDir}/results.json`;
  const arg = (name, fallback) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const runs = arg('runs', 5);
  const bigRuns = argv.includes('--no-big') ? 0 : arg('big-runs', 1);
  mkdirSync(outDir, { recursive: true });
  const app = { machineAtStart: machine(), runs, viewport: VIEWPORT };
  const save = () => {
    let all = {};
    try {
      all = JSON.parse(readFileSync(resultsFile, 'utf8'));
    } catch {
      // no core results yet (e.g. `--only app` on a fresh tree): the file holds `app` alone
    }
    all.app = app;
    writeFileSync(resultsFile, JSON.stringify(all, null, 2) + '\n');
  };

  const mode = argv.includes('--app-source') ? argv[argv.indexOf('--app-source') + 1] : 'auto';
  console.log('\napp benchmark: building the app (bench/out/app) and the React Flow baseline (bench/out/rf-baseline)');
  const sources = prepareSources(outDir, mode);
  if (sources.error) {
    app.error = `build failed: ${sources.error}`;
    console.log(`app benchmark skipped, ${app.error}`);
    save();
    return app;
  }
  app.source = sources.source;
  if (sources.workTreeError) console.log(`the work tree did not build, measuring the last commit instead:\n  ${sources.workTreeError.split('\n').slice(0, 4).join('\n  ')}`);
  const appDir = `${outDir}/app`;
  const baseDir = `${outDir}/rf-baseline`;

  let small, elements, profileBuilt;
  try {
    if (argv.includes('--profile')) {
      const error = viteBuild(sources.srcRoot, ['--outDir', `${outDir}/app-profile`, '--emptyOutDir', '--sourcemap']);
      if (error) console.log(`could not build the app with source maps, no profile: ${error}`);
      profileBuilt = !error;
    }
    small = await inputFile(outDir, SMALL);
    elements = await flowElements([small.file], sources.srcRoot);
    writeFileSync(`${baseDir}/data-small.json`, JSON.stringify({ nodes: elements.nodes, edges: elements.edges }));
    // The baseline draws the demo first, as the app does before the benchmark clears it.
    const manifest = JSON.parse(readFileSync(`${sources.srcRoot}/public/demo/manifest.json`, 'utf8'));
    const demoFiles = (Array.isArray(manifest) ? manifest : manifest.files).map((f) => `${sources.srcRoot}/public/demo/${f}`);
    const demo = await flowElements(demoFiles, sources.srcRoot);
    writeFileSync(`${baseDir}/data-demo.json`, JSON.stringify({ nodes: demo.nodes, edges: demo.edges }));
  } finally {
    sources.cleanup?.();
  }
  app.input = { ...small, summary: elements.summary, level: elements.level, flowNodes: elements.nodes.length, flowEdges: elements.edges.length };
  app.nodeReference = Object.fromEntries(Object.entries(elements.nodePhases).map(([k, v]) => [k, round(v)]));
  console.log(`input: ${small.file} (${(small.bytes / 1e6).toFixed(1)} MB, ${small.spans} spans in ${small.traces} traces, ${small.links} links): ${elements.level} level, ${elements.nodes.length} nodes, ${elements.edges.length} edges`);

  const appServer = await serve(appDir);
  let profileServer = profileBuilt ? await serve(`${outDir}/app-profile`) : undefined;
  const profileServerToClose = profileServer;
  const baseServer = await serve(baseDir);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
  app.chromium = browser.version();
  try {
    // A and B alternate, so a change in the machine's load hits both alike. B uses the canvas
    // size and the viewport the app ended on (before the click), so the same nodes are in view.
    const aRuns = [];
    const bRuns = [];
    for (let i = 0; i < runs; i++) {
      const a = await runApp(browser, appServer.url, small.file, LOAD_TIMEOUT_MS);
      aRuns.push(a);
      const view = { ...(aRuns[0].canvas ?? VIEWPORT), viewport: aRuns[0].viewport ?? { x: 0, y: 0, zoom: 1 } };
      bRuns.push(await runBaseline(browser, baseServer.url, { warm: 'data-demo.json', data: 'data-small.json' }, view, LOAD_TIMEOUT_MS));
      process.stdout.write(`  run ${i + 1}/${runs}: app ${ms(a.ms)}, React Flow alone ${ms(bRuns[i].ms)}\n`);
    }
    app.small = { app: summariseRuns(aRuns), reactFlowAlone: summariseRuns(bRuns) };
    if (profileServer) {
      // One more load, not in the medians (the profiler slows it), of the same build with source
      // maps: main-thread time by module and function.
      const { cpuProfile, trace, milestones } = await runApp(browser, profileServer.url, small.file, LOAD_TIMEOUT_MS, { profile: true });
      writeFileSync(`${outDir}/app-load.cpuprofile`, JSON.stringify(cpuProfile));
      writeFileSync(`${outDir}/app-load.trace.json`, JSON.stringify(trace));
      app.small.profileMilestones = milestones;
      app.small.profile = { ...profileSummary(cpuProfile, `${outDir}/app-profile`), mainThread: traceSummary(trace), threads: threadSummary(trace) };
      console.log(`  profile of one more load: ${outDir}/app-load.{cpuprofile,trace.json} (Chrome DevTools, Performance)`);
    }
    app.small.ratio = round((app.small.app.medianMs ?? NaN) / (app.small.reactFlowAlone.medianMs ?? NaN));
    // The baseline mirrors FlowCanvas's React Flow props; if the app changed them, it shows.
    const [a0, b0] = [aRuns[0], bRuns[0]];
    app.small.sameElementsMounted = a0.flowNodes === b0.flowNodes && a0.flowEdges === b0.flowEdges;
    if (!app.small.sameElementsMounted) {
      console.log(`  warning: the baseline mounted ${b0.flowNodes} nodes, ${b0.flowEdges} edges, the app ${a0.flowNodes}, ${a0.flowEdges}: bring bench/rf-baseline/main.jsx in line with FlowCanvas`);
    }
    app.small.targetRatio = 2;
    app.small.targetWorstLongTaskMs = 200;
    save();

    if (bigRuns > 0) {
      const big = await inputFile(outDir, BIG);
      console.log(`large input: ${big.file} (${(big.bytes / 1e6).toFixed(1)} MB, ${big.spans} spans in ${big.traces} traces, ${big.links} links), app only`);
      const bRunsBig = [];
      for (let i = 0; i < bigRuns; i++) {
        const profileIt = profileServer !== undefined && i === 0;
        const { cpuProfile, trace, ...r } = await runApp(browser, profileIt ? profileServer.url : appServer.url, big.file, LOAD_TIMEOUT_MS, { profile: profileIt });
        if (trace) {
          // Profiled, so slower: its figures stay out of the runs; its breakdown is kept.
          writeFileSync(`${outDir}/app-load-big.trace.json`, JSON.stringify(trace));
          app.largeProfile = { ...profileSummary(cpuProfile, `${outDir}/app-profile`), mainThread: traceSummary(trace), threads: threadSummary(trace), milestones: r.milestones };
          i--;
          profileServer = undefined;
          continue;
        }
        bRunsBig.push(r);
        process.stdout.write(`  run ${i + 1}/${bigRuns}: app ${ms(r.ms)}\n`);
      }
      app.large = { input: { ...big }, app: summariseRuns(bRunsBig) };
    }
  } catch (error) {
    app.error = String(error?.stack ?? error).slice(0, 2000);
    console.log(`app benchmark stopped: ${app.error}`);
  } finally {
    await browser.close();
    await appServer.close();
    await profileServerToClose?.close();
    await baseServer.close();
  }
  app.machineAtEnd = machine();
  save();
  report(app);
  console.log(`\nwrote ${resultsFile} (key "app")`);
  return app;
}

function report(app) {
  const rows = [];
  const click = (x) => `${ms(x.clickToDomMedianMs)} / ${ms(x.clickEventDurationMedianMs)}`;
  const clickKind = (x) => (x.runs[0]?.click?.kind === 'traceSummary' ? 'a trace summary: its spans open' : 'a span: shown selected');
  const s = app.small;
  if (s) {
    const a = s.app;
    const b = s.reactFlowAlone;
    const m = a.milestonesMedianMs;
    rows.push(
      ['2,000 spans', 'A app: file input -> graph drawn (+1 frame)', ms(a.medianMs), `${s.ratio?.toFixed(2) ?? '-'}x B (target <= 2x); ${app.input.level} level`],
      ['', '  worker: reading / analysing / layout from', `${ms(m.readingMs)} / ${ms(m.analysingMs)} / ${ms(m.layoutMs)}`, ''],
      ['', '  answer arrived / data-state ready', `${ms(m.resultArrivedMs)} / ${ms(m.readyMs)}`, `deserialise ${ms(m.resultDeserialiseMs)}`],
      ['', '  first frame with nodes / with the final view', `${ms(m.nodesFrameMs)} / ${ms(m.drawnFrameMs)}`, ''],
      ['', 'A worst long task (all runs)', ms(a.worstLongTaskMs), `target < 200 ms; ${a.longTasksMedianCount ?? '-'} long tasks a load (median)`],
      ['', 'A click a node -> response in DOM / event', click(a), `${clickKind(a)}; event = Event Timing, to the next paint`],
      ['', 'A DOM elements; React Flow nodes, edges', `${a.domNodes}; ${a.flowNodes}, ${a.flowEdges}`, `mounted of ${app.input.flowNodes} nodes, ${app.input.flowEdges} edges`],
      ['', 'B React Flow alone: data set -> drawn (+1 frame)', ms(b.medianMs), `worst long task ${ms(b.worstLongTaskMs)}`],
      ['', 'B DOM elements; React Flow nodes, edges', `${b.domNodes}; ${b.flowNodes}, ${b.flowEdges}`, ''],
    );
  }
  const l = app.large?.app;
  if (l) {
    const m = l.milestonesMedianMs;
    rows.push(
      ['100,000 spans', 'A app: file input -> data-state ready', ms(m.readyMs), `answer arrived ${ms(m.resultArrivedMs)}, deserialise ${ms(m.resultDeserialiseMs)}`],
      ['', '  level drawn', l.runs[0]?.traceSummaryNodes ? 'traces' : 'spans', ''],
      ['', '  worker: reading / analysing / layout from', `${ms(m.readingMs)} / ${ms(m.analysingMs)} / ${ms(m.layoutMs)}`, ''],
      ['', 'A file input -> graph drawn (+1 frame)', ms(l.medianMs), ''],
      ['', 'A worst long task', ms(l.worstLongTaskMs), `${l.longTasksMedianCount ?? '-'} long tasks`],
      ['', 'A click a node -> response in DOM / event', click(l), clickKind(l)],
      ['', 'A DOM elements; React Flow nodes, edges', `${l.domNodes}; ${l.flowNodes}, ${l.flowEdges}`, ''],
    );
  }
  if (rows.length === 0) return;
  const printProfile = () => {
    const p = app.small?.profile;
    if (!p) return;
    const t = p.mainThread;
    console.log(`\nmain thread during one more 2,000-span load, traced (${ms(t.busyMs)} busy), self time by kind:`);
    for (const f of t.byCategory) console.log(`  ${ms(f.ms).padStart(7)}  ${f.name}`);
    console.log(`busy threads (top-level events): ${p.threads.map((x) => `${x.name} ${ms(x.ms)}`).join(', ')}`);
    const big = app.largeProfile;
    if (big) {
      console.log(`100,000 spans, one profiled load: ${big.threads.slice(0, 5).map((x) => `${x.name} ${ms(x.ms)}`).join(', ')}; main thread ${big.mainThread.byCategory.slice(0, 4).map((x) => `${x.name} ${ms(x.ms)}`).join(', ')}`);
    }
    console.log('script by module (JS profiler; by function in results.json):');
    for (const f of p.byModule.filter((x) => x.name && !x.name.startsWith('(')).slice(0, 8)) console.log(`  ${ms(f.ms).padStart(7)}  ${f.name}`);
  };
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length)));
  const load = `load ${app.machineAtStart.loadavg1m} -> ${app.machineAtEnd?.loadavg1m} on ${app.machineAtStart.cpus} CPUs`;
  const bigRuns = app.large ? `, 100,000 spans: ${app.large.app.runs.length} run(s)` : '';
  console.log(`
app (${app.source}) in headless Chromium ${app.chromium ?? ''}, median of ${app.runs} runs${bigRuns}, ${load}`);
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
  printProfile();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { register } = await import('tsx/esm/api');
  register();
  await runAppBench(process.argv.slice(2));
}
