import { usePlainEdges } from './use-zoomed-out';

/**
 * Says what zooming out simplified: links drawn plain below PLAIN_EDGE_ZOOM (large graphs), and, for a graph past
 * the node budget, spans hidden inside their boxes below SPANS_HIDDEN_ZOOM. Inside the canvas, so
 * it reads React Flow's zoom (re-rendering only when a threshold is crossed).
 */
export function ZoomNotice({ boxesOnly, nodes, links }: { boxesOnly: boolean; nodes: number; links: boolean }) {
  const plain = usePlainEdges();
  if (boxesOnly) {
    return (
      <div className="view-notice view-notice--zoom" data-testid="zoom-notice" data-kind="boxes-only">
        Zoomed far out: only trace boxes are drawn ({nodes.toLocaleString('en-US')} nodes would not fit the page). Zoom in to see the spans.
      </div>
    );
  }
  if (!plain || !links) return null;
  return (
    <div className="view-notice view-notice--zoom" data-testid="zoom-notice" data-kind="plain-edges">
      Zoomed out: links are drawn plain (no dashes, labels or arrows). Zoom in for the details.
    </div>
  );
}
