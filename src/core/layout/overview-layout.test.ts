import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse } from '../analyse';
import type { LinkGraph } from '../graph/types';
import { repoFiles } from '../test-support/repo-files';
import { linkedChains, makeGraph, SAMPLE_CYCLE, sampleGraph } from './graph-builder.testutil';
import { expectCausal, expectSoundBoxes } from './layout-checks.testutil';
import { OVERVIEW_NODE_HEIGHT, OVERVIEW_NODE_WIDTH, layoutOverview } from './overview-layout';
import type { GraphLayout } from './types';

/** One fixed-size box per trace, in causal order, inside the bounds, no two overlapping. */
function expectSound(graph: LinkGraph, layout: GraphLayout) {
  expectSoundBoxes(graph, layout, (box) => expect([box.width, box.height, box.nodes]).toEqual([OVERVIEW_NODE_WIDTH, OVERVIEW_NODE_HEIGHT, []]));
}

describe('layoutOverview', () => {
  it('places one fixed-size box per trace with ELK, left to right by causality, without overlaps', async () => {
    const g = sampleGraph();
    const layout = await layoutOverview(g);
    expect(layout.traces).toHaveLength(g.traces.size);
    expectSound(g, layout);
    expect(expectCausal(g, layout, SAMPLE_CYCLE)).toBe(5);
  });

  it('gives the same result twice (deterministic)', async () => {
    const g = sampleGraph();
    expect(await layoutOverview(g)).toEqual(await layoutOverview(g));
  });

  it('packs columns by causal rank past the box or pair budget, as layoutGraph does', async () => {
    const g = sampleGraph();
    const packed = await layoutOverview(g, { maxElkBoxes: 0 });
    expectSound(g, packed);
    expectCausal(g, packed, SAMPLE_CYCLE);
    expect(await layoutOverview(g, { maxElkEdges: 0 })).toEqual(packed);
    expect(await layoutOverview(g)).not.toEqual(packed);
  });

  it('uses the packing past 500 traces by default, and stays quick', async () => {
    const g = makeGraph(linkedChains(1_500));
    const t0 = performance.now();
    const layout = await layoutOverview(g);
    expect(performance.now() - t0).toBeLessThan(8_000);
    expect(layout.traces).toHaveLength(1_500);
    expectSound(g, layout);
    expectCausal(g, layout);
  }, 30_000);

  it('returns an empty layout for an empty graph', async () => {
    expect(await layoutOverview(makeGraph([]))).toEqual({ traces: [], width: 0, height: 0 });
  });

  it('lays the demo traces out left to right by every cross-trace link, placeholder boxes included', async () => {
    const g = analyse(repoFiles(fs, (p) => new URL(p, import.meta.url)).loadDemo()).graph;
    const layout = await layoutOverview(g);
    expect(layout.traces).toHaveLength(12);
    expectSound(g, layout);
    // All 15 demo links cross traces; none is in a cycle.
    expect(expectCausal(g, layout)).toBe(15);
  });
});
