import { describe, expect, it } from 'vitest';
import { generateOtlp } from '../../../scripts/gen-traces';
import { analyse } from '../../core/analyse';
import { subgraph, sublayout } from '../../core/graph/subgraph';
import { spanKey, type LinkGraph, type SpanKey, type TraceId } from '../../core';
import { readTraceFile } from '../../core/readers/index';
import { layoutGraph } from '../../core/layout/elk-layout';
import { KEPT_FOREST_SPANS, keptForest, spanForest, type SpanForest } from '../../core/layout/tree-layout';
import { adoptForests, COLUMN_SPANS, packParents, packView, unpackParents, ViewReceiver, withForests, type WireBox } from './wire-graph';
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

describe('a large view on the wire', () => {
  /** A view as the worker posts it: sliced, packed, and cloned with its buffers transferred. */
  async function posted(graph: LinkGraph, traces: ReadonlySet<TraceId>) {
    const layout = await layoutGraph(graph);
    // With the forests the worker's layout kept (their arrays stay the worker's: not transferred).
    const slice = withForests(packParents(subgraph(graph, traces)), graph);
    const sliceLayout = sublayout(layout, traces);
    // Before the transfer detaches the pairs.
    const parentEdges = unpackParents(slice).parentEdges;
    const wire = packView(slice, sliceLayout);
    return { slice, sliceLayout, parentEdges, wire, sent: structuredClone({ graph: wire.graph, layout: wire.layout }, { transfer: wire.transfer }) };
  }

  it('goes as columns past COLUMN_SPANS and comes back as it was: keys, traces, edges and box nodes', async () => {
    const graph = graphOf(generateOtlp({ traces: 3, spansPerTrace: 1_700, links: 60, missingRatio: 0.1, seed: 9 }));
    const [first, second] = [...graph.traces.keys()];
    // Two traces of a slice, and the far ends of their links in the third (spans outside any trace of it).
    const { slice, sliceLayout, parentEdges, wire, sent } = await posted(graph, new Set([first!, second!]));
    expect(slice.spans.size).toBeGreaterThan(COLUMN_SPANS);
    expect(sent.graph.spans.size).toBe(0);
    expect(sent.graph.columns?.count).toBe(slice.spans.size);
    expect([...sent.graph.traces.values()].map((t) => t.spans.length)).toEqual([0, 0]);
    // Each box holds its 1,700 spans and the missing spans its links point to.
    expect(sliceLayout.traces.map((b) => b.nodes.length >= 1_700)).toEqual([true, true]);
    expect(sent.layout.traces.map((b) => b.nodes.length)).toEqual([0, 0]);
    expect(wire.transfer.length).toBeGreaterThan(10);
    const back = new ViewReceiver(sent.graph, sent.layout).view();
    // The buffers went (the worker's columns and pairs are detached); the worker's kept forests did not.
    expect(wire.graph.parentPairs?.byteLength).toBe(0);
    expect(keptForest(graph, first!)?.parent.length).toBe(graph.traces.get(first!)!.spans.length + graph.traces.get(first!)!.placeholders.length);
    expect(keptForest(back.graph, first!)?.parent).toEqual(keptForest(graph, first!)?.parent);
    expect([...back.graph.spans.keys()]).toEqual([...slice.spans.keys()]);
    expect([...back.graph.traces]).toEqual([...slice.traces]);
    expect(back.graph.parentEdges).toEqual(parentEdges);
    expect(back.graph.linkEdges).toEqual(slice.linkEdges);
    expect(back.graph.placeholders).toEqual(slice.placeholders);
    expect(back.layout).toEqual(sliceLayout);
    expect(back.graph).not.toHaveProperty('columns');
    expect(back.layout.traces[0]).not.toHaveProperty('packed');
    // A span of the third trace, the far end of a link, is there by its key.
    const far = [...slice.spans.values()].find((s) => s.traceId !== first && s.traceId !== second)!;
    expect(back.graph.spans.get(spanKey(far.traceId, far.spanId))?.name).toBe(far.name);
  });

  it('a small view goes as it is, and is received as the parent edges unpacked', async () => {
    const graph = graphOf(generateOtlp({ traces: 2, spansPerTrace: 20, links: 2, missingRatio: 0, seed: 3 }));
    const { slice, sliceLayout, parentEdges, wire, sent } = await posted(graph, new Set(graph.traces.keys()));
    expect(wire.graph).toBe(slice);
    expect(wire.layout).toBe(sliceLayout);
    // Only its parent pairs, made for this message, are transferred.
    expect(wire.transfer).toEqual([slice.parentPairs!.buffer]);
    const back = new ViewReceiver(sent.graph, sent.layout);
    expect(back.done).toBe(true);
    expect(back.view().graph.parentEdges).toEqual(parentEdges);
  });

  it('is made whole a slice of time at a time, to the same view as at once', async () => {
    const graph = graphOf(generateOtlp({ traces: 2, spansPerTrace: 3_000, links: 20, missingRatio: 0.1, seed: 6 }));
    const { sent } = await posted(graph, new Set(graph.traces.keys()));
    const receiver = new ViewReceiver(sent.graph, sent.layout);
    // No time at all still indexes 1,000 keys a run: it always gets on.
    let runs = 0;
    while (!receiver.run(0)) runs++;
    expect(runs).toBeGreaterThanOrEqual(5);
    const stepped = receiver.view();
    const atOnce = new ViewReceiver(sent.graph, sent.layout).view();
    expect([...stepped.graph.spans.keys()]).toEqual([...atOnce.graph.spans.keys()]);
    expect(stepped.graph.parentEdges).toEqual(graph.parentEdges);
    expect(stepped.layout).toEqual(atOnce.layout);
    // Every trace as it was, the placeholder traces of the missing targets among them (no spans, so no run).
    expect([...graph.traces.values()].some((t) => t.placeholder)).toBe(true);
    expect([...stepped.graph.traces]).toEqual([...graph.traces]);
  });

  it('a box whose nodes are not its trace’s keys goes as it is, and a packed one that names no key fails loudly', async () => {
    const graph = graphOf(generateOtlp({ traces: 1, spansPerTrace: 2_500, links: 0, missingRatio: 0, seed: 4 }));
    const layout = await layoutGraph(graph);
    const box = layout.traces[0]!;
    const odd = { ...layout, traces: [{ ...box, nodes: [...box.nodes, { key: 'x/y' as SpanKey, x: 0, y: 0, depth: 0 }] }] };
    const wire = packView(packParents(graph), odd);
    expect(wire.graph.columns).toBeDefined();
    expect(wire.layout.traces[0]!.nodes).toHaveLength(2_501);
    const good = packView(packParents(graph), layout);
    const packed = good.layout.traces[0] as WireBox;
    const broken = { ...good.layout, traces: [{ ...packed, packed: { ...packed.packed!, at: packed.packed!.at.map((i) => (i === 0 ? 99_999 : i)) } }] };
    expect(() => new ViewReceiver(good.graph, broken).view()).toThrow(/names no span/);
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
