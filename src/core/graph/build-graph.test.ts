import { describe, expect, it } from 'vitest';
import { spanKey, type SpanKey } from '../ids';
import { addSpans, createSpanSet } from '../model/merge';
import type { Span } from '../model/span';
import { makeLink, makeSpan, spanId, traceId } from '../test-support/make-span';
import { buildGraph, isInvalidTarget, orphanRows, rawTraceId } from './build-graph';
import { SpanTable } from '../model/span-table';

function graphOf(spans: Span[]) {
  const set = createSpanSet();
  addSpans(set, spans);
  return buildGraph(set);
}
const key = (trace: string, span: string): SpanKey => spanKey(traceId(trace), spanId(span));

describe('buildGraph: traces and parent edges', () => {
  it('groups spans by trace with services, start time and root', () => {
    const g = graphOf([
      makeSpan({ trace: 'a', id: '2', parent: '1', service: 'api', startUs: 20 }),
      makeSpan({ trace: 'a', id: '1', service: 'web', startUs: 10 }),
      makeSpan({ trace: 'b', id: '3', service: '', startUs: 5 }),
    ]);
    const a = g.traces.get(traceId('a'))!;
    expect(a.spans).toEqual([key('a', '2'), key('a', '1')]);
    expect(a.root).toBe(key('a', '1'));
    expect(a.startUs).toBe(10);
    expect(a.services).toEqual(['api', 'web']);
    expect(a.placeholder).toBe(false);
    expect(g.traces.get(traceId('b'))!.services).toEqual([]);
    expect(g.parentEdges).toEqual([{ id: key('a', '2'), parent: key('a', '1'), child: key('a', '2') }]);
  });

  it('lists each service once, first seen first, when traces interleave and name many services', () => {
    // Rows of traces a and b alternate; a names 40 services, each twice (past the short list), b one.
    const spans: Span[] = [];
    for (let i = 0; i < 80; i++) {
      spans.push(makeSpan({ trace: 'a', id: `a${i}`, service: `svc-${i % 40}` }));
      spans.push(makeSpan({ trace: 'b', id: `b${i}`, service: i % 2 === 0 ? 'solo' : '' }));
    }
    const g = graphOf(spans);
    expect(g.traces.get(traceId('a'))!.services).toEqual(Array.from({ length: 40 }, (_, i) => `svc-${i}`));
    expect(g.traces.get(traceId('b'))!.services).toEqual(['solo']);
  });

  it('picks the earliest span without a loaded parent as root, orphans included', () => {
    const g = graphOf([
      makeSpan({ id: '1', startUs: 50 }),
      makeSpan({ id: '2', parent: 'ff', startUs: 40 }),
      makeSpan({ id: '3', parent: '1', startUs: 1 }),
    ]);
    expect(g.traces.get(traceId('a'))!.root).toBe(key('a', '2'));
  });

  it('draws no parent edge to a parent in another trace or not loaded', () => {
    const g = graphOf([makeSpan({ trace: 'a', id: '1' }), makeSpan({ trace: 'b', id: '2', parent: '1' })]);
    expect(g.parentEdges).toEqual([]);
    expect(g.traces.get(traceId('b'))!.root).toBe(key('b', '2'));
  });

  it('draws no loop for a span that is its own parent, and still gives a cyclic trace a root', () => {
    const self = graphOf([makeSpan({ id: '1', parent: '1' }), makeSpan({ id: '2', parent: '1' })]);
    expect(self.parentEdges.map((e) => [e.parent, e.child])).toEqual([[key('a', '1'), key('a', '2')]]);
    expect(self.traces.get(traceId('a'))!.root).toBe(key('a', '1'));
    expect(orphanRows(self, self.spans as SpanTable)).toEqual([]);
    const cycle = graphOf([makeSpan({ id: '1', parent: '2', startUs: 9 }), makeSpan({ id: '2', parent: '1', startUs: 3 })]);
    expect(cycle.parentEdges).toHaveLength(2);
    expect(cycle.traces.get(traceId('a'))!.root).toBe(key('a', '2'));
  });

  it('looks parents up per trace: siblings in a row, the same parent id in the next trace', () => {
    const g = graphOf([
      makeSpan({ trace: 'a', id: '1' }),
      makeSpan({ trace: 'a', id: '2', parent: '1' }),
      makeSpan({ trace: 'a', id: '3', parent: '1' }),
      makeSpan({ trace: 'b', id: '4', parent: '1' }),
      makeSpan({ trace: 'b', id: '5' }),
      makeSpan({ trace: 'c', id: '6' }),
    ]);
    expect(g.parentEdges.map((e) => e.child)).toEqual([key('a', '2'), key('a', '3')]);
    expect(orphanRows(g, g.spans as SpanTable).map((row) => (g.spans as SpanTable).keyAt(row))).toEqual([key('b', '4')]);
    expect(g.traces.get(traceId('c'))!.root).toBe(key('c', '6'));
  });

  it('finds the same orphans for a graph it did not build', () => {
    const spans = [
      makeSpan({ trace: 'a', id: '1' }),
      makeSpan({ trace: 'a', id: '2', parent: '9' }),
      makeSpan({ trace: 'a', id: '3', parent: '3' }),
      makeSpan({ trace: 'b', id: '4', parent: '1' }),
    ];
    const g = graphOf(spans);
    const table = g.spans as SpanTable;
    expect(orphanRows(g, table)).toEqual([1, 3]);
    // A copy is not in the build's records: its orphans are searched for, with the same answer.
    expect(orphanRows({ ...g }, table)).toEqual([1, 3]);
    // The orphans are the span whose parent is not loaded and the one whose parent is in another trace.
    expect(orphanRows(g, table).map((row) => table.keyAt(row))).toEqual([key('a', '2'), key('b', '4')]);
  });

  it('builds a 10,000-deep parent chain without overflowing the stack', () => {
    const spans: Span[] = [];
    for (let i = 1; i <= 10_000; i++) {
      spans.push(makeSpan({ id: i.toString(16), startUs: i, ...(i > 1 ? { parent: (i - 1).toString(16) } : {}) }));
    }
    const g = graphOf(spans.reverse());
    expect(g.parentEdges).toHaveLength(9_999);
    expect(g.traces.get(traceId('a'))!.root).toBe(key('a', '1'));
  });
});

