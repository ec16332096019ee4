import { describe, expect, it } from 'vitest';
import type { TraceId } from '../ids';
import type { LinkGraph } from '../graph/types';
import { buildGraph } from '../graph/build-graph';
import { addSpans, createSpanSet } from '../model/merge';
import { layoutGraph } from './elk-layout';
import { linkedChains, makeGraph, makeSpan, repeatId as t, SAMPLE_CYCLE, sampleGraph } from './graph-builder.testutil';
import { expectCausal, expectSoundBoxes } from './layout-checks.testutil';
import { layoutTraceSpans } from './tree-layout';
import type { GraphLayout } from './types';

/** Every box sized by its trace's tree, in causal order, inside the bounds, no two overlapping. */
function expectSound(graph: LinkGraph, layout: GraphLayout) {
  expectSoundBoxes(graph, layout, (box) => {
    const tree = layoutTraceSpans(graph.traces.get(box.traceId)!, graph);
    expect([box.width, box.height, box.nodes.length]).toEqual([tree.width, tree.height, tree.nodes.length]);
  });
}

describe('layoutGraph', () => {
  it('places every trace box with ELK, sized by its tree, without overlaps, left to right by links', async () => {
    const g = sampleGraph();
    const layout = await layoutGraph(g);
    expect(layout.traces).toHaveLength(g.traces.size);
    expectSound(g, layout);
    expectCausal(g, layout, SAMPLE_CYCLE);
  });

  it('gives the same result twice (deterministic)', async () => {
    const g = sampleGraph();
    expect(await layoutGraph(g)).toEqual(await layoutGraph(g));
  });

  it('packs columns by causal rank when there are too many boxes for ELK', async () => {
    const g = sampleGraph();
    const layout = await layoutGraph(g, { maxElkBoxes: 0 });
    expectSound(g, layout);
    expectCausal(g, layout, SAMPLE_CYCLE);
  });

  it('also packs when there are too many linked trace pairs for ELK', async () => {
    const g = sampleGraph();
    const packed = await layoutGraph(g, { maxElkBoxes: 0 });
    expect(await layoutGraph(g, { maxElkEdges: 0 })).toEqual(packed);
    expect(await layoutGraph(g)).not.toEqual(packed);
  });

  it('uses the packing past 500 boxes, and stays quick', async () => {
    // Chains of 3 linked traces plus their own small trees.
    const g = makeGraph(linkedChains(1_500));
    const t0 = performance.now();
    const layout = await layoutGraph(g);
    // Packing takes well under a second; ELK on 1,500 boxes would take tens of seconds. The bound
    // is loose so that a busy CI machine does not fail it.
    expect(performance.now() - t0).toBeLessThan(8_000);
    expect(layout.traces).toHaveLength(1_500);
    expectSound(g, layout);
    expectCausal(g, layout);
  }, 30_000);

  it('returns an empty layout for an empty graph', async () => {
    const g = makeGraph([]);
    expect(await layoutGraph(g)).toEqual({ traces: [], width: 0, height: 0 });
  });

  it('keeps a placeholder trace box holding its missing span', async () => {
    const g = sampleGraph();
    const layout = await layoutGraph(g);
    const ghost = layout.traces.find((b) => b.traceId === (t('9') as TraceId))!;
    expect(ghost.nodes.map((n) => n.key)).toEqual([`${t('9')}/lost`]);
  });

  it('lays out a graph from buildGraph, with missing and malformed link targets in their own boxes', async () => {
    const producer = makeSpan({ trace: t('a'), span: '00000000000000a1', start: 1 });
    const consumer = makeSpan({
      trace: t('b'),
      span: '00000000000000b1',
      start: 2,
      links: [`${t('a')}/00000000000000a1`, `${t('c')}/00000000000000c1`, `${t('a')}/00000000000000a9`],
    });
    const malformed = { ...consumer.links[0]!, traceId: `${t('a').slice(1)}g` as TraceId, valid: false };
    const set = createSpanSet();
    addSpans(set, [producer, { ...consumer, links: [...consumer.links, malformed] }]);
    const graph = buildGraph(set);
    expect(graph.linkEdges.map((e) => e.status)).toEqual(['ok', 'missing-trace', 'missing-span', 'invalid-context']);
    const layout = await layoutGraph(graph);
    expect(layout.traces).toHaveLength(graph.traces.size);
    expect(layout.traces).toHaveLength(4);
    expectSound(graph, layout);
    // Every drawn node is a loaded span or a placeholder, and every one of them is drawn once.
    const drawn = layout.traces.flatMap((b) => b.nodes.map((n) => n.key as string));
    expect(drawn.sort()).toEqual([...graph.spans.keys(), ...graph.placeholders.keys()].sort());
    // The consumer's box stands right of every box it links to.
    const b = layout.traces.find((x) => x.traceId === t('b'))!;
    for (const other of layout.traces) if (other !== b) expect(other.x + other.width).toBeLessThanOrEqual(b.x);
  });
});
