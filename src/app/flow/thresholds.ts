/** Above this many React Flow nodes (boxes, spans, placeholders), only what is in view is rendered. */
export const VISIBLE_ONLY_THRESHOLD = 400;
