/**
 * The client against the real worker code, in this process: messages cross through
 * structuredClone, as between threads, and the worker's answers wait in `outbox` until the test
 * delivers them, so a test can change the view while an answer is on its way.
 */
/// <reference types="vite/client" />
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { generateOtlp } from '../../../scripts/gen-traces';
import type { SpanKey, TraceId } from '../../core';
import type { WorkerRequest, WorkerResponse } from './protocol';
import type { WireBox, WireGraph } from './wire-graph';
import { isBriefSpan } from './wire-spans';

type Listener = (event: { data: unknown }) => void;

/** The worker's `self`: what it posts waits in `outbox`. */
const outbox: WorkerResponse[] = [];
const workerListeners: Listener[] = [];
const clientListeners: Listener[] = [];

class InProcessWorker {
  addEventListener(type: string, listener: Listener): void {
    if (type === 'message') clientListeners.push(listener);
  }
  postMessage(message: WorkerRequest): void {
    const data = structuredClone(message);
    for (const l of workerListeners) l({ data });
  }
}

/** Hands the client every answer posted so far, then lets the tasks it starts run. */
async function deliver(): Promise<void> {
  for (let round = 0; round < 50 && outbox.length > 0; round++) {
    const batch = outbox.splice(0);
    for (const m of batch) for (const l of clientListeners) l({ data: structuredClone(m) });
    // The worker runs loads on promises and timers; the client applies slices in tasks.
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 50));
}

/** Until the worker has posted an answer of `type` (a load runs over a few of its own tasks). */
async function answered(type: WorkerResponse['type']): Promise<void> {
  await vi.waitFor(() => expect(outbox.some((m) => m.type === type)).toBe(true), { timeout: 10_000, interval: 10 });
}

let client: typeof import('./client');
let store: typeof import('../store/trace-store');

beforeAll(async () => {
  vi.stubGlobal('self', {
    addEventListener: (type: string, listener: Listener) => {
      if (type === 'message') workerListeners.push(listener);
    },
    // Transferred buffers leave the worker, as between threads: a later answer needing one fails.
    postMessage: (message: WorkerResponse, transfer: Transferable[] = []) => outbox.push(structuredClone(message, { transfer })),
  });
  vi.stubGlobal('Worker', InProcessWorker);
  await import('./core.worker');
  client = await import('./client');
  store = await import('../store/trace-store');
});

const state = () => store.useTraceStore.getState();

/** The slice answer among these messages. */
const sliceIn = (messages: WorkerResponse[]) => messages.find((m): m is Extract<WorkerResponse, { type: 'slice' }> => m.type === 'slice');

/** Hands the client the answers posted so far, in this task: the steps they start have not run yet. */
function handOver(keep: (m: WorkerResponse) => boolean = () => true): void {
  for (const m of outbox.splice(0)) if (keep(m)) for (const l of clientListeners) l({ data: structuredClone(m) });
}

/** Loads `text` alone, with a span ceiling that puts it at trace level (its answer holds no spans). */
async function loadAlone(text: string): Promise<{ traces: TraceId[]; spansOf: (t: TraceId) => number }> {
  client.clearFiles();
  await answered('result');
  await deliver();
  state().setOnlyProblems(false);
  // Past this ceiling the view is drawn at trace level: opening a trace asks the worker for its spans.
  state().setSpanLimit(100);
  client.addFiles([{ name: 'traces.json', data: new TextEncoder().encode(text) }]);
  await answered('result');
  await deliver();
  expect(state().graph.analysis?.graph.spans.size).toBe(0);
  const traces = state().graph.analysis!.overview.graph.nodes.filter((t) => !t.placeholder).map((t) => t.traceId);
  const spansOf = (t: TraceId) => [...state().graph.analysis!.graph.spans.values()].filter((s) => s.traceId === t).length;
  return { traces, spansOf };
}

