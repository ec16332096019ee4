/**
 * Whether edges are drawn plain: the canvas is zoomed out past PLAIN_EDGE_ZOOM and the graph is
 * large (past VISIBLE_ONLY_THRESHOLD, where dashed, labelled edges are what costs; a small graph
 * keeps its dashes at any zoom). The zoom is read with a boolean selector on React Flow's store:
 * every zoom step runs it, but an edge re-renders only when the threshold is crossed.
 */
import { useStore, type ReactFlowState } from '@xyflow/react';
import { createContext, useContext } from 'react';
import { LONG_LINK, PLAIN_EDGE_ZOOM } from './thresholds';

export const selectZoomedOut = (s: ReactFlowState): boolean => s.transform[2] < PLAIN_EDGE_ZOOM;

export interface LargeGraph {
  /** The canvas draws a large graph (past VISIBLE_ONLY_THRESHOLD nodes or edges). */
  readonly large: boolean;
  /**
   * A large trace-level view: hundreds of trace pairs are linked, too many to label (100 traces
   * of 100k spans: 4,950 pairs). Its links are drawn plain, on one canvas (DenseLinkCanvas), at
   * every zoom; thickness still says how many links a pair carries. Mounting a labelled, arrowed
   * edge per pair as the view moved cost 50-117 ms a frame; plain SVG paths 33-67 ms; the canvas 16.7 ms.
   */
  readonly dense: boolean;
}

const SMALL: LargeGraph = { large: false, dense: false };
const LARGE: LargeGraph = { large: true, dense: false };
const DENSE: LargeGraph = { large: true, dense: true };

/** The context's value (one of three constants, so the provider changes only when they do). */
export function largeGraph(large: boolean, traceLevel: boolean): LargeGraph {
  return !large ? SMALL : traceLevel ? DENSE : LARGE;
}

/** What the canvas draws (FlowCanvas provides it). */
export const LargeGraphContext = createContext<LargeGraph>(SMALL);

export function usePlainEdges(): boolean {
  const { large, dense } = useContext(LargeGraphContext);
  const zoomedOut = useStore(selectZoomedOut);
  return dense || (large && zoomedOut);
}

/** Whether the trace-level view draws its edges plain at every zoom (see LargeGraph.dense). */
export function useDenseEdges(): boolean {
  return useContext(LargeGraphContext).dense;
}

/** Whether a link edge from (sx, sy) to (tx, ty) is drawn solid for its length (large graphs only, see LONG_LINK). */
export function useLongLink(sx: number, sy: number, tx: number, ty: number): boolean {
  return useContext(LargeGraphContext).large && Math.abs(tx - sx) + Math.abs(ty - sy) > LONG_LINK;
}
