import { useDenseEdges, usePlainEdges } from './use-zoomed-out';

/**
 * Says what zooming out simplified: links drawn plain below PLAIN_EDGE_ZOOM (large graphs), and, for a graph past
 * the node budget, spans hidden inside their boxes below SPANS_HIDDEN_ZOOM. Inside the canvas, so
 * it reads React Flow's zoom (re-rendering only when a threshold is crossed).
 */
export function ZoomNotice({ boxesOnly, traceLevel, nodes, links, edges }: { boxesOnly: boolean; traceLevel: boolean; nodes: number; links: boolean; edges: number }) {
  const plain = usePlainEdges();
  const dense = useDenseEdges();
  if (boxesOnly && traceLevel) {
    return (
      <div className="view-notice view-notice--zoom" data-testid="zoom-notice" data-kind="boxes-only">
        Zoomed far out: the traces are drawn as plain boxes ({nodes.toLocaleString('en-US')} would not fit the page as nodes). Zoom in to read and open them.
      </div>
    );
  }
  if (boxesOnly) {
    return (
      <div className="view-notice view-notice--zoom" data-testid="zoom-notice" data-kind="boxes-only">
        Zoomed far out: only trace boxes are drawn ({nodes.toLocaleString('en-US')} nodes would not fit the page). Zoom in to see the spans.
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