describe('buildGraph: link edges and placeholders', () => {
  it('makes one edge per link, from the target to the holder, with a status', () => {
    const g = graphOf([
      makeSpan({ trace: 'a', id: '1' }),
      makeSpan({
        trace: 'b',
        id: '2',
        links: [makeLink('a', '1', { 'link.type': 'producer' }), makeLink('a', '9'), makeLink('c', '3'), makeLink('a', 'g1')],
      }),
    ]);
    expect(g.linkEdges.map((e) => [e.from, e.to, e.linkIndex, e.status])).toEqual([
      [key('a', '1'), key('b', '2'), 0, 'ok'],
      [key('a', '9'), key('b', '2'), 1, 'missing-span'],
      [key('c', '3'), key('b', '2'), 2, 'missing-trace'],
      [`invalid:${traceId('a')}/g1`, key('b', '2'), 3, 'invalid-context'],
    ]);
    expect(g.linkEdges[0]!.attributes).toEqual([{ key: 'link.type', value: 'producer' }]);
    expect(new Set(g.linkEdges.map((e) => e.id)).size).toBe(4);
  });

  it('gives every parent and link edge its own id', () => {
    const g = graphOf([
      makeSpan({ id: '1', links: [makeLink('a', '2'), makeLink('a', '2')] }),
      makeSpan({ id: '2', parent: '1', links: [makeLink('a', '1')] }),
      makeSpan({ id: '3', parent: '1' }),
    ]);
    const ids = [...g.parentEdges, ...g.linkEdges].map((e) => e.id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
  });

  it('puts a missing span in its loaded trace and a missing trace in a placeholder box', () => {
    const g = graphOf([makeSpan({ trace: 'a', id: '1', links: [makeLink('a', '9'), makeLink('c', '3'), makeLink('c', '4')] })]);
    expect(g.traces.get(traceId('a'))!.placeholders).toEqual([key('a', '9')]);
    const c = g.traces.get(traceId('c'))!;
    expect(c).toMatchObject({ placeholder: true, spans: [], placeholders: [key('c', '3'), key('c', '4')], services: [] });
    expect(c.root).toBeUndefined();
    expect(g.placeholders.get(key('a', '9'))).toEqual({ key: key('a', '9'), traceId: traceId('a'), spanId: spanId('9'), reason: 'missing-span' });
    expect(g.placeholders.get(key('c', '3'))!.reason).toBe('missing-trace');
    expect([...g.traces.keys()]).toEqual([traceId('a'), traceId('c')]);
  });

  it('makes one placeholder per distinct target, however many links point at it', () => {
    const g = graphOf([
      makeSpan({ id: '1', links: [makeLink('c', '3')] }),
      makeSpan({ id: '2', links: [makeLink('c', '3'), makeLink('c', '3')] }),
    ]);
    expect(g.linkEdges).toHaveLength(3);
    expect([...g.placeholders.keys()]).toEqual([key('c', '3')]);
    expect(g.traces.get(traceId('c'))!.placeholders).toEqual([key('c', '3')]);
  });

  it('keeps malformed targets apart from loaded spans with the same ids as written', () => {
    const g = graphOf([makeSpan({ trace: 'trace-123', id: 'span-1' }), makeSpan({ trace: 'trace-123', id: 'span-2', links: [makeLink('trace-123', 'span-1')] })]);
    const edge = g.linkEdges[0]!;
    expect(edge.status).toBe('invalid-context');
    expect(g.spans.has(edge.from)).toBe(false);
    const p = g.placeholders.get(edge.from)!;
    expect(p.reason).toBe('invalid-context');
    expect(isInvalidTarget(p.traceId)).toBe(true);
    expect(rawTraceId(p.traceId)).toBe('trace-123');
    expect(g.traces.get(p.traceId)!.placeholders).toEqual([edge.from]);
    expect(g.traces.get(traceId('trace-123'))!.placeholders).toEqual([]);
  });

  it('treats a self-link as ok and all-zero ids as invalid', () => {
    const g = graphOf([makeSpan({ id: '1', links: [makeLink('a', '1'), makeLink('0', '1')] })]);
    expect(g.linkEdges.map((e) => e.status)).toEqual(['ok', 'invalid-context']);
    expect(g.linkEdges[0]!.from).toBe(g.linkEdges[0]!.to);
  });
});
