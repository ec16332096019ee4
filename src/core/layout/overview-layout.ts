/**
 * The trace overview's layout: every trace (loaded or placeholder) one box of a fixed size, no
 * span nodes, placed exactly as `layoutGraph` places its boxes (ELK's layered placement left to
 * right by causality, column packing past the same budgets). Boxes are small and all alike, so
 * the overview stays readable where the span view has too much to draw.
 *
 * Worker-safe, like elk-layout.ts.
 */
import type { LinkGraph } from '../graph/types';
import { placeBoxes, type LayoutGraphOptions } from './elk-layout';
import type { SizedBox } from './pack-columns';
import { causalOrder } from './trace-order';
import type { GraphLayout } from './types';

/** Size of one trace box in the overview, in graph units (px at zoom 1). */
export const OVERVIEW_NODE_WIDTH = 260;
export const OVERVIEW_NODE_HEIGHT = 84;

/**
 * @example const overview = await layoutOverview(graph); overview.traces[0].nodes.length === 0
 * Boxes come back in causal order (`orderTraces`), positions absolute, each
 * OVERVIEW_NODE_WIDTH x OVERVIEW_NODE_HEIGHT with `nodes: []`. `opts` are layoutGraph's budgets.
 */
export async function layoutOverview(graph: LinkGraph, opts: LayoutGraphOptions = {}): Promise<GraphLayout> {
  const { order, rank, edges } = causalOrder(graph);
  const boxes: SizedBox[] = order.map((traceId) => ({
    traceId,
    width: OVERVIEW_NODE_WIDTH,
    height: OVERVIEW_NODE_HEIGHT,
    nodes: [],
    rank: rank.get(traceId) ?? 0,
  }));
  return placeBoxes(boxes, edges, opts);
}
