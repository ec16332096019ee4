/**
 * Test helper: geometric checks shared by the layout tests. Overlap is found by bucketing
 * rectangles into a grid, so it stays near-linear for 100k nodes.
 */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Pairs of rectangles that overlap (touching edges do not count), at most `limit` of them. */
export function overlappingPairs<T extends Rect>(rects: readonly T[], limit = 5): [T, T][] {
  if (rects.length === 0) return [];
  let cw = 1;
  let ch = 1;
  for (const r of rects) {
    cw = Math.max(cw, r.width);
    ch = Math.max(ch, r.height);
  }
  // A cell is as large as the largest rectangle, so each rectangle touches at most 2x2 cells.
  const cells = new Map<string, number[]>();
  const found: [T, T][] = [];
  const seen = new Set<string>();
  rects.forEach((r, i) => {
    const x0 = Math.floor(r.x / cw);
    const y0 = Math.floor(r.y / ch);
    const x1 = Math.floor((r.x + r.width) / cw);
    const y1 = Math.floor((r.y + r.height) / ch);
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const key = `${cx},${cy}`;
        const list = cells.get(key) ?? [];
        for (const j of list) {
          const a = rects[j]!;
          const pair = `${j},${i}`;
          if (seen.has(pair)) continue;
          if (a.x < r.x + r.width && r.x < a.x + a.width && a.y < r.y + r.height && r.y < a.y + a.height) {
            seen.add(pair);
            if (found.length < limit) found.push([a, r]);
          }
        }
        list.push(i);
        cells.set(key, list);
      }
    }
  });
  return found;
}
