import { describe, expect, it } from 'vitest';
import { generateOtlp } from '../../../scripts/gen-traces';
import { analyse } from '../../core/analyse';
import { subgraph } from '../../core/graph/subgraph';
import type { LinkGraph, SpanKey } from '../../core';
import { readTraceFile } from '../../core/readers/index';
import { layoutGraph } from '../../core/layout/elk-layout';
import { KEPT_FOREST_SPANS, keptForest, spanForest, type SpanForest } from '../../core/layout/tree-layout';
import { adoptForests, joinSpans, packParents, splitSpans, SPANS_PER_PART, SpansJoin, unpackParents, withForests } from './wire-graph';
import { spanFailed } from '../../core/graph/span-lookup';
import { planCollapse } from '../../core/layout/collapse';

const graphOf = (text: string): LinkGraph => analyse([readTraceFile('g.json', text)]).graph;

describe('parent edges on the wire', () => {
  it('come back as they were, in order, through a structured clone', () => {
    const graph = graphOf(generateOtlp({ traces: 30, spansPerTrace: 40, links: 60, missingRatio: 0.1, seed: 5 }));
    const some = subgraph(graph, new Set([...graph.traces.keys()].slice(3, 9)));
    expect(some.parentEdges.length).toBeGreaterThan(100);
    const sent = structuredClone(packParents(some));
    expect(sent.parentEdges).toEqual([]);
    expect(sent.parentPairs?.length).toBe(some.parentEdges.length * 2);
    const back = unpackParents(sent);
    expect(back.parentEdges).toEqual(some.parentEdges);
    expect([...back.spans.keys()]).toEqual([...some.spans.keys()]);
    expect(back).not.toHaveProperty('parentPairs');
  });

  it('a graph whose edges cannot be packed is sent as it is', () => {
    const graph = graphOf(generateOtlp({ traces: 2, spansPerTrace: 5, links: 0, missingRatio: 0, seed: 2 }));
    const first = graph.parentEdges[0]!;
    // An edge whose parent is not among the spans (no slice makes one; the packer must not guess).
    const odd: LinkGraph = { ...graph, parentEdges: [...graph.parentEdges, { id: first.child, parent: 'x/y' as never, child: first.child }] };
    expect(packParents(odd)).toBe(odd);
    expect(unpackParents(odd)).toBe(odd);
  });
});

describe('a large graph’s spans on the wire', () => {
  it('go ahead in parts of SPANS_PER_PART and come back as they were, keys and order, through structured clones', () => {
    const graph = graphOf(generateOtlp({ traces: 3, spansPerTrace: 1_700, links: 40, missingRatio: 0.1, seed: 9 }));
    expect(graph.spans.size).toBe(5_100);
    const whole = subgraph(graph, new Set(graph.traces.keys()));
    const packed = packParents(whole);
    const { graph: sent, parts } = splitSpans(packed);
    expect(parts.map((p) => p.length)).toEqual([SPANS_PER_PART, SPANS_PER_PART, 5_100 - 2 * SPANS_PER_PART]);
    expect(sent.spans.size).toBe(0);
    const back = unpackParents(joinSpans(structuredClone(sent), parts.map((p) => structuredClone(p))));
    expect([...back.spans.keys()]).toEqual([...whole.spans.keys()]);
    expect([...back.spans.values()]).toEqual([...whole.spans.values()]);
    expect(back.parentEdges).toEqual(whole.parentEdges);
    expect(back).not.toHaveProperty('spanParts');
  });

  it('a small graph goes whole, and a join missing a part fails loudly instead of drawing half a trace', () => {
    const small = graphOf(generateOtlp({ traces: 2, spansPerTrace: 20, links: 2, missingRatio: 0, seed: 3 }));
    expect(splitSpans(small)).toEqual({ graph: small, parts: [] });
    expect(joinSpans(small, [])).toBe(small);
    const big = graphOf(generateOtlp({ traces: 1, spansPerTrace: 4_500, links: 0, missingRatio: 0, seed: 4 }));
    const { graph: sent, parts } = splitSpans(big);
    expect(() => joinSpans(sent, parts.slice(1))).toThrow(/expected 3 parts/);
  });

  it('are joined a slice of time at a time, to the same graph as joined at once', () => {
    const graph = graphOf(generateOtlp({ traces: 2, spansPerTrace: 3_000, links: 20, missingRatio: 0.1, seed: 6 }));
    const { graph: sent, parts } = splitSpans(packParents(subgraph(graph, new Set(graph.traces.keys()))));
    expect(parts).toHaveLength(3);
    const join = new SpansJoin(sent, parts);
    // No time at all still joins one part a run: it always gets on.
    let runs = 0;
    while (!join.run(0)) {
      runs++;
      expect(() => join.graph()).toThrow(/not all joined/);
    }
    expect(runs).toBe(2);
    expect(join.done).toBe(true);
    const back = unpackParents(join.graph());
    expect([...back.spans.keys()]).toEqual([...unpackParents(joinSpans(sent, parts)).spans.keys()]);
    expect(back.parentEdges).toEqual(graph.parentEdges);
  });
});

