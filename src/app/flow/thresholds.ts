/** Above this many React Flow nodes (boxes, spans, placeholders), only what is in view is rendered. */
export const VISIBLE_ONLY_THRESHOLD = 400;
/** Below this zoom, link edges are drawn plain: solid, no label, no arrowhead (dashes and labels are what costs). */
export const PLAIN_EDGE_ZOOM = 0.5;

/**
 * On a large graph, a link edge longer than this (graph units, across plus down) is drawn solid:
 * the rasteriser cuts a dashed path into dashes over its whole length, on screen or off, and a
 * view whose links reached traces 50,000 units away took ~1 s to draw without a GPU.
 */
export const LONG_LINK = 4000;
/** Below this zoom a graph of more nodes than the budget draws its trace boxes only (the view could hold more than the budget). */
export const SPANS_HIDDEN_ZOOM = 0.25;
