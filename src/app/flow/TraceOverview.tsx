import { Panel, useReactFlow, useStore } from '@xyflow/react';
import type { ReactFlowState } from '@xyflow/react';
import { memo, useCallback, useMemo } from 'react';
import type { MouseEvent } from 'react';
import type { GraphLayout, TraceId } from '../../core';

const WIDTH = 200;
const HEIGHT = 140;

const selectViewport = (s: ReactFlowState) => {
  const [tx, ty, zoom] = s.transform;
  return `${-tx / zoom},${-ty / zoom},${s.width / zoom},${s.height / zoom}`;
};

/**
 * The overview for large graphs: one rectangle per trace box and the part in view. React Flow's
 * MiniMap draws (and subscribes) every node, which costs hundreds of milliseconds for thousands
 * of spans; trace boxes are a few hundred plain rectangles. Click to move the view there.
 */
export const TraceOverview = memo(function TraceOverview({
  layout,
  problems,
}: {
  layout: GraphLayout;
  problems: ReadonlySet<TraceId>;
}) {
  const flow = useReactFlow();
  const view = useStore(selectViewport);
  const bounds = useMemo(() => {
    const minX = Math.min(0, ...layout.traces.map((b) => b.x));
    const minY = Math.min(0, ...layout.traces.map((b) => b.y));
    const maxX = Math.max(1, ...layout.traces.map((b) => b.x + b.width));
    const maxY = Math.max(1, ...layout.traces.map((b) => b.y + b.height));
    return { minX, minY, width: maxX - minX, height: maxY - minY };
  }, [layout]);
  const scale = Math.min(WIDTH / bounds.width, HEIGHT / bounds.height);
  const boxes = useMemo(
    () =>
      layout.traces.map((b) => (
        <rect
          key={b.traceId}
          x={(b.x - bounds.minX) * scale}
          y={(b.y - bounds.minY) * scale}
          width={Math.max(1, b.width * scale)}
          height={Math.max(1, b.height * scale)}
          className={problems.has(b.traceId) ? 'overview__box is-problem' : 'overview__box'}
        />
      )),
    [layout, bounds, scale, problems],
  );
  const [vx, vy, vw, vh] = view.split(',').map(Number) as [number, number, number, number];
  const onClick = useCallback(
    (e: MouseEvent<SVGSVGElement>) => {
      const rect = e.currentTarget.getBoundingClientRect();
      const x = (e.clientX - rect.left) / scale + bounds.minX;
      const y = (e.clientY - rect.top) / scale + bounds.minY;
      void flow.setCenter(x, y, { zoom: flow.getZoom(), duration: 200 });
    },
    [flow, scale, bounds],
  );
  return (
    <Panel position="bottom-right" className="overview" data-testid="trace-overview">
      <svg
        width={Math.max(24, Math.ceil(bounds.width * scale))}
        height={Math.max(24, Math.ceil(bounds.height * scale))}
        onClick={onClick} role="img" aria-label="Overview of the trace boxes">
        {boxes}
        <rect
          className="overview__view"
          x={(vx - bounds.minX) * scale}
          y={(vy - bounds.minY) * scale}
          width={vw * scale}
          height={vh * scale}
        />
      </svg>
    </Panel>
  );
});
