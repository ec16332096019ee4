import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOtlp } from '../../../scripts/gen-traces';
import { analyse } from '../analyse';
import { spanKey, type SpanKey } from '../ids';
import { addSpans, createSpanSet } from '../model/merge';
import type { Span } from '../model/span';
import { readTraceFile } from '../readers/index';
import { makeLink, makeSpan, spanId, traceId } from '../test-support/make-span';
import { repoFiles } from '../test-support/repo-files';
import { buildGraph } from './build-graph';
import { causalPath } from './causal-path';
import type { LinkGraph } from './types';

function graphOf(spans: Span[]): LinkGraph {
  const set = createSpanSet();
  addSpans(set, spans);
  return buildGraph(set);
}
const key = (trace: string, span: string): SpanKey => spanKey(traceId(trace), spanId(span));
const sorted = (s: Iterable<string>) => [...s].sort();

/**
 * The reference: reachability by repeated relaxation over every edge until nothing changes
 * (quadratic, obviously right). Upstream follows edges backwards, downstream forwards.
 */
function naive(graph: LinkGraph, start: SpanKey) {
  const arcs: { cause: SpanKey; effect: SpanKey; id: string }[] = [
    ...graph.parentEdges.map((e) => ({ cause: e.parent, effect: e.child, id: e.id })),
    ...graph.linkEdges.map((e) => ({ cause: e.from, effect: e.to, id: e.id })),
  ];
  const reach = (forward: boolean) => {
    const seen = new Set<SpanKey>([start]);
    const edges = new Set<string>();
    for (let changed = true; changed; ) {
      changed = false;
      for (const a of arcs) {
        const [here, there] = forward ? [a.cause, a.effect] : [a.effect, a.cause];
        if (!seen.has(here)) continue;
        if (!edges.has(a.id)) {
          edges.add(a.id);
          changed = true;
        }
        if (!seen.has(there)) {
          seen.add(there);
          changed = true;
        }
      }
    }
    seen.delete(start);
    return { seen, edges };
  };
  const up = reach(false);
  const down = reach(true);
  return { upstream: up.seen, downstream: down.seen, edges: new Set([...up.edges, ...down.edges]) };
}

function expectLikeNaive(graph: LinkGraph, start: SpanKey) {
  const got = causalPath(graph, start);
  const want = naive(graph, start);
  expect(sorted(got.upstream)).toEqual(sorted(want.upstream));
  expect(sorted(got.downstream)).toEqual(sorted(want.downstream));
  expect(sorted(got.edges)).toEqual(sorted(want.edges));
}

describe('causalPath: hand-made graphs', () => {
  // Trace a: 1 -> 2 -> 3, 1 -> 4. Trace b: 5 -> 6, where 5 links to a/3 and 6 links to a/9 (missing).
  // Trace c: 7 links to b/6. Trace d: 8, unrelated.
  const g = graphOf([
    makeSpan({ trace: 'a', id: '1' }),
    makeSpan({ trace: 'a', id: '2', parent: '1' }),
    makeSpan({ trace: 'a', id: '3', parent: '2' }),
    makeSpan({ trace: 'a', id: '4', parent: '1' }),
    makeSpan({ trace: 'b', id: '5', links: [makeLink('a', '3')] }),
    makeSpan({ trace: 'b', id: '6', parent: '5', links: [makeLink('a', '9')] }),
    makeSpan({ trace: 'c', id: '7', links: [makeLink('b', '6')] }),
    makeSpan({ trace: 'd', id: '8' }),
  ]);

  it('walks up parents and link targets, down children and link holders, across traces', () => {
    const p = causalPath(g, key('b', '6'));
    expect(sorted(p.upstream)).toEqual(sorted([key('b', '5'), key('a', '3'), key('a', '2'), key('a', '1'), key('a', '9')]));
    expect(sorted(p.downstream)).toEqual([key('c', '7')]);
    // Edge ids as the graph has them: parent edge = the child's key, link edge = `l:<holder>#<index>`.
    expect(sorted(p.edges)).toEqual(
      sorted([key('b', '6'), `l:${key('b', '6')}#0`, `l:${key('b', '5')}#0`, key('a', '3'), key('a', '2'), `l:${key('c', '7')}#0`]),
    );
    // a/4 is a sibling branch: neither a cause nor an effect of b/6.
    expect(p.upstream.has(key('a', '4')) || p.downstream.has(key('a', '4'))).toBe(false);
  });

  it('goes down from a producer into every consumer and their subtrees', () => {
    const p = causalPath(g, key('a', '2'));
    expect(sorted(p.upstream)).toEqual([key('a', '1')]);
    expect(sorted(p.downstream)).toEqual(sorted([key('a', '3'), key('b', '5'), key('b', '6'), key('c', '7')]));
  });

  it('starts from a placeholder too: nothing upstream, its holders downstream', () => {
    const p = causalPath(g, key('a', '9'));
    expect(p.upstream.size).toBe(0);
    expect(sorted(p.downstream)).toEqual(sorted([key('b', '6'), key('c', '7')]));
  });

  it('has empty sets for an unrelated span or an unknown key', () => {
    for (const k of [key('d', '8'), key('f', 'f')]) {
      const p = causalPath(g, k);
      expect([p.upstream.size, p.downstream.size, p.edges.size]).toEqual([0, 0, 0]);
    }
  });

  it('agrees with a naive fixed point from every span and placeholder', () => {
    for (const k of [...g.spans.keys(), ...g.placeholders.keys()]) expectLikeNaive(g, k);
  });

  it('terminates on parent cycles, link cycles and self-links, and never lists the start', () => {
    const cyclic = graphOf([
      makeSpan({ trace: 'a', id: '1', parent: '2' }),
      makeSpan({ trace: 'a', id: '2', parent: '1', links: [makeLink('b', '3')] }),
      makeSpan({ trace: 'b', id: '3', links: [makeLink('c', '4'), makeLink('b', '3')] }),
      makeSpan({ trace: 'c', id: '4', links: [makeLink('a', '1')] }),
    ]);
    const p = causalPath(cyclic, key('a', '1'));
    expect(sorted(p.upstream)).toEqual(sorted([key('a', '2'), key('b', '3'), key('c', '4')]));
    expect(sorted(p.downstream)).toEqual(sorted([key('a', '2'), key('b', '3'), key('c', '4')]));
    expect(p.upstream.has(key('a', '1')) || p.downstream.has(key('a', '1'))).toBe(false);
    for (const k of cyclic.spans.keys()) expectLikeNaive(cyclic, k);
  });

  it('walks a 10,000-deep parent chain and a 10,000-long link chain without overflowing', () => {
    const n = 10_000;
    const hex = (i: number) => (i + 1).toString(16);
    const chain: Span[] = [];
    for (let i = 0; i < n; i++) chain.push(makeSpan({ trace: 'a', id: hex(i), ...(i > 0 ? { parent: hex(i - 1) } : {}) }));
    // Then a chain of traces, each root linking to the previous trace's root.
    for (let i = 0; i < n; i++) chain.push(makeSpan({ trace: `b${hex(i)}`, id: '1', links: [i === 0 ? makeLink('a', hex(n - 1)) : makeLink(`b${hex(i - 1)}`, '1')] }));
    const g2 = graphOf(chain);
    const t0 = performance.now();
    const fromTop = causalPath(g2, key('a', hex(0)));
    const fromBottom = causalPath(g2, key(`b${hex(n - 1)}`, '1'));
    const elapsed = performance.now() - t0;
    expect(fromTop.downstream.size).toBe(2 * n - 1);
    expect(fromTop.upstream.size).toBe(0);
    expect(fromBottom.upstream.size).toBe(2 * n - 1);
    expect(fromBottom.edges.size).toBe(2 * n - 1);
    expect(elapsed).toBeLessThan(2_000);
  });
});

