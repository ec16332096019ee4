/**
 * The dense trace level's links on one canvas in the viewport (dense-links.ts says why). It
 * covers the view and a margin around it, moves with the view as one bitmap, and is drawn again
 * once a pan or zoom ends, at the new zoom (sharp again), and whenever the links or the theme
 * change. `data-drawn` says how many links the last drawing holds.
 */
import { useOnViewportChange, useStore, useStoreApi, ViewportPortal, type ReactFlowState } from '@xyflow/react';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { linksIn, regionAround, type DenseLink } from './dense-links';

/** Past this many pixels a side, the bitmap is drawn at a lower resolution (memory: 4096² x 4 bytes = 64 MB). */
const MAX_SIDE = 4096;

const selectSize = (s: ReactFlowState) => `${s.width}x${s.height}`;

export function DenseLinkCanvas({ links, theme }: { links: readonly DenseLink[]; theme: string }) {
  const store = useStoreApi();
  const [view, setView] = useState(() => {
    const [x, y, zoom] = store.getState().transform;
    return { x, y, zoom };
  });
  useOnViewportChange({ onEnd: setView });
  const size = useStore(selectSize);
  const region = useMemo(() => {
    const [width, height] = size.split('x').map(Number) as [number, number];
    return regionAround(view, { width, height });
  }, [view, size]);
  const ref = useRef<HTMLCanvasElement>(null);

  useLayoutEffect(() => {
    const canvas = ref.current;
    const g = canvas?.getContext('2d');
    if (!canvas || !g || region.width <= 0 || region.height <= 0) return;
    const scale = Math.min(view.zoom * (window.devicePixelRatio || 1), MAX_SIDE / region.width, MAX_SIDE / region.height);
    canvas.width = Math.max(1, Math.round(region.width * scale));
    canvas.height = Math.max(1, Math.round(region.height * scale));
    g.setTransform(scale, 0, 0, scale, -region.x * scale, -region.y * scale);
    const style = getComputedStyle(canvas);
    const ok = style.getPropertyValue('--link').trim() || '#4a5bd4';
    const broken = style.getPropertyValue('--danger').trim() || '#d92d20';
    const shown = linksIn(links, region);
    g.lineCap = 'round';
    for (const l of shown) {
      g.strokeStyle = l.broken ? broken : ok;
      g.lineWidth = l.width;
      g.stroke(new Path2D(l.path));
    }
    canvas.dataset.drawn = String(shown.length);
  }, [links, region, view.zoom, theme]);

  return (
    <ViewportPortal>
      <canvas
        ref={ref}
        className="dense-links"
        data-testid="dense-links"
        data-links={links.length}
        aria-hidden="true"
        style={{ position: 'absolute', left: region.x, top: region.y, width: region.width, height: region.height }}
      />
    </ViewportPortal>
  );
}