describe('client: a navigation and a view change made while its slice is on its way', () => {
  it('opens a trace with its slice, unless the view was changed meanwhile: then that change stands', async () => {
    // 6 traces of 40 spans, some links missing (so "only problems" keeps some traces).
    const { traces, spansOf } = await loadAlone(generateOtlp({ traces: 6, spansPerTrace: 40, links: 12, missingRatio: 0.3, seed: 5 }));
    expect(state().graph.analysis?.summary.spans).toBe(240);

    // Nothing changed meanwhile: the trace opens when its slice comes.
    client.openTrace(traces[0]!);
    expect(outbox.some((m) => m.type === 'slice')).toBe(true);
    expect(state().view.openTrace).toBeNull();
    await deliver();
    expect(state().view.openTrace).toBe(traces[0]);
    expect(spansOf(traces[0]!)).toBe(40);

    // Back to all traces; then open another, and turn "only problems" on before its slice comes.
    client.openTrace(null);
    await deliver();
    expect(state().view.openTrace).toBeNull();
    client.openTrace(traces[1]!);
    expect(outbox.some((m) => m.type === 'slice')).toBe(true);
    state().setOnlyProblems(true);
    await deliver();
    // The newer change stands: the filter is on, and the navigation gave way (no trace opened).
    expect(state().view.onlyProblems).toBe(true);
    expect(state().view.openTrace).toBeNull();
    // And the store is not left waiting for a slice: the view it shows is whole.
    expect(state().files.slicing).toBe(0);
  });

  it('a slice sent as columns is indexed over tasks; a view change made while it is indexed stands', async () => {
    // Traces of 2,500 spans: a slice of one goes as columns (COLUMN_SPANS 2,000).
    const { traces, spansOf } = await loadAlone(generateOtlp({ traces: 3, spansPerTrace: 2_500, links: 30, missingRatio: 0.3, seed: 8 }));
    client.openTrace(traces[0]!);
    expect((sliceIn(outbox)!.slice.graph as WireGraph).columns?.count).toBeGreaterThan(2_500);
    // Received, but not yet indexed (that takes tasks of its own), when the filter is turned on.
    handOver();
    state().setOnlyProblems(true);
    await deliver();
    expect(state().view.onlyProblems).toBe(true);
    expect(state().view.openTrace).toBeNull();
    expect(state().files.slicing).toBe(0);

    // Left alone, it opens with all its spans.
    state().setOnlyProblems(false);
    await deliver();
    client.openTrace(traces[0]!);
    handOver();
    await deliver();
    expect(state().view.openTrace).toBe(traces[0]);
    expect(spansOf(traces[0]!)).toBe(2_500);
  });

  it('a slice that cannot be taken is given up, and the page goes on', async () => {
    const { traces, spansOf } = await loadAlone(generateOtlp({ traces: 3, spansPerTrace: 2_500, links: 30, missingRatio: 0.3, seed: 8 }));
    client.openTrace(traces[1]!);
    // Its box's first node names no span of the trace: rebuilding the layout throws.
    const box = sliceIn(outbox)!.slice.layout.traces[0] as WireBox;
    box.packed!.at[0] = 1e9;
    handOver();
    await deliver();
    // Not opened half drawn, and not waiting for ever.
    expect(state().view.openTrace).toBeNull();
    expect(state().files.slicing).toBe(0);
    // The next navigation works.
    client.openTrace(traces[2]!);
    await deliver();
    expect(state().view.openTrace).toBe(traces[2]);
    expect(spansOf(traces[2]!)).toBe(2_500);
  });

  it('a span of a slice sent as columns is held brief, and the worker sends it whole for the details panel', async () => {
    const { traces } = await loadAlone(generateOtlp({ traces: 2, spansPerTrace: 2_500, links: 30, missingRatio: 0.3, seed: 9 }));
    client.openTrace(traces[0]!);
    await deliver();
    const spans = state().graph.analysis!.graph.spans;
    const [key, span] = [...spans].find(([, s]) => s.traceId === traces[0])!;
    expect(isBriefSpan(span)).toBe(true);
    expect(span.attributes).toEqual([]);
    const asked = client.spanDetails(key);
    await answered('details');
    await deliver();
    const { version, span: whole } = await asked;
    // From the analysis the page shows.
    expect(version).toBe(state().graph.analysis!.version);
    expect(whole).toMatchObject({ traceId: span.traceId, spanId: span.spanId, name: span.name, service: span.service });
    expect(whole!.attributes.length).toBeGreaterThan(0);
    expect(isBriefSpan(whole!)).toBe(false);
    // A key the model lacks: null, not a hang.
    const none = client.spanDetails('x/y' as SpanKey);
    await answered('details');
    await deliver();
    expect((await none).span).toBeNull();
  });
});
