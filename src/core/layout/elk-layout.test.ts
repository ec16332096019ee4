import { describe, expect, it } from 'vitest';
import type { TraceId } from '../ids';
import type { LinkGraph } from '../graph/types';
import { buildGraph } from '../graph/build-graph';
import { addSpans, createSpanSet } from '../model/merge';
import { layoutGraph } from './elk-layout';
import { makeSpan, repeatId as t, sampleGraph } from './graph-builder.testutil';
import { expectSoundBoxes, layoutContract } from './layout-checks.testutil';
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
  layoutContract(layoutGraph, expectSound);

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