describe('causalPath: the demo traces', () => {
  const a = analyse(repoFiles(fs, (p) => new URL(p, import.meta.url)).loadDemo());
  const g = a.graph;
  const named = (service: string, name: string) => [...g.spans].find(([, s]) => s.service === service && s.name === name)![0];
  const consumer = named('analytics-service', 'process orders-analytics');

  it('puts every producer of the batch consumer upstream, with their parents, and nothing beside them', () => {
    const p = causalPath(g, consumer);
    const publishOrders = named('order-service', 'publish orders');
    const publishPayments = named('payment-service', 'publish payments');
    // The links' targets: two producers and the three placeholders of its broken links.
    expect(sorted(g.linkEdges.filter((e) => e.to === consumer).map((e) => e.from))).toEqual(
      sorted([publishOrders, publishPayments, ...g.placeholders.keys()]),
    );
    expect(sorted(p.upstream)).toEqual(
      sorted([
        // publish orders and its ancestors in the order trace.
        publishOrders,
        named('order-service', 'POST /orders'),
        named('web-frontend', 'POST'),
        named('web-frontend', 'POST /checkout'),
        // publish payments and its parent, the payment consumer, which links to publish orders (already in).
        publishPayments,
        named('payment-service', 'process orders'),
        ...g.placeholders.keys(),
      ]),
    );
    // Downstream: only its own children (nothing links to a batch consumer).
    expect(sorted(p.downstream)).toEqual(sorted(g.parentEdges.filter((e) => e.parent === consumer).map((e) => e.child)));
    // Siblings of the producers (validate order, INSERT orders, the cart call) are not on the path.
    for (const other of [named('order-service', 'validate order'), named('cart-service', 'GET /carts/{cartId}'), named('payment-service', 'fraud check')]) {
      expect(p.upstream.has(other) || p.downstream.has(other)).toBe(false);
    }
    expect(p.edges.has(`l:${consumer}#0`)).toBe(true);
  });

  it('agrees with a naive fixed point from every span and placeholder of the demo', () => {
    for (const k of [...g.spans.keys(), ...g.placeholders.keys()]) expectLikeNaive(g, k);
  });
});

describe('causalPath: generated traces', () => {
  it('agrees with a naive fixed point on generated traces with missing targets', () => {
    const text = generateOtlp({ traces: 200, spansPerTrace: 5, links: 300, missingRatio: 0.1, seed: 3 });
    const g = analyse([readTraceFile('gen.json', new TextEncoder().encode(text))]).graph;
    const keys = [...g.spans.keys()];
    for (let i = 0; i < keys.length; i += 37) expectLikeNaive(g, keys[i]!);
  });
});
