import { useDenseEdges, usePlainEdges } from './use-zoomed-out';

/**
 * Says what zooming out simplified: links drawn plain below PLAIN_EDGE_ZOOM (large graphs), and, for a graph past
 * the node budget, spans hidden inside their boxes below SPANS_HIDDEN_ZOOM, or at the trace level
 * (always dense past the budget) the traces drawn as plain boxes on the links canvas. Inside the
 * canvas, so it reads React Flow's zoom (re-rendering only when a threshold is crossed).
 */
export function ZoomNotice({ boxesOnly, nodes, links, edges }: { boxesOnly: boolean; nodes: number; links: boolean; edges: number }) {
  const plain = usePlainEdges();
  const dense = useDenseEdges();
  if (boxesOnly) {
    const n = nodes.toLocaleString('en-US');
    return (
      <div className="view-notice view-notice--zoom" data-testid="zoom-notice" data-kind="boxes-only">
        {dense
          ? `Zoomed far out: the traces are drawn as plain boxes (${n} would not fit the page as nodes). Zoom in to read and open them.`
          : `Zoomed far out: only trace boxes are drawn (${n} nodes would not fit the page). Zoom in to see the spans.`}
      </div>
    );
  }
  if (!plain || !links) return null;
  if (dense) {
    return (
      <div className="view-notice view-notice--zoom" data-testid="zoom-notice" data-kind="dense-edges">
        {edges.toLocaleString('en-US')} pairs of traces are linked: links are drawn plain (no labels or arrows), thicker where a pair has more. Click a trace
        to see its links counted.
      </div>
    );
  }
  return (
    <div className="view-notice view-notice--zoom" data-testid="zoom-notice" data-kind="plain-edges">
      Zoomed out: links are drawn plain (no dashes, labels or arrows). Zoom in for the details.
    </div>
  );
}
