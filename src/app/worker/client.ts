/**
 * The main thread's side of the worker: sends requests, feeds answers into the store. One
 * worker for the app's lifetime; it answers loads in order, so answers are applied in order.
 *
 * The worker owns the model. The store holds the bounded parts of the analysis and the spans
 * of the traces in the current view only: whenever the view changes (a trace opened, the level,
 * the problem filter, the span ceiling, a selection out of view), `ensureSlice` asks the worker
 * for that view's slice. Search and "go to span" ask the worker too.
 */
import type { GraphLayout, LinkGraph, NoteTarget, Redaction, ShareState, Span, SpanKey, TraceId } from '../../core';
import { missingSlice, selectCurrentView, viewSpecOf } from '../store/current-view';
import { openTrace as openTraceIn, resultReceived, select, sliceReceived } from '../store/transforms';
import { drawnSpans, drawnTraces } from '../flow/drawn-view';
import { ViewReceiver, type WireGraph } from './wire-graph';
import { useTraceStore } from '../store/trace-store';
import type { TraceState } from '../store/types';
import type {
  ExportAnswer,
  ExportRequest,
  InputFile,
  LoadRequest,
  SearchAnswer,
  SliceKey,
  ViewSlice,
  WorkerRequest,
  WorkerResponse,
} from './protocol';

let worker: Worker | null = null;
let nextId = 1;
/** Export requests waiting for their answer (they are not loads: the app stays "ready"). */
const exports = new Map<number, (answer: ExportAnswer) => void>();
const searches = new Map<number, (answer: SearchAnswer) => void>();
const details = new Map<number, (answer: { version: number; span: Span | null }) => void>();
/** Loads sent and not answered: what Cancel stops. */
const loads = new Set<number>();
/** The last slice asked for, for the analysis version shown then. */
let inflight: { readonly id: number; readonly key: SliceKey; readonly version: number } | null = null;
/**
 * The last navigation (go to span, open a trace) waiting for its slice: applied with it in one
 * store update, so the canvas goes from the old view straight to the new one. Drawing the old
 * view at the new view's camera for the frames between (an empty slice) mounted every one of the
 * overview's 5,000 trace-pair edges at 100k spans: a 1 s task.
 */
let going: { readonly id: number; readonly from: string; readonly next: TraceState; readonly arrive: (version: number, slice: ViewSlice) => void } | null = null;

/** The view of a state (level, trace, filter, ceiling, selection): a navigation is given up when it changes before its slice comes. */
const viewKey = (s: TraceState): string => JSON.stringify(viewSpecOf(s));

/** The navigation waiting for the slice of message `id`, unless the view was changed meanwhile (then the newer change stands). */
function goingFor(id: number): NonNullable<typeof going> | null {
  if (going === null || going.id !== id) return null;
  return going.from === viewKey(useTraceStore.getState()) ? going : null;
}

/** Asks for the slice of the view `next` (the state after a navigation); `arrive` applies both. */
function navigate(next: TraceState, arrive: (version: number, slice: ViewSlice) => void): boolean {
  const want = next.graph.analysis === null || worker === null ? null : missingSlice(next);
  if (want === null || worker === null) {
    going = null;
    return false;
  }
  const id = nextId++;
  going = { id, from: viewKey(useTraceStore.getState()), next, arrive };
  worker.postMessage({ type: 'slice', id, traces: want.traces } satisfies WorkerRequest);
  useTraceStore.getState().sliceRequested();
  return true;
}
/** Bumped by Cancel, so a demo still being fetched is not handed on. */
let cancelEpoch = 0;

/** A snapshot's notes and view, applied once its spans are in the store. */
function applyShare(share: ShareState): void {
  const notes = new Map<NoteTarget, string>(share.notes.map((n) => [n.target, n.text]));
  useTraceStore.getState().applyShared(share.view, notes);
}

/** Asks for the current view's slice when the store does not hold it and it is not on its way. */
function ensureSlice(s: TraceState): void {
  const want = missingSlice(s);
  const a = s.graph.analysis;
  if (want === null || a === null || worker === null) return;
  if (inflight !== null && inflight.key === want.key && inflight.version === a.version) return;
  const id = nextId++;
  inflight = { id, key: want.key, version: a.version };
  worker.postMessage({ type: 'slice', id, traces: want.traces } satisfies WorkerRequest);
  useTraceStore.getState().sliceRequested();
}

useTraceStore.subscribe(ensureSlice);

/** A message's graph and layout as the store takes them, made whole at once (wire-graph.ts). */
function received(graph: WireGraph, layout: GraphLayout): { graph: LinkGraph; layout: GraphLayout } {
  return new ViewReceiver(graph, layout).view();
}

/** What `inTasks` does when a step returns it: runs that step again in the next task. */
const AGAIN = Symbol('again');
type Step = () => void | typeof AGAIN;

