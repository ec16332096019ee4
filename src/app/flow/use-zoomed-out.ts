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

/** True while the canvas draws a large graph (FlowCanvas provides it). */
export const LargeGraphContext = createContext(false);

export function usePlainEdges(): boolean {
  const large = useContext(LargeGraphContext);
  const zoomedOut = useStore(selectZoomedOut);
  return large && zoomedOut;
}

/** Whether a link edge from (sx, sy) to (tx, ty) is drawn solid for its length (large graphs only, see LONG_LINK). */
export function useLongLink(sx: number, sy: number, tx: number, ty: number): boolean {
  return useContext(LargeGraphContext) && Math.abs(tx - sx) + Math.abs(ty - sy) > LONG_LINK;
}
