import { describe, expect, it } from 'vitest';
import { spanKey } from '../../core';
import { makeLink, spanId, traceId, type SpanSpec } from '../../core/test-support/make-span';
import { analysisOf } from '../test-support/analysis.testutil';
import { currentView } from '../store/current-view';
import { initialState, setTraceExpanded } from '../store/transforms';
import { drawnCounts, drawnLayout } from './first-view';
import { drawnSpans } from './drawn-view';
import { toFlow } from './to-flow';

const key = (trace: string, id: string) => spanKey(traceId(trace), spanId(id));

/** Trace a: a root, 40 groups of 30 spans (1,241 spans, ids 1GGCC); trace b: one span linking a's 10703. */
function specs(): SpanSpec[] {
  const id = (g: number, c: number) => `1${String(g).padStart(2, '0')}${String(c).padStart(2, '0')}`;
  const out: SpanSpec[] = [{ trace: 'a', id: 'abc', name: 'root', startUs: 0 }];
  for (let g = 0; g < 40; g++) {
    out.push({ trace: 'a', id: id(g, 0), parent: 'abc', startUs: g + 1 });
    for (let c = 1; c <= 30; c++) out.push({ trace: 'a', id: id(g, c), parent: id(g, 0), startUs: g + 1 + c / 100 });
  }
  out.push({ trace: 'b', id: 'def', name: 'consumer', startUs: 5, links: [makeLink('a', '10703')] });
  return out;
}

describe('drawnSpans', () => {
  it('draws a large trace collapsed within the node budget, and toFlow draws its hidden-span nodes', async () => {
    const a = await analysisOf(specs());
    const view = currentView(a, 'spans', null, false);
    const { plan, layout } = drawnSpans(a, view);
    expect(plan.fullNodes).toBe(2 + 1242);
    expect(plan.traces.get(traceId('a'))).toMatchObject({ level: 'links', total: 1241, shown: 3 });
    const flow = toFlow(a.graph, layout, { expandedLarge: plan.expandedLarge });
    expect(flow.nodes.length).toBe(plan.nodes);
    expect(flow.nodes.length).toBeLessThanOrEqual(1000);
    const spans = flow.nodes.filter((n) => n.type === 'span').map((n) => n.id).sort();
    expect(spans).toEqual([key('a', 'abc'), key('a', '10700'), key('a', '10703'), key('b', 'def')].sort());
    const hidden = flow.nodes.filter((n) => n.type === 'hidden');
    expect(hidden.reduce((s, n) => s + (n.type === 'hidden' ? n.data.count : 0), 0)).toBe(1241 - 3);
    // The link is drawn (both ends kept), and every hidden-span node hangs off its parent span.
    expect(flow.edges.some((e) => e.type === 'link' && e.source === key('a', '10703'))).toBe(true);
    for (const h of hidden) expect(flow.edges.some((e) => e.target === h.id && e.type === 'parent')).toBe(true);
    const box = flow.nodes.find((n) => n.type === 'trace' && n.data.traceId === traceId('a'));
    expect(box?.type === 'trace' && box.data.collapse).toEqual({ level: 'links', shown: 3, total: 1241 });
    // The first view and the canvas agree on what is drawn.
    expect(drawnLayout(a, view)).toBe(layout);
    expect(drawnCounts(a, view, layout)).toEqual({ nodes: flow.nodes.length, edges: flow.edges.length });
  });

  it('keeps the selection drawn, returns the same object while the pins are drawn anyway, and draws an expanded trace whole', async () => {
    const a = await analysisOf(specs());
    const view = currentView(a, 'spans', null, false);
    const base = drawnSpans(a, view);
    expect(drawnSpans(a, view, undefined, [key('a', '10703'), null])).toBe(base);
    const pinned = drawnSpans(a, view, undefined, [key('a', '13912')]);
    const drawnKeys = new Set(pinned.layout.traces.flatMap((b) => b.nodes.map((n) => n.key)));
    expect(drawnKeys.has(key('a', '13912'))).toBe(true);
    expect(drawnKeys.has(key('a', '13900'))).toBe(true);

    const s = setTraceExpanded(initialState, traceId('a'), true);
    expect(setTraceExpanded(s, traceId('a'), true)).toBe(s);
    expect([...s.view.expandedTraces]).toEqual([traceId('a')]);
    const open = drawnSpans(a, view, s.view.expandedTraces);
    expect(open.plan.traces.size).toBe(0);
    expect([...open.plan.expandedLarge]).toEqual([traceId('a')]);
    const flow = toFlow(a.graph, open.layout, { expandedLarge: open.plan.expandedLarge });
    expect(flow.nodes.filter((n) => n.type === 'span')).toHaveLength(1242);
    const box = flow.nodes.find((n) => n.type === 'trace' && n.data.traceId === traceId('a'));
    expect(box?.type === 'trace' && box.data).toMatchObject({ collapse: null, expanded: true });
    expect(setTraceExpanded(s, traceId('a'), false).view.expandedTraces.size).toBe(0);
  });
});