/** Indexing a large graph's keys takes up to this long a task (then the page may answer input). */
const INDEX_SLICE_MS = 30;

/**
 * `received` as steps for `inTasks`: the keys of a graph sent as columns indexed over tasks,
 * then its lists rebuilt and `done` called.
 */
function receiving(graph: WireGraph, layout: GraphLayout, done: (view: { graph: LinkGraph; layout: GraphLayout }) => void): Step[] {
  const receiver = new ViewReceiver(graph, layout);
  const finish: Step = () => {
    done(receiver.view());
  };
  return receiver.done ? [finish] : [() => (receiver.run(INDEX_SLICE_MS) ? undefined : AGAIN), finish];
}

/** Messages that came while a result waited for its own task: handled after it, in order. */
let queued: WorkerResponse[] | null = null;

/**
 * What the canvas will draw for a result, computed before the result reaches the store (the
 * collapse plan of a 10,000-span trace: ~25 ms): drawn-view.ts caches it, so the render that
 * follows finds it done.
 */
function prepare(next: TraceState): void {
  const a = next.graph.analysis;
  if (a === null) return;
  const view = selectCurrentView(next);
  // A view over the span ceiling is drawn at trace level (its `level` says so).
  if (view.level === 'traces') drawnTraces(a, view, next.view.unstackedTraces);
  else drawnSpans(a, view, next.view.expandedTraces, [next.selection.selected, next.selection.focus?.key ?? null]);
}

/** The state a slice will give when it reaches the store (what `onMessage` will make of it). */
function stateWithSlice(msg: Extract<WorkerResponse, { type: 'slice' }>, slice: ViewSlice): TraceState {
  const nav = goingFor(msg.id);
  if (nav !== null) return sliceReceived(nav.next, msg.version, slice);
  const s = useTraceStore.getState();
  return sliceReceived(s, msg.version, stillWanted(s, slice));
}

/** `slice` when the view of `s` still lacks it; null for a slice of a view left meanwhile (the one for the new view is on its way). */
function stillWanted(s: TraceState, slice: ViewSlice): ViewSlice | null {
  const want = missingSlice(s);
  return want !== null && want.key === slice.key ? slice : null;
}

/**
 * Handles the worker's messages in order. A result, and a slice sent as columns (over 2,000
 * spans), is taken in tasks: the one that received (and so deserialised) it; those that index
 * its keys, 30 ms at a time; one that rebuilds its lists and parent edges; one that prepares
 * what the canvas draws for it; one that puts it in the store and renders. A 10,000-span slice
 * was one 126 ms task of all of them; opening a 50,000-span trace was one of 203-230 ms. Now the
 * page can answer input between them. Messages that come meanwhile wait, in order. A step that
 * fails is told as the worker's failures are (`gaveUp`), and the messages that waited are handled.
 */
function receive(msg: WorkerResponse): void {
  if (queued !== null) {
    queued.push(msg);
    return;
  }
  try {
    if (msg.type === 'slice' && (msg.slice.graph as WireGraph).columns !== undefined) {
      let slice = msg.slice;
      const steps = receiving(msg.slice.graph, msg.slice.layout, (view) => (slice = { ...msg.slice, ...view }));
      queued = [];
      inTasks(msg, ...steps, () => prepare(stateWithSlice(msg, slice)), () => applyThenQueued({ ...msg, slice }));
      return;
    }
    if (msg.type !== 'result' || msg.analysis === null) {
      onMessage(msg.type === 'slice' ? { ...msg, slice: { ...msg.slice, ...received(msg.slice.graph, msg.slice.layout) } } : msg);
      return;
    }
    const a = msg.analysis;
    let result: typeof msg = msg;
    const steps = receiving(a.graph, a.layout, (view) => (result = { ...msg, analysis: { ...a, ...view } }));
    queued = [];
    inTasks(msg, ...steps, () => prepare(resultReceived(useTraceStore.getState(), result.analysis!, result.errors)), () => applyThenQueued(result));
  } catch (e) {
    gaveUp(msg, e);
  }
}

/**
 * A result or slice that could not be taken (a step threw: a packed node named no span, say):
 * told as the worker's own failures are (a load's error; a slice's view drawn without it), and
 * the messages that waited for it are handled, so the page does not wait for ever.
 */
function gaveUp(msg: WorkerResponse, e: unknown): void {
  const after = queued ?? [];
  queued = null;
  const why = e instanceof Error ? e.message : String(e);
  onMessage({ type: 'failure', id: msg.id, message: `The worker's answer could not be taken: ${why}` });
  for (const m of after) receive(m);
}

/** Applies a message taken in tasks, then the messages that waited for it, in order. */
function applyThenQueued(msg: WorkerResponse): void {
  const after = queued!;
  queued = null;
  try {
    onMessage(msg);
  } finally {
    for (const m of after) receive(m);
  }
}

