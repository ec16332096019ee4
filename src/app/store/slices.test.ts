/**
 * The store over what the worker sends: the bounded analysis plus the current view's slice.
 * Real payloads: the demo loaded by the worker's session and cut by the worker's own functions.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SpanKey } from '../../core';
import { coreDeps } from '../worker/core-deps';
import type { AnalysisPayload } from '../worker/protocol';
import { LoadSession } from '../worker/session';
import { resultPayload, sliceOf } from '../worker/slice';
import { missingSlice, selectCurrentView, sliceCovers, sliceKey, viewSpecOf, wantedSlice } from './current-view';
import * as t from './transforms';
import type { TraceState } from './types';

const DEMO = resolve(process.cwd(), 'public/demo');
const demo = ['order-flow.json', 'email-retries.json', 'analytics-and-refunds.json'].map((name) => ({
  name,
  data: new Uint8Array(readFileSync(resolve(DEMO, name))),
}));

async function loaded(level: 'traces' | 'spans'): Promise<{ full: AnalysisPayload; s: TraceState }> {
  const answer = await new LoadSession(coreDeps).add(demo, () => {});
  if (answer.analysis === null) throw new Error(JSON.stringify(answer.errors));
  const full = answer.analysis;
  let s = t.setLevel(t.initialState, level);
  s = t.resultReceived(t.requestSent(s), resultPayload(full, viewSpecOf(s)), []);
  return { full, s };
}

/** What the client does on a view change: ask for the wanted slice, apply the answer. */
function answerSlice(s: TraceState, full: AnalysisPayload): TraceState {
  const want = wantedSlice(s.graph.analysis!, selectCurrentView(s), s.selection.selected);
  if (want === null || want.key === s.graph.analysis!.slice) return s;
  return t.sliceReceived(t.sliceRequested(s), full.version, structuredClone(sliceOf(full, want.traces)));
}

