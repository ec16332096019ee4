/**
 * The app part of the scenario suite (scripts/bench.mjs): each scenario's files dropped on the
 * real app (production build of the work tree, or of HEAD when the work tree does not build; see
 * bench-app.mjs's prepareSources) in headless Debian Chromium, median of --runs loads, each in a
 * fresh tab that has shown the demo and was cleared:
 *
 * - drop to interactive: from setting the file input to the graph drawn at its final view, the
 *   app `ready`, plus one frame (bench-app.mjs's armDrawn);
 * - main-thread long tasks in that time (PerformanceObserver 'longtask'): count and worst;
 * - pan/zoom: ~1 s of mouse drags then ~1 s of wheel steps over the canvas, through Chromium's
 *   input pipeline; the gaps between requestAnimationFrame callbacks meanwhile (p95 and worst)
 *   and the long tasks then;
 * - mounted DOM elements and React Flow nodes after the load;
 * - JS heap of the page's main thread (CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage)
 *   before and after the load (retained), and the most seen at any frame during the load
 *   (performance.memory, precise); the same for the worker (attached through CDP: retained after
 *   a GC, peak the most of its heap asked every 100 ms during the load).
 *
 * Side by side, for the scenarios where it makes sense (small-2k, fanout-10k): React Flow alone
 * (bench/rf-baseline) mounting the same nodes and edges, computed beforehand in Node by the app's
 * own code, at the viewport the app ended on, with the same pan/zoom. Elsewhere the baseline is '-'.
 */
import { chromium } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { armDrawn, flowElements, initScript, LOAD_TIMEOUT_MS, longTaskStats, prepareSources, serve, snapshot, VIEWPORT } from './bench-app.mjs';
import { chromiumPath, CHROMIUM_ARGS } from './chromium.mjs';
import { SUMMARY_KEYS } from './bench-report.mjs';

export const BASELINE_SCENARIOS = new Set(['small-2k', 'fanout-10k']);
/** Past what a tab holds: a JavaScript string of the file would be over V8's limit. */
export const CLI_ONLY = { 'over-limit-600MB': 'CLI only: one 600 MB file is past what the tab reads (the app reads a file whole; V8 strings stop at 512 MiB)' };

/** Steps before and after the timed load (the demo, clearing, pan/zoom): a broken app fails fast. */
const SETUP_TIMEOUT_MS = 60_000;

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => (x === undefined ? undefined : Math.round(x * 10) / 10);
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? undefined : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

