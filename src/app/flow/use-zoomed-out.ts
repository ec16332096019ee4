/**
 * Whether the canvas is zoomed out past PLAIN_EDGE_ZOOM. A boolean selector on React Flow's
 * store: every zoom step runs it, but a component re-renders only when the threshold is crossed.
 */
import { useStore, type ReactFlowState } from '@xyflow/react';
import { PLAIN_EDGE_ZOOM } from './thresholds';

export const selectZoomedOut = (s: ReactFlowState): boolean => s.transform[2] < PLAIN_EDGE_ZOOM;

export function useZoomedOut(): boolean {
  return useStore(selectZoomedOut);
}
