/**
 * The fallback box placement for large graphs: columns by causal rank, left to right, boxes
 * stacked top to bottom in causal order inside a column. A rank whose boxes would stack taller
 * than the target height wraps into further sub-columns before the next rank starts, so a
 * thousand unrelated traces (all rank 0) make a block rather than one endless column.
 * Linear in the number of boxes and fully deterministic.
 */
import type { TraceId } from '../ids';
import type { GraphLayout, NodePosition, TraceBoxLayout } from './types';

/** A trace box whose size is known (from its tree layout) but not yet its position. */
export interface SizedBox {
  readonly traceId: TraceId;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly NodePosition[];
  /** Causal rank: the column group it belongs to. */
  readonly rank: number;
}

export interface PackOptions {
  /** Vertical gap between boxes, and horizontal gap between sub-columns of one rank. */
  readonly boxGap: number;
  /** Horizontal gap between ranks. */
  readonly layerGap: number;
  /** Width / height the block aims for. Default 1.6. */
  readonly aspect?: number;
}

/** Boxes must come in causal order; they keep that order within each rank. */
export function packColumns(boxes: readonly SizedBox[], opts: PackOptions): GraphLayout {
  const { boxGap, layerGap } = opts;
  const aspect = opts.aspect ?? 1.6;
  let area = 0;
  let tallest = 0;
  const byRank = new Map<number, SizedBox[]>();
  for (const b of boxes) {
    area += (b.width + boxGap) * (b.height + boxGap);
    tallest = Math.max(tallest, b.height);
    const list = byRank.get(b.rank);
    if (list) list.push(b);
    else byRank.set(b.rank, [b]);
  }
  const limit = Math.max(tallest, Math.sqrt(area / aspect));

  const traces: TraceBoxLayout[] = [];
  let x = 0;
  for (const r of [...byRank.keys()].sort((a, b) => a - b)) {
    let y = 0;
    let columnWidth = 0;
    for (const b of byRank.get(r)!) {
      if (y > 0 && y + b.height > limit) {
        x += columnWidth + boxGap;
        y = 0;
        columnWidth = 0;
      }
      traces.push({ traceId: b.traceId, x, y, width: b.width, height: b.height, nodes: b.nodes });
      y += b.height + boxGap;
      columnWidth = Math.max(columnWidth, b.width);
    }
    x += columnWidth + layerGap;
  }
  // Keep the boxes in the caller's (causal) order, as GraphLayout promises.
  const at = new Map<TraceId, TraceBoxLayout>(traces.map((t) => [t.traceId, t]));
  return withBounds(boxes.map((b) => at.get(b.traceId)!));
}

/** A layout's overall size: the bounding box of its trace boxes (which start at 0,0). */
export function withBounds<T extends TraceBoxLayout>(traces: T[]): GraphLayout & { readonly traces: readonly T[] } {
  let width = 0;
  let height = 0;
  for (const t of traces) {
    width = Math.max(width, t.x + t.width);
    height = Math.max(height, t.y + t.height);
  }
  return { traces, width, height };
}