/**
 * Runs the steps of taking `msg` each in a task of its own, in order (the page may answer input
 * between them). A step that returns AGAIN runs again in the next task; one that throws ends them
 * (`gaveUp`).
 */
function inTasks(msg: WorkerResponse, ...steps: Step[]): void {
  const next = (i: number) => {
    if (i === steps.length) return;
    setTimeout(() => {
      let again: boolean;
      try {
        again = steps[i]!() === AGAIN;
      } catch (e) {
        gaveUp(msg, e);
        return;
      }
      next(again ? i : i + 1);
    }, 0);
  };
  next(0);
}

function onMessage(msg: WorkerResponse): void {
  const store = useTraceStore.getState();
  switch (msg.type) {
    case 'progress':
      if (loads.has(msg.id)) store.progressed(msg);
      return;
    case 'result':
      loads.delete(msg.id);
      store.resultReceived(msg.analysis, msg.errors);
      if (msg.share) applyShare(msg.share);
      return;
    case 'cancelled':
      loads.delete(msg.id);
      store.loadCancelled();
      return;
    case 'slice': {
      const nav = goingFor(msg.id);
      if (going?.id === msg.id) going = null;
      if (nav !== null) {
        nav.arrive(msg.version, msg.slice);
        return;
      }
      if (inflight?.id === msg.id) inflight = null;
      store.sliceReceived(msg.version, stillWanted(store, msg.slice));
      return;
    }
    case 'found':
      searches.get(msg.id)?.(msg.answer);
      searches.delete(msg.id);
      return;
    case 'details':
      details.get(msg.id)?.({ version: msg.version, span: msg.span });
      details.delete(msg.id);
      return;
    case 'exported':
      exports.get(msg.id)?.(msg.answer);
      exports.delete(msg.id);
      return;
    case 'failure':
      if (exports.has(msg.id)) {
        exports.get(msg.id)?.({ ok: false, message: msg.message });
        exports.delete(msg.id);
      } else if (details.has(msg.id)) {
        details.get(msg.id)?.({ version: -1, span: null });
        details.delete(msg.id);
      } else if (searches.has(msg.id)) {
        searches.get(msg.id)?.({ query: '', total: 0, hits: [] });
        searches.delete(msg.id);
      } else if (!loads.has(msg.id)) {
        if (inflight?.id === msg.id) inflight = null;
        if (going?.id === msg.id) going = null;
        store.sliceReceived(-1, null);
      } else {
        loads.delete(msg.id);
        store.requestFailed(msg.message);
      }
  }
}

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./core.worker.ts', import.meta.url), { type: 'module', name: 'tracelinks-core' });
  worker.addEventListener('message', (event: MessageEvent<WorkerResponse>) => receive(event.data));
  worker.addEventListener('error', (event) => {
    // No answer will come for what was asked: the details panel says so rather than waiting.
    for (const done of details.values()) done({ version: -1, span: null });
    details.clear();
    useTraceStore.getState().requestFailed(`The analysis worker failed: ${event.message || 'unknown error'}`);
  });
  return worker;
}

/** Sends a load: it is pending (the app reads "loading") until the worker answers or it is cancelled. */
function send(request: LoadRequest, transfer: Transferable[] = []): void {
  loads.add(request.id);
  useTraceStore.getState().requestSent();
  getWorker().postMessage(request, transfer);
}

const view = () => viewSpecOf(useTraceStore.getState());

/**
 * Adds files to what is loaded. Bytes are transferred, not copied; a browser File goes as it is
 * and the worker reads it. "Reading" shows at once, before the worker has started.
 */
export function addFiles(files: readonly InputFile[]): void {
  if (files.length === 0) return;
  const transfer: Transferable[] = [];
  for (const f of files) if (f.data instanceof Uint8Array) transfer.push(f.data.buffer);
  send({ type: 'add', id: nextId++, files, view: view() }, transfer);
  useTraceStore.getState().progressed({ phase: 'reading', done: 0, total: files.length, file: files[0]!.name });
}

export function removeFile(file: string): void {
  send({ type: 'remove', id: nextId++, file, view: view() });
}

export function clearFiles(): void {
  send({ type: 'clear', id: nextId++ });
}

/** Redacts what is shown and shared (the worker re-analyses the files it holds). */
export function setRedaction(redaction: Redaction): void {
  useTraceStore.getState().setRedaction(redaction);
  send({ type: 'redact', id: nextId++, redaction, view: view() });
}

/** Opens a share link's fragment (`tl1.…`): it replaces what is loaded when it reads. */
export function openShareFragment(fragment: string): void {
  send({ type: 'open-share', id: nextId++, fragment, view: view() });
}

