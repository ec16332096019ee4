import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse } from '../analyse';
import type { LinkGraph } from '../graph/types';
import { repoFiles } from '../test-support/repo-files';
import { expectCausal, expectSoundBoxes, layoutContract } from './layout-checks.testutil';
import { OVERVIEW_NODE_HEIGHT, OVERVIEW_NODE_WIDTH, layoutOverview } from './overview-layout';
import type { GraphLayout } from './types';

/** One fixed-size box per trace, in causal order, inside the bounds, no two overlapping. */
function expectSound(graph: LinkGraph, layout: GraphLayout) {
  expectSoundBoxes(graph, layout, (box) => expect([box.width, box.height, box.nodes]).toEqual([OVERVIEW_NODE_WIDTH, OVERVIEW_NODE_HEIGHT, []]));
}

describe('layoutOverview', () => {
  layoutContract(layoutOverview, expectSound);

  it('lays the demo traces out left to right by every cross-trace link, placeholder boxes included', async () => {
    const g = analyse(repoFiles(fs, (p) => new URL(p, import.meta.url)).loadDemo()).graph;
    const layout = await layoutOverview(g);
    expect(layout.traces).toHaveLength(12);
    expectSound(g, layout);
    // All 15 demo links cross traces; none is in a cycle.
    expect(expectCausal(g, layout)).toBe(15);
  });
});