// ---- page-side ----------------------------------------------------------------------------------
/** Records the most JS heap used at any frame until `window.__stopHeap()`. */
function armHeapSampler() {
  const w = window;
  let max = performance.memory?.usedJSHeapSize ?? 0;
  let on = true;
  const tick = () => {
    max = Math.max(max, performance.memory?.usedJSHeapSize ?? 0);
    if (on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  w.__stopHeap = () => ((on = false), Math.max(max, performance.memory?.usedJSHeapSize ?? 0));
}

/** Records requestAnimationFrame times until `window.__stopFrames()`, which returns them. */
function armFrames() {
  const w = window;
  const times = [];
  let on = true;
  const tick = (t) => {
    times.push(t);
    if (on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  w.__stopFrames = () => ((on = false), { times, transform: document.querySelector('.react-flow__viewport')?.style.transform ?? '' });
}

/** A point of the canvas nearest its middle where the pane itself is hit, or undefined. */
function panePoint() {
  const r = document.querySelector('.react-flow')?.getBoundingClientRect();
  if (!r) return undefined;
  const spots = [];
  for (let fx = 0.2; fx <= 0.8; fx += 0.05) for (let fy = 0.2; fy <= 0.8; fy += 0.05) spots.push({ x: r.left + r.width * fx, y: r.top + r.height * fy });
  spots.sort((a, b) => Math.hypot(a.x - r.left - r.width / 2, a.y - r.top - r.height / 2) - Math.hypot(b.x - r.left - r.width / 2, b.y - r.top - r.height / 2));
  return spots.find((p) => document.elementFromPoint(p.x, p.y)?.classList.contains('react-flow__pane'));
}

async function heapUsed(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/**
 * The app's worker, through the page's CDP session (Target.setAutoAttach, messages sent through
 * Target.sendMessageToTarget): `used(gc)` is its JS heap used, after a GC when asked. Undefined
 * when no worker is attached.
 */
async function attachWorker(cdp) {
  const sessions = [];
  const pending = new Map();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') sessions.push(e.sessionId);
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    const resolve = pending.get(m.id);
    if (!resolve) return;
    pending.delete(m.id);
    resolve(m.result);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  for (let i = 0; i < 20 && sessions.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  if (sessions.length === 0) return undefined;
  const sessionId = sessions[sessions.length - 1];
  const call = (method) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(() => resolve(undefined));
      setTimeout(() => {
        if (pending.delete(id)) resolve(undefined);
      }, 10_000);
    });
  return {
    async used(gc) {
      if (gc) await call('HeapProfiler.collectGarbage');
      return (await call('Runtime.getHeapUsage'))?.usedSize;
    },
  };
}

/** ~1 s of drags, then ~1 s of wheel steps, over the middle of the canvas; frame gaps meanwhile. */
async function panZoom(page) {
  const box = await page.locator('.react-flow').boundingBox();
  if (!box) return { error: 'no canvas' };
  // Over the empty pane, not a node: a press and release on a node is a click (it selects, or
  // opens a trace), and this measures panning and zooming only.
  const spot = await page.evaluate(panePoint);
  const cx = spot?.x ?? box.x + box.width / 2;
  const cy = spot?.y ?? box.y + box.height / 2;
  const before = await page.evaluate(() => document.querySelector('.react-flow__viewport')?.style.transform ?? '');
  await page.mouse.move(cx, cy);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const from = await page.evaluate(() => performance.now());
  await page.evaluate(armFrames);
  const t0 = Date.now();
  let step = 0;
  while (Date.now() - t0 < 1000) {
    await page.mouse.down();
    for (let i = 0; i < 10; i++, step++) await page.mouse.move(cx + 12 * i * (step % 20 < 10 ? 1 : -1), cy + 6 * i);
    await page.mouse.up();
  }
  const wheelFrom = await page.evaluate(() => performance.now());
  let k = 0;
  while (Date.now() - t0 < 2000) await page.mouse.wheel(0, k++ % 8 < 4 ? 120 : -120);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const { times, transform } = await page.evaluate(() => window.__stopFrames());
  const to = await page.evaluate(() => performance.now());
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  // Apart: frames during the drags, and during the wheel steps (by the frame's end).
  const phase = (inWheel) => gaps.filter((_, i) => (times[i + 1] >= wheelFrom) === inWheel);
  const tasks = longTaskStats(await page.evaluate(() => window.__longTasks), from, to);
  return { onPane: spot !== undefined, frames: times.length, frameP95Ms: round(percentile(gaps, 95)), frameMaxMs: round(Math.max(0, ...gaps)), dragFrameP95Ms: round(percentile(phase(false), 95)), wheelFrameP95Ms: round(percentile(phase(true), 95)), longTaskWorstMs: tasks.worstMs, longTasks: tasks.count, moved: transform !== before };
}

// ---- one load of the app ----------------------------------------------------------------------------
async function loadApp(browser, url, paths, timeoutMs) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(SETUP_TIMEOUT_MS);
    let crashed;
    page.on('crash', () => (crashed = 'the tab crashed (out of memory?)'));
    await page.addInitScript(initScript);
    await page.goto(url);
    const loads = async () => Number(await page.locator('[data-testid="app"]').getAttribute('data-loads'));
    const idle = (before) => page.waitForFunction((b) => {
      const app = document.querySelector('[data-testid="app"]');
      return app?.dataset.state === 'ready' && Number(app.dataset.loads) > b;
    }, before);
    await idle(0);
    await page.locator('.react-flow__node').first().waitFor();
    const beforeClear = await loads();
    await page.locator('[data-testid="clear"]').click();
    await idle(beforeClear);
    await page.locator('[data-testid="empty-state"]').waitFor({ state: 'visible' });
    const before = await loads();
    const cdp = await context.newCDPSession(page);
    const heap0 = await heapUsed(cdp);
    const worker = await attachWorker(cdp);
    const worker0 = await worker?.used(true);
    await page.evaluate(armDrawn, { before, timeoutMs });
    await page.evaluate(armHeapSampler);
    // The worker's heap, asked every 100 ms during the load (V8 answers between its own steps).
    let workerMax = worker0 ?? 0;
    let polling = worker !== undefined;
    const poll = (async () => {
      while (polling) {
        workerMax = Math.max(workerMax, (await worker.used(false)) ?? 0);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await page.locator('input[type=file][data-testid="file-input"]').setInputFiles(paths);
    let marks;
    try {
      marks = await page.evaluate(() => window.__drawn);
    } catch (error) {
      return { error: crashed ?? String(error.message ?? error).split('\n')[0] };
    } finally {
      polling = false;
      await poll;
    }
    const heapPeak = await page.evaluate(() => window.__stopHeap());
    const worker1 = await worker?.used(true);
    const snap = await page.evaluate(snapshot, SUMMARY_KEYS);
    const tasks = longTaskStats(await page.evaluate(() => window.__longTasks), marks.t0, marks.settled);
    const heap1 = await heapUsed(cdp);
    const pz = await panZoom(page);
    const since = (t) => (t === undefined ? undefined : round(t - marks.t0));
    return {
      ms: since(marks.settled),
      readyMs: since(marks.ready),
      nodesFrameMs: since(marks.nodesFrame),
      longTasks: tasks,
      panZoom: pz,
      heapBeforeBytes: heap0,
      heapRetainedBytes: heap1 - heap0,
      heapPeakBytes: heapPeak - heap0,
      ...(worker0 !== undefined && worker1 !== undefined ? { workerHeapRetainedBytes: worker1 - worker0, workerHeapPeakBytes: workerMax - worker0 } : {}),
      ...snap,
    };
  } finally {
    await context.close();
  }
}

// ---- one load of React Flow alone ----------------------------------------------------------------
async function loadBaseline(browser, url, data, view, timeoutMs) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(SETUP_TIMEOUT_MS);
    await page.addInitScript(initScript);
    await page.goto(url);
    await page.waitForFunction(() => window.__bench !== undefined);
    await page.evaluate((list) => window.__bench.load(list), ['data-demo.json', data]);
    await page.evaluate((opts) => window.__bench.mount(opts), view);
    await page.evaluate(() => window.__bench.show('data-demo.json'));
    await page.locator('.react-flow__node').first().waitFor();
    await page.evaluate(() => window.__bench.show(null));
    await page.locator('.react-flow__node').first().waitFor({ state: 'detached' });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const cdp = await context.newCDPSession(page);
    const heap0 = await heapUsed(cdp);
    await page.evaluate(armDrawn, { before: 0, timeoutMs });
    await page.evaluate(armHeapSampler);
    await page.evaluate((name) => (window.__start(), window.__bench.show(name)), data);
    const marks = await page.evaluate(() => window.__drawn);
    const heapPeak = await page.evaluate(() => window.__stopHeap());
    const snap = await page.evaluate(snapshot);
    const tasks = longTaskStats(await page.evaluate(() => window.__longTasks), marks.t0, marks.settled);
    const heap1 = await heapUsed(cdp);
    const pz = await panZoom(page);
    return {
      ms: round(marks.settled - marks.t0),
      longTasks: tasks,
      panZoom: pz,
      heapBeforeBytes: heap0,
      heapRetainedBytes: heap1 - heap0,
      heapPeakBytes: heapPeak - heap0,
      ...snap,
    };
  } finally {
    await context.close();
  }
}

function summarise(runs) {
  const ok = runs.filter((r) => !r.error);
  if (ok.length === 0) return { error: runs[0]?.error ?? 'no run' };
  const pick = (f) => round(median(ok.map(f)));
  const first = ok[0];
  return {
    dropToInteractiveMs: pick((r) => r.ms),
    ...(first.readyMs !== undefined ? { readyMs: pick((r) => r.readyMs), nodesFrameMs: pick((r) => r.nodesFrameMs) } : {}),
    longTaskWorstMs: round(Math.max(0, ...ok.map((r) => r.longTasks.worstMs))),
    longTasksMedian: pick((r) => r.longTasks.count),
    panZoomFrameP95Ms: pick((r) => r.panZoom.frameP95Ms),
    panFrameP95Ms: pick((r) => r.panZoom.dragFrameP95Ms),
    zoomFrameP95Ms: pick((r) => r.panZoom.wheelFrameP95Ms),
    panZoomFrameMaxMs: round(Math.max(0, ...ok.map((r) => r.panZoom.frameMaxMs ?? 0))),
    panZoomLongTaskWorstMs: round(Math.max(0, ...ok.map((r) => r.panZoom.longTaskWorstMs ?? 0))),
    panZoomMoved: ok.every((r) => r.panZoom.moved),
    panZoomFramesMedian: pick((r) => r.panZoom.frames),
    summary: first.summary,
    domNodes: first.domNodes,
    flowNodes: first.flowNodes,
    spanNodes: first.spanNodes,
    traceSummaryNodes: first.traceSummaryNodes,
    flowEdges: first.flowEdges,
    level: first.traceSummaryNodes > 0 ? 'traces' : 'spans',
    heapRetainedBytes: pick((r) => r.heapRetainedBytes),
    heapPeakBytes: pick((r) => r.heapPeakBytes),
    workerHeapRetainedBytes: pick((r) => r.workerHeapRetainedBytes),
    workerHeapPeakBytes: pick((r) => r.workerHeapPeakBytes),
    runsMs: runs.map((r) => r.ms ?? null),
    ...(runs.length > ok.length ? { failedRuns: runs.length - ok.length, failure: runs.find((r) => r.error).error } : {}),
  };
}

/**
 * Measures the app for each written scenario (gen-scenarios.ts's writeScenario results).
 * Returns { chromium, source, scenarios: { name: figures } }; `onScenario(name, figures)` is called
 * after each, so a long run keeps what it measured.
 */
export async function runScenariosApp(written, { runs = 5, outDir, appSource = 'auto', log = console.log, onScenario = () => {} }) {
  log('app: building the app and the React Flow baseline');
  const sources = prepareSources(outDir, appSource);
  if (sources.error) return { error: `build failed: ${sources.error}` };
  const baseDir = `${outDir}/rf-baseline`;
  const out = { source: sources.source, scenarios: {} };
  try {
    const manifest = JSON.parse(readFileSync(`${sources.srcRoot}/public/demo/manifest.json`, 'utf8'));
    const demoFiles = (Array.isArray(manifest) ? manifest : manifest.files).map((f) => `${sources.srcRoot}/public/demo/${f}`);
    const demo = await flowElements(demoFiles, sources.srcRoot);
    writeFileSync(`${baseDir}/data-demo.json`, JSON.stringify({ nodes: demo.nodes, edges: demo.edges }));
    for (const w of written) {
      if (!BASELINE_SCENARIOS.has(w.name)) continue;
      const el = await flowElements(w.files.map((f) => f.path), sources.srcRoot);
      writeFileSync(`${baseDir}/data-${w.name}.json`, JSON.stringify({ nodes: el.nodes, edges: el.edges }));
    }
  } finally {
    sources.cleanup?.();
  }
  const appServer = await serve(`${outDir}/app`);
  const baseServer = await serve(baseDir);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'], headless: true });
  out.chromium = browser.version();
  try {
    for (const w of written) {
      if (CLI_ONLY[w.name]) {
        out.scenarios[w.name] = { skipped: CLI_ONLY[w.name] };
        onScenario(w.name, out.scenarios[w.name]);
        continue;
      }
      const paths = w.files.map((f) => f.path);
      const aRuns = [];
      const bRuns = [];
      for (let i = 0; i < runs; i++) {
        const a = await loadApp(browser, appServer.url, paths, LOAD_TIMEOUT_MS).catch((error) => ({ error: String(error.message ?? error).split('\n')[0] }));
        aRuns.push(a);
        let b;
        if (BASELINE_SCENARIOS.has(w.name) && !a.error) {
          const ref = aRuns.find((r) => !r.error);
          const view = { ...(ref.canvas ?? VIEWPORT), viewport: ref.viewport ?? { x: 0, y: 0, zoom: 1 } };
          b = await loadBaseline(browser, baseServer.url, `data-${w.name}.json`, view, LOAD_TIMEOUT_MS).catch((error) => ({ error: String(error.message ?? error).split('\n')[0] }));
          bRuns.push(b);
        }
        log(`  ${w.name} run ${i + 1}/${runs}: app ${a.error ? `failed: ${a.error}` : `${a.ms} ms, pan/zoom p95 ${a.panZoom.frameP95Ms} ms`}${b ? `; React Flow alone ${b.error ? `failed: ${b.error}` : `${b.ms} ms, p95 ${b.panZoom.frameP95Ms} ms`}` : ''}`);
        // A load that failed (a crash, a timeout) fails again: one is enough to say so.
        if (a.error) break;
      }
      const app = summarise(aRuns);
      if (bRuns.length) {
        app.reactFlowAlone = summarise(bRuns);
        app.ratio = Number((app.dropToInteractiveMs / app.reactFlowAlone.dropToInteractiveMs).toFixed(2));
      }
      out.scenarios[w.name] = app;
      onScenario(w.name, app);
    }
  } finally {
    await browser.close();
    await appServer.close();
    await baseServer.close();
  }
  return out;
}
