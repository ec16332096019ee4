/**
 * A layout of some of the trace boxes (the "only traces with problems" view), made by
 * collapsing the horizontal and vertical bands that no kept box covers down to the layout's own
 * gaps: LAYER_GAP between columns (room for the links between them and their labels; with 48
 * two stacked traces' edge hid under its label), BOX_GAP within a column.
 * The map from old to new coordinates is monotone with slope 1 inside every kept box, so
 * boxes keep their order and their sizes, and boxes that did not overlap still do not.
 */
import type { TraceId } from '../ids';
import { BOX_GAP, LAYER_GAP, type GraphLayout, type TraceBoxLayout } from './types';

/** Maps a coordinate: covered intervals keep their length, each empty band becomes `gap`. */
function bandMap(intervals: readonly (readonly [number, number])[], gap: number): (v: number) => number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  // Merge overlapping intervals into covered runs.
  const runs: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = runs[runs.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else runs.push([start, end]);
  }
  // New start of each run: runs packed one after another with `gap` between them.
  const offsets: number[] = [];
  let cursor = 0;
  for (const [start, end] of runs) {
    offsets.push(cursor - start);
    cursor += end - start + gap;
  }
  return (v) => {
    let lo = 0;
    let hi = runs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runs[mid]![0] <= v) lo = mid;
      else hi = mid - 1;
    }
    return v + (offsets[lo] ?? 0);
  };
}

/** Boxes keep every other field (a collapsed box keeps its hidden-span nodes). Keep undefined: all. */
export function compactLayout<B extends TraceBoxLayout>(
  layout: GraphLayout & { readonly traces: readonly B[] },
  keep?: ReadonlySet<TraceId>,
): GraphLayout & { readonly traces: B[] } {
  const kept = keep === undefined ? layout.traces : layout.traces.filter((b) => keep.has(b.traceId));
  const mapX = bandMap(kept.map((b) => [b.x, b.x + b.width] as const), LAYER_GAP);
  const mapY = bandMap(kept.map((b) => [b.y, b.y + b.height] as const), BOX_GAP);
  const traces: B[] = kept.map((b) => ({ ...b, x: mapX(b.x), y: mapY(b.y) }) as B);
  const width = Math.max(0, ...traces.map((b) => b.x + b.width));
  const height = Math.max(0, ...traces.map((b) => b.y + b.height));
  return { traces, width, height };
}
