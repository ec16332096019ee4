import { describe, expect, it } from 'vitest';
import type { TraceId } from '../ids';
import type { LinkGraph } from '../graph/types';
import { makeGraph, type SpanSpec } from './graph-builder.testutil';
import { causalOrder, orderTraces } from './trace-order';

const t = (c: string) => c.repeat(32) as TraceId;
const A = t('a');
const B = t('b');
const C = t('c');
const D = t('d');
const E = t('e');

/** Index of each trace id in the order, by its first letter. */
function positions(order: readonly TraceId[]) {
  return (c: string) => order.indexOf(t(c) as TraceId);
}

/** Trace pairs (target -> holder) that have a link, across traces. */
function linkedPairs(g: LinkGraph) {
  const traceOf = (k: string) => k.split('/')[0]!;
  return g.linkEdges.map((e) => [traceOf(e.from), traceOf(e.to)] as const).filter(([a, b]) => a !== b);
}

describe('orderTraces', () => {
  it('puts a linked trace left of the traces that link to it, whatever their start times', () => {
    // c links b, b links a; start times run the other way.
    const g = makeGraph([
      { trace: A, span: 'a1', start: 300 },
      { trace: B, span: 'b1', start: 200, links: [`${A}/a1`] },
      { trace: C, span: 'c1', start: 100, links: [`${B}/b1`] },
    ]);
    expect(orderTraces(g)).toEqual([A, B, C]);
    expect(causalOrder(g).rank).toEqual(new Map([[A, 0], [B, 1], [C, 2]]));
  });

  it('orders unrelated traces by start time, then id', () => {
    const g = makeGraph([
      { trace: C, span: 'c1', start: 5 },
      { trace: A, span: 'a1', start: 9 },
      { trace: B, span: 'b1', start: 5 },
      { trace: D, span: 'd1' },
    ]);
    expect(orderTraces(g)).toEqual([B, C, A, D]);
  });

  it('respects every link in a fan-out and fan-in', () => {
    const g = makeGraph([
      { trace: E, span: 'batch', start: 1, links: [`${B}/b1`, `${C}/c1`, `${D}/d1`] },
      { trace: A, span: 'a1', start: 50 },
      { trace: B, span: 'b1', start: 40, links: [`${A}/a1`] },
      { trace: C, span: 'c1', start: 30, links: [`${A}/a1`] },
      { trace: D, span: 'd1', start: 20, links: [`${A}/a1`] },
    ]);
    const at = positions(orderTraces(g));
    for (const [from, to] of linkedPairs(g)) expect(at(from[0]!)).toBeLessThan(at(to[0]!));
    // The three consumers are unordered among themselves: by start time.
    expect([at('d'), at('c'), at('b')]).toEqual([1, 2, 3]);
  });

  it('breaks link cycles deterministically, earliest first, whatever the load order', () => {
    const specs: SpanSpec[] = [
      { trace: A, span: 'a1', start: 20, links: [`${B}/b1`] },
      { trace: B, span: 'b1', start: 10, links: [`${A}/a1`] },
      { trace: C, span: 'c1', start: 0, links: [`${A}/a1`] },
    ];
    const first = orderTraces(makeGraph(specs));
    expect(first).toEqual([B, A, C]);
    expect(orderTraces(makeGraph([...specs].reverse()))).toEqual(first);
    const { edges, rank } = causalOrder(makeGraph(specs));
    for (const e of edges) expect(first.indexOf(e.from)).toBeLessThan(first.indexOf(e.to));
    expect(rank.get(A)).toBe(rank.get(B));
    expect(rank.get(C)).toBe(rank.get(A)! + 1);
  });

  it('puts a placeholder trace right before the first trace that links to it', () => {
    const g = makeGraph([
      { trace: A, span: 'a1', start: 1 },
      { trace: B, span: 'b1', start: 2 },
      { trace: C, span: 'c1', start: 3, links: [`${D}/gone`] },
      { trace: E, span: 'e1', start: 4, links: [`${D}/gone2`, `${C}/c1`] },
    ]);
    expect(g.traces.get(D as TraceId)!.placeholder).toBe(true);
    expect(orderTraces(g)).toEqual([A, B, D, C, E]);
    const { rank } = causalOrder(g);
    expect(rank.get(D)).toBe(0);
    expect(rank.get(C)).toBe(1);
    expect(rank.get(E)).toBe(2);
  });

  it('handles a 20,000-trace link chain without recursion limits', () => {
    const specs: SpanSpec[] = [];
    const id = (i: number) => i.toString(16).padStart(32, '0');
    for (let i = 0; i < 20_000; i++) {
      specs.push({ trace: id(i), span: 's', start: 20_000 - i, links: i > 0 ? [`${id(i - 1)}/s`] : [] });
    }
    const order = orderTraces(makeGraph(specs));
    expect(order).toHaveLength(20_000);
    expect(order[0]).toBe(id(0));
    expect(order[19_999]).toBe(id(19_999));
  });
});