/**
 * Stops every load in flight: the worker drops those not started and stops the running one at
 * its next file or phase; what was loaded before stays, and the store says the load was cancelled.
 */
export function cancelLoads(): void {
  cancelEpoch++;
  const store = useTraceStore.getState();
  if (store.files.pending === 0) return;
  store.cancelRequested();
  if (loads.size > 0) getWorker().postMessage({ type: 'cancel', ids: [...loads] } satisfies WorkerRequest);
}

/** Asks the worker for an export; resolves with its text or the reason it cannot be made. */
export function requestExport(request: ExportRequest): Promise<ExportAnswer> {
  const id = nextId++;
  return new Promise((resolve) => {
    exports.set(id, resolve);
    getWorker().postMessage({ type: 'export', id, request } satisfies WorkerRequest);
  });
}

/** Searches the whole model in the worker: how many spans match, and the first `limit` of them. */
export function searchSpans(query: string, limit: number): Promise<SearchAnswer> {
  if (worker === null || query.trim() === '') return Promise.resolve({ query, total: 0, hits: [] });
  const id = nextId++;
  return new Promise((resolve) => {
    searches.set(id, resolve);
    getWorker().postMessage({ type: 'search', id, query, limit } satisfies WorkerRequest);
  });
}

/**
 * A span whole, from the worker's model: what the details panel shows of a span the page holds
 * without its attributes (wire-spans.ts `isBriefSpan`), with the analysis version it is from
 * (the worker's last, which can be ahead of the page's). Null when it has no such span; version
 * -1 when the worker could not answer.
 */
export function spanDetails(key: SpanKey): Promise<{ version: number; span: Span | null }> {
  if (worker === null) return Promise.resolve({ version: -1, span: null });
  const id = nextId++;
  return new Promise((resolve) => {
    details.set(id, resolve);
    getWorker().postMessage({ type: 'details', id, key } satisfies WorkerRequest);
  });
}

/**
 * Selects a span and centres it. When the view does not draw it, the slice of the view that
 * does (its trace opened) is asked for first, and the view, the slice and the selection change
 * together when it comes: the canvas goes straight to the span, with no empty frame between.
 */
export function goToSpan(key: SpanKey): void {
  const s = useTraceStore.getState();
  const sent = performance.now();
  const asked = navigate(select(s, key, true), (version, slice) => {
    useTraceStore.getState().goToSpan(key, version, slice);
    // User Timing, for the browser tests and profiles: Enter to the span's view in the store.
    performance.measure('tracelinks:go-to-span', { start: sent, end: performance.now() });
  });
  if (!asked) s.select(key, true);
}

/**
 * Opens a trace (null: back to all traces) as goToSpan goes to a span: when the new view needs
 * spans the store does not hold, they are asked for first and the view changes with them.
 */
export function openTrace(traceId: TraceId | null): void {
  const s = useTraceStore.getState();
  const sent = performance.now();
  const asked = navigate(openTraceIn(s, traceId), (version, slice) => {
    useTraceStore.getState().openTraceWith(traceId, version, slice);
    performance.measure('tracelinks:open-trace', { start: sent, end: performance.now() });
  });
  if (!asked) s.openTrace(traceId);
}

/** Adds browser File objects (from a picker or a drop): the worker reads them, nothing is read here. */
export function addBrowserFiles(files: Iterable<File>): Promise<void> {
  addFiles([...files].map((file) => ({ name: file.name, data: file })));
  return Promise.resolve();
}

/** Loads the demo traces listed in public/demo/manifest.json (an array of names, or `{files: [...]}`). */
export async function loadDemo(): Promise<void> {
  const base = `${import.meta.env.BASE_URL}demo/`;
  const store = useTraceStore.getState();
  const epoch = cancelEpoch;
  store.requestSent(); // counts the fetches as part of loading, so the app reads "loading" meanwhile
  try {
    const response = await fetch(`${base}manifest.json`);
    if (!response.ok) throw new Error(`manifest.json: HTTP ${response.status}`);
    const manifest: unknown = await response.json();
    const list = Array.isArray(manifest) ? manifest : (manifest as { files?: unknown }).files;
    const names = Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string') : [];
    const files = await Promise.all(
      names.map(async (name) => {
        const r = await fetch(`${base}${encodeURI(name)}`);
        if (!r.ok) throw new Error(`${name}: HTTP ${r.status}`);
        return { name: name.split('/').pop() ?? name, data: new Uint8Array(await r.arrayBuffer()) };
      }),
    );
    if (epoch !== cancelEpoch) {
      useTraceStore.getState().loadCancelled();
      return;
    }
    addFiles(files);
    useTraceStore.getState().requestSettled();
  } catch (error) {
    const store = useTraceStore.getState();
    store.requestSettled();
    store.loadFailed({ file: 'demo', message: `Could not load the demo: ${(error as Error).message}` });
  }
}