describe('slices in the store', () => {
  it('opens a trace from the trace level: the slice of its view arrives and replaces the (empty) one held', async () => {
    const { full, s: start } = await loaded('traces');
    expect(start.graph.analysis?.graph.spans.size).toBe(0);
    const open = full.overview.graph.edges[0]!.to;
    let s = t.openTrace(start, open);
    const view = selectCurrentView(s);
    expect(view.openTrace).toBe(open);
    s = answerSlice(s, full);
    expect(s.files.slicing).toBe(0);
    expect(new Set(s.graph.analysis!.graph.traces.keys())).toEqual(view.traces);
    // Back to all traces: nothing more is needed, the slice held stays.
    const back = t.openTrace(s, null);
    expect(wantedSlice(back.graph.analysis!, selectCurrentView(back), null)).toBeNull();
  });

  it('drops a slice of an older analysis, and one the view already holds', async () => {
    const { full, s } = await loaded('traces');
    const open = t.openTrace(s, full.overview.graph.nodes[0]!.traceId);
    const want = wantedSlice(open.graph.analysis!, selectCurrentView(open), null)!;
    const stale = t.sliceReceived(t.sliceRequested(open), full.version - 1, sliceOf(full, want.traces));
    expect(stale.graph.analysis).toBe(open.graph.analysis);
    expect(stale.files.slicing).toBe(0);
    const applied = answerSlice(open, full);
    const again = t.sliceReceived(applied, full.version, sliceOf(full, want.traces));
    expect(again.graph.analysis).toBe(applied.graph.analysis);
  });

  it('go to span from the trace level: its trace opened, the span selected and centred, its full details held, in one update', async () => {
    const { full, s } = await loaded('traces');
    const [key, span] = [...full.graph.spans].find(([, x]) => x.links.length > 0 && x.attributes.length > 0)!;
    const next = t.select(s, key, true);
    expect(next.view.openTrace).toBe(span.traceId);
    const want = wantedSlice(next.graph.analysis!, selectCurrentView(next), key)!;
    const went = t.goToSpan(t.sliceRequested(s), key, full.version, structuredClone(sliceOf(full, want.traces)));
    expect(went.view).toEqual(next.view);
    expect(went.selection.selected).toBe(key);
    expect(went.selection.focus?.key).toBe(key);
    expect(went.files.slicing).toBe(0);
    expect(went.graph.analysis!.graph.spans.get(key)).toEqual(span);
    // Its links are in the slice, with their far ends named.
    const links = went.graph.analysis!.graph.linkEdges.filter((e) => e.to === key);
    expect(links).toHaveLength(span.links.length);
    for (const e of links) expect(went.graph.analysis!.graph.spans.has(e.from) || went.graph.analysis!.graph.placeholders.has(e.from)).toBe(true);
  });

  it('open a trace from the overview with its slice: the view and its spans change in one update', async () => {
    const { full, s } = await loaded('traces');
    const traceId = full.overview.graph.nodes.find((n) => n.spanCount > 0)!.traceId;
    const next = t.openTrace(s, traceId);
    const want = wantedSlice(next.graph.analysis!, selectCurrentView(next), null)!;
    const opened = t.openTraceWith(t.sliceRequested(s), traceId, full.version, structuredClone(sliceOf(full, want.traces)));
    expect(opened.view).toEqual(next.view);
    expect(opened.files.slicing).toBe(0);
    const held = opened.graph.analysis!.graph;
    for (const key of full.graph.traces.get(traceId)!.spans) expect(held.spans.get(key)).toEqual(full.graph.spans.get(key));
    // A slice of another version (the files changed meanwhile) is not applied; the view still opens.
    const stale = t.openTraceWith(t.sliceRequested(s), traceId, full.version + 1, sliceOf(full, want.traces));
    expect(stale.view).toEqual(next.view);
    expect(stale.graph.analysis).toBe(s.graph.analysis);
  });

  it('selecting a span the view draws keeps the view; a span of a trace not drawn opens it', async () => {
    const { full, s } = await loaded('spans');
    expect(s.graph.analysis?.slice).toBe('*');
    const [key] = [...full.graph.spans][3]!;
    expect(t.select(s, key, true).view).toBe(s.view);
    const open = t.openTrace(s, full.overview.graph.edges[0]!.to);
    const view = selectCurrentView(open);
    const outside = [...full.graph.spans].find(([, x]) => !view.traces!.has(x.traceId))!;
    expect(t.select(open, outside[0], true).view.openTrace).toBe(outside[1].traceId);
    expect(t.select(open, outside[0]).view).toBe(open.view); // a plain click moves nothing
  });

  it('a reload at the trace level keeps a selection whose trace still exists; a slice without it drops it', async () => {
    const { full, s } = await loaded('traces');
    const [key] = [...full.graph.spans][0]!;
    const selected = t.select(s, key);
    const again = t.resultReceived(t.requestSent(selected), resultPayload(full, { ...viewSpecOf(selected), selected: null }), []);
    expect(again.selection.selected).toBe(key);
    const trace = full.graph.spans.get(key)!.traceId;
    const missing = `${trace}/ffffffffffffffff` as SpanKey;
    const ghost = t.select(again, missing);
    const cut = t.sliceReceived(t.sliceRequested(ghost), full.version, sliceOf(full, [trace]));
    expect(cut.selection.selected).toBeNull();
  });

  it('a cancelled load says so, keeps the analysis and puts back the redaction shown', async () => {
    const { s } = await loaded('spans');
    let c = t.setRedaction(t.requestSent(s), { values: true, names: false });
    c = t.cancelRequested(c);
    expect(c.files.cancelling).toBe(true);
    c = t.loadCancelled(c);
    expect(c.files.pending).toBe(0);
    expect(c.files.cancelling).toBe(false);
    expect(c.files.notice).toMatch(/cancelled/);
    expect(c.files.loads).toBe(s.files.loads + 1);
    expect(c.graph.analysis).toBe(s.graph.analysis);
    expect(c.review.redaction).toEqual(s.graph.analysis!.redaction);
    expect(t.requestSent(c).files.notice).toBeNull();
  });
});

describe('sliceCovers', () => {
  it('keeps a slice that has every trace of the view: all spans cover any view, a neighbourhood covers its traces', async () => {
    const { full } = await loaded('spans');
    const ids = [...full.graph.traces.keys()];
    const want = (traces: typeof ids | null) => ({ key: traces === null ? '*' : sliceKey(traces), traces });
    expect(sliceCovers('*', want([ids[0]!]))).toBe(true);
    expect(sliceCovers(sliceKey(ids.slice(0, 3)), want([ids[2]!, ids[0]!]))).toBe(true);
    expect(sliceCovers(sliceKey(ids.slice(0, 3)), want([ids[3]!]))).toBe(false);
    expect(sliceCovers(sliceKey(ids.slice(0, 3)), want(null))).toBe(false);
    expect(sliceCovers('', want([ids[0]!]))).toBe(false);
    expect(sliceCovers('', want([]))).toBe(true);
  });
});

describe('missingSlice (what the client asks the worker for)', () => {
  it('asks for the opened trace’s view, nothing once it is held, and the selected span’s trace at the trace level', async () => {
    const { full, s } = await loaded('traces');
    expect(missingSlice(s)).toBeNull();
    const open = t.openTrace(s, full.overview.graph.edges[0]!.to);
    const want = missingSlice(open);
    expect(want?.traces).toEqual([...selectCurrentView(open).traces!]);
    expect(missingSlice(answerSlice(open, full))).toBeNull();
    const [key, span] = [...full.graph.spans].at(-1)!;
    const picked = t.select(s, key);
    expect(missingSlice(picked)?.traces).toEqual([span.traceId]);
  });
});