describe('span forests on the wire', () => {
  const plain = (f: SpanForest) => ({ keys: f.keys, parent: f.parent, order: f.order, depth: f.depth, index: f.index });

  it('the worker layout’s forests of the large traces come with a view, fit the page’s graph, and are not built there again', async () => {
    const graph = graphOf(generateOtlp({ traces: 4, spansPerTrace: 1_200, links: 40, missingRatio: 0.1, seed: 4 }));
    await layoutGraph(graph);
    const large = [...graph.traces.values()].filter((t) => t.spans.length >= KEPT_FOREST_SPANS).map((t) => t.traceId);
    expect(large).toHaveLength(4);
    // A view of two large traces and every small one (the placeholder boxes of missing targets).
    const shown = new Set([...graph.traces.keys()].filter((id) => !large.includes(id) || id === large[0] || id === large[2]));
    const sent = structuredClone(withForests(packParents(subgraph(graph, shown)), graph));
    expect(sent.forests?.map((f) => f.traceId)).toEqual([large[0], large[2]]);
    const back = adoptForests(unpackParents(sent), sent);
    const layout = await layoutGraph(back);
    for (const traceId of [large[0]!, large[2]!]) {
      const trace = back.traces.get(traceId)!;
      const adopted = keptForest(back, traceId)!;
      expect(spanForest(trace, back)).toBe(adopted);
      // What the page would have built from its own graph (a copy, for which nothing is kept).
      expect(plain(adopted)).toEqual(plain(spanForest(trace, { ...back })));
      // Which nodes failed or are placeholders, as the page's own lookups say (some are, here).
      const failed = adopted.keys.map((k) => (spanFailed(back, k) !== false ? 1 : 0));
      expect([...adopted.failed!]).toEqual(failed);
      expect(failed.filter((f) => f === 1).length).toBeGreaterThan(0);
    }
    // The collapse plan is the same with them as with the page's lookups (a copy keeps no forest).
    const options = { budget: 300, problems: new Set<SpanKey>() };
    const plan = planCollapse(back, layout, options);
    expect(plan.traces.size).toBeGreaterThan(0);
    expect(plan).toEqual(planCollapse({ ...back }, layout, options));
    expect(keptForest(back, large[1]!)).toBeUndefined();
  });

  it('a forest that does not fit its trace is not taken', () => {
    const graph = graphOf(generateOtlp({ traces: 1, spansPerTrace: 30, links: 0, missingRatio: 0, seed: 1 }));
    const [traceId] = graph.traces.keys();
    const spans = graph.traces.get(traceId!)!.spans.length;
    const fits = (n: number) => new Int32Array(n === 0 ? spans : n);
    // Any one array of the wrong length, and the shape is left.
    for (const [p, o, d] of [[3, 3, 3], [0, 3, 0], [0, 0, 3], [3, 0, 0]] as const) {
      const wrong = { traceId: traceId!, parent: fits(p), order: fits(o), depth: fits(d) };
      expect(keptForest(adoptForests(graph, { ...graph, forests: [wrong] }), traceId!)).toBeUndefined();
    }
  });
});
