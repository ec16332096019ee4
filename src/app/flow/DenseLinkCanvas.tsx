/**
 * The dense trace level's links on one canvas in the viewport (dense-links.ts says why). It
 * covers the view and a margin around it, moves with the view as one bitmap, and is drawn again
 * once a pan or zoom ends, at the new zoom (sharp again), and whenever the links or the theme
 * change. The links are worked out and drawn after the view is painted (a passive effect), not
 * in the render that builds it. `data-drawn` says how many links the last drawing holds.
 *
 * `boxes`: zoomed too far out to mount the traces as nodes (past the node budget), each trace
 * is drawn here too, as a plain box in its service colour (red when it is a missing target), under
 * the links; `data-boxes` says how many.
 */
import { useStore, useStoreApi, ViewportPortal, type ReactFlowState, type Viewport } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AppEdge, AppNode } from './flow-types';
import { DenseLinkWork, linksIn, regionAround, type DenseLinks } from './dense-links';

/**
 * New links are worked out in slices of about this long (DenseLinkWork), each its own task, and
 * drawn when all are: the 65,144 pairs of 2,000 traces were 70 ms of geometry, and with the
 * drawing and the collector after it a 170 ms task.
 */
const SLICE_MS = 8;
/** Edges taken between two looks at the clock. */
const SLICE_EDGES = 1024;

/** Past this many pixels a side, the bitmap is drawn at a lower resolution (memory: 4096² x 4 bytes = 64 MB). */
const MAX_SIDE = 4096;

const selectWidth = (s: ReactFlowState) => s.width;
const selectHeight = (s: ReactFlowState) => s.height;

/** The same view (a click sends a start and an end without moving): no new drawing. */
function sameView(a: Viewport, b: Viewport): boolean {
  return a.x === b.x && a.y === b.y && a.zoom === b.zoom;
}

