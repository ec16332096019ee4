import type { SpanKey, TraceId } from '../ids';

/** Size of one span node, in graph units (px at zoom 1). The app draws nodes at exactly this size. */
export const SPAN_NODE_WIDTH = 220;
export const SPAN_NODE_HEIGHT = 56;
/** Padding inside a trace box; the title bar sits in the top padding. */
export const BOX_PADDING = 16;
export const BOX_TITLE_HEIGHT = 36;
/** Gaps between trace boxes: within a column (ELK, the packing fallback, compaction), and between columns. */
export const BOX_GAP = 48;
export const LAYER_GAP = 120;

/** A span node (or placeholder) inside its trace box, relative to the box's top-left corner. */
export interface NodePosition {
  readonly key: SpanKey;
  readonly x: number;
  readonly y: number;
  /** Depth in the parent tree (0 = root or orphan). */
  readonly depth: number;
}

export interface TraceBoxLayout {
  readonly traceId: TraceId;
  /** Top-left corner of the box, absolute. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly NodePosition[];
}

export interface GraphLayout {
  /** Trace boxes, left to right by causality (DIAGNOSTICS.md "Graph view"), then start time. */
  readonly traces: readonly TraceBoxLayout[];
  readonly width: number;
  readonly height: number;
}