export function DenseLinkCanvas({ nodes, edges, theme, boxes }: { nodes: readonly AppNode[]; edges: readonly AppEdge[]; theme: string; boxes: boolean }) {
  const store = useStoreApi();
  const [view, setView] = useState<Viewport>(() => {
    const [x, y, zoom] = store.getState().transform;
    return { x, y, zoom };
  });
  // Not useOnViewportChange: it never takes its listener back, and the store would keep this
  // unmounted canvas (and the whole trace level it drew) alive after a trace is opened.
  useEffect(() => {
    const onEnd = (next: Viewport) => setView((last) => (sameView(last, next) ? last : next));
    store.setState({ onViewportChangeEnd: onEnd });
    return () => {
      if (store.getState().onViewportChangeEnd === onEnd) store.setState({ onViewportChangeEnd: undefined });
    };
  }, [store]);
  const width = useStore(selectWidth);
  const height = useStore(selectHeight);
  const region = useMemo(() => regionAround(view, { width, height }), [view, width, height]);
  const ref = useRef<HTMLCanvasElement>(null);
  const made = useRef<{ nodes: readonly AppNode[]; edges: readonly AppEdge[]; work: DenseLinkWork } | null>(null);

  useEffect(() => {
    const draw = (links: DenseLinks): void => {
      const canvas = ref.current;
      const g = canvas?.getContext('2d');
      if (!canvas || !g || region.width <= 0 || region.height <= 0) return;
      const scale = Math.min(view.zoom * (window.devicePixelRatio || 1), MAX_SIDE / region.width, MAX_SIDE / region.height);
      canvas.width = Math.max(1, Math.round(region.width * scale));
      canvas.height = Math.max(1, Math.round(region.height * scale));
      g.setTransform(scale, 0, 0, scale, -region.x * scale, -region.y * scale);
      const style = getComputedStyle(canvas);
      const ok = style.getPropertyValue('--link').trim() || '#4a5bd4';
      const bad = style.getPropertyValue('--danger').trim() || '#d92d20';
      canvas.dataset.boxes = String(boxes ? drawBoxes(g, nodes, region, bad, style.getPropertyValue('--panel').trim() || '#ffffff') : 0);
      const shown = linksIn(links, region);
      g.lineCap = 'round';
      // One path per colour and width, not a stroke per link (65,144 strokes at 2,000 traces);
      // the broken links last, on top.
      const p = links.points;
      const [fine, broken] = byStyle(links, shown);
      for (const [colour, group] of [[ok, fine], [bad, broken]] as const) {
        g.strokeStyle = colour;
        for (const [width, list] of group) {
          g.lineWidth = width;
          g.beginPath();
          for (const i of list) {
            const at = 8 * i;
            g.moveTo(p[at]!, p[at + 1]!);
            g.bezierCurveTo(p[at + 2]!, p[at + 3]!, p[at + 4]!, p[at + 5]!, p[at + 6]!, p[at + 7]!);
          }
          g.stroke();
        }
      }
      canvas.dataset.links = String(links.count);
      canvas.dataset.drawn = String(shown.length);
      canvas.dataset.draws = String(Number(canvas.dataset.draws ?? '0') + 1);
    };
    // The same links in another view (a pan or zoom ended, the canvas resized): drawn now, in the
    // task that moved the canvas, so no frame shows the old bitmap in the new place.
    const held = made.current;
    if (held?.nodes === nodes && held.edges === edges && held.work.done) {
      draw(held.work.links);
      return;
    }
    // New links (a load): worked out in slices from two frames on, then drawn; not in the task that
    // committed them. At 2,000 traces and 65,144 pairs that commit took 200 ms, and the links'
    // geometry (70 ms) and the theme's colours (a style pass over the new DOM, 38 ms) made it 450.
    // Until then, no old links. A view that changes meanwhile goes on with the same work.
    if (held?.nodes !== nodes || held.edges !== edges) {
      const canvas = ref.current;
      if (canvas) canvas.width = 0;
      made.current = { nodes, edges, work: new DenseLinkWork(nodes, edges) };
    }
    const work = made.current!.work;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const step = (): void => {
      const until = performance.now() + SLICE_MS;
      while (!work.run(SLICE_EDGES) && performance.now() < until);
      if (work.done) draw(work.links);
      else timer = setTimeout(step, 0);
    };
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(step);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [nodes, edges, region, view.zoom, theme, boxes]);

  return (
    <ViewportPortal>
      <canvas
        ref={ref}
        className="dense-links"
        data-testid="dense-links"
        aria-hidden="true"
        // Under the trace nodes, as React Flow draws its own edges: a box's title is never crossed.
        style={{ position: 'absolute', zIndex: -1, left: region.x, top: region.y, width: region.width, height: region.height }}
      />
    </ViewportPortal>
  );
}

/** The links among `shown` by their width: those not broken, and those broken. */
function byStyle(links: DenseLinks, shown: readonly number[]): [Map<number, number[]>, Map<number, number[]>] {
  const groups: [Map<number, number[]>, Map<number, number[]>] = [new Map(), new Map()];
  for (const i of shown) {
    const group = groups[links.broken[i] === 1 ? 1 : 0];
    const width = links.width[i]!;
    let list = group.get(width);
    if (list === undefined) group.set(width, (list = []));
    list.push(i);
  }
  return groups;
}

/** Each trace node inside `region` as a plain box (fill, and a border in its colour); returns how many. */
function drawBoxes(g: CanvasRenderingContext2D, nodes: readonly AppNode[], region: { x: number; y: number; width: number; height: number }, missing: string, fill: string): number {
  let n = 0;
  g.lineWidth = 2;
  for (const node of nodes) {
    if (node.type !== 'traceSummary') continue;
    const { x, y } = node.position;
    const w = node.width ?? 0;
    const h = node.height ?? 0;
    if (x > region.x + region.width || y > region.y + region.height || x + w < region.x || y + h < region.y) continue;
    g.fillStyle = fill;
    g.fillRect(x, y, w, h);
    g.strokeStyle = node.data.placeholder ? missing : node.data.colour;
    g.strokeRect(x, y, w, h);
    n++;
  }
  return n;
}
