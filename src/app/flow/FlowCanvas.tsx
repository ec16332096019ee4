import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  getViewportForBounds,
  useReactFlow,
  useStoreApi,
} from '@xyflow/react';
import type { NodeMouseHandler } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef } from 'react';
import type { AnalysisPayload } from '../worker/protocol';
import { drawnCounts, drawnLayout, firstViewBounds, isLarge, type Bounds } from './first-view';
import type { SpanKey, TraceId } from '../../core';
import { currentView, selectLevel } from '../store/current-view';
import { problemTraces } from '../store/derived';
import { selectAnalysis, selectFitSeq, selectFocus, selectOnlyProblems, selectOpenTrace, selectTheme } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';
import type { AppNode } from './flow-types';
import { edgeTypes, nodeTypes } from './node-types';
import { overviewToFlow } from './overview-to-flow';
import { toFlow, type FlowElements } from './to-flow';
import { TraceOverview } from './TraceOverview';
import { FIXED_FLOW_PROPS, Markers, minimapColour } from './canvas-parts';

const FIT_OPTIONS = { padding: 0.08, maxZoom: 1.2 } as const;

const EMPTY_TRACES: ReadonlySet<TraceId> = new Set();
const EMPTY_FLOW: FlowElements = { nodes: [], edges: [], layout: { traces: [], width: 0, height: 0 } };

function sameBounds(a: Bounds | null, b: Bounds): boolean {
  return a !== null && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

/** Centres the canvas on focus requests and fits it on fit requests and new analyses. */
function ViewportDirector({
  analysis,
  nodeCount,
  firstView,
}: {
  analysis: AnalysisPayload | null;
  nodeCount: number;
  firstView: Bounds | null;
}) {
  const flow = useReactFlow();
  const store = useStoreApi();
  // The first view set before its graph was drawn (see the early fit below), so it is not set again.
  const fitted = useRef<Bounds | null>(null);
  const live = useTraceStore(selectAnalysis);
  const focus = useTraceStore(selectFocus);
  const fitSeq = useTraceStore(selectFitSeq);
  // The last focus request served. A request can come before its node is drawn (a shared link
  // selects a span in the same update that loads it): it is served once the node exists, and
  // until then the new graph is not fitted over it.
  const served = useRef(0);

  // Early fit: a new analysis reaches the store (and this effect) before the canvas draws it (the
  // canvas reads it deferred), so its first view is set now and its first frame is drawn there,
  // with only what that view shows mounted. A selection to centre on is left to the focus effect.
  useEffect(() => {
    const s = useTraceStore.getState();
    const f = s.selection.focus;
    if (live === null || (f !== null && f.seq !== served.current)) return;
    const { width, height, minZoom } = store.getState();
    if (width === 0 || height === 0) return;
    const view = currentView(live, selectLevel(s), s.view.openTrace, s.view.onlyProblems, s.view.spanLimit);
    const layout = drawnLayout(live, view);
    const counts = drawnCounts(live, view, layout);
    const bounds = firstViewBounds(layout, isLarge(counts.nodes, counts.edges));
    if (bounds === null) return;
    void flow.setViewport(getViewportForBounds(bounds, width, height, minZoom, FIT_OPTIONS.maxZoom, FIT_OPTIONS.padding));
    fitted.current = bounds;
  }, [flow, store, live]);

  useEffect(() => {
    if (nodeCount === 0 || firstView === null || sameBounds(fitted.current, firstView)) return;
    fitted.current = null;
    const frame = requestAnimationFrame(() => {
      const f = useTraceStore.getState().selection.focus;
      if (f !== null && f.seq !== served.current && flow.getInternalNode(f.key)) return;
      const { width, height, minZoom } = store.getState();
      void flow.setViewport(getViewportForBounds(firstView, width, height, minZoom, FIT_OPTIONS.maxZoom, FIT_OPTIONS.padding));
    });
    return () => cancelAnimationFrame(frame);
  }, [flow, store, analysis, nodeCount, firstView]);

  useEffect(() => {
    if (fitSeq === 0) return;
    void flow.fitView({ ...FIT_OPTIONS, duration: 250 });
  }, [flow, fitSeq]);

  useEffect(() => {
    if (focus === null || focus.seq === served.current) return;
    // Two frames: selecting may open the details panel, which narrows the canvas; React Flow
    // learns the new size from a ResizeObserver after the next layout, and centring must use it.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        const node = flow.getInternalNode(focus.key);
        if (!node) return;
        served.current = focus.seq;
        const { x, y } = node.internals.positionAbsolute;
        const w = node.measured.width ?? node.width ?? 0;
        const h = node.measured.height ?? node.height ?? 0;
        void flow.setCenter(x + w / 2, y + h / 2, { zoom: Math.max(flow.getZoom(), 1), duration: 300 });
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [flow, focus, analysis, nodeCount]);
  return null;
}

function Canvas() {
  // Deferred: a new analysis first updates the panels, then the graph in a later, interruptible
  // render, so no single main-thread task does both (a 2,000-span load stays under 200 ms a task).
  const analysis = useDeferredValue(useTraceStore(selectAnalysis));
  const onlyProblems = useTraceStore(selectOnlyProblems);
  const level = useTraceStore(selectLevel);
  const open = useTraceStore(selectOpenTrace);
  const theme = useTraceStore(selectTheme);
  const spanLimit = useTraceStore((s) => s.view.spanLimit);
  const select = useTraceStore((s) => s.select);
  const openTrace = useTraceStore((s) => s.openTrace);

  const problems = useMemo(() => (analysis === null ? EMPTY_TRACES : problemTraces(analysis)), [analysis]);
  const view = useMemo(() => currentView(analysis, level, open, onlyProblems, spanLimit), [analysis, level, open, onlyProblems, spanLimit]);
  const { nodes, edges, layout } = useMemo(() => {
    if (analysis === null) return EMPTY_FLOW;
    if (view.level === 'traces') return overviewToFlow(analysis.overview.graph, analysis.overview.layout, view.traces);
    return toFlow(analysis.graph, analysis.layout, { problemTraces: problems, visibleTraces: view.traces });
  }, [analysis, view, problems]);

  // Edges count too: the trace level of 200 traces has few nodes but ~900 labelled edges.
  const large = isLarge(nodes.length, edges.length);
  const firstView = useMemo(() => firstViewBounds(layout, large), [layout, large]);

  const onNodeClick = useCallback<NodeMouseHandler<AppNode>>(
    (_event, node) => {
      if (node.type === 'traceSummary') openTrace(node.data.traceId);
      else if (node.type !== 'trace') select(node.id as SpanKey);
    },
    [select, openTrace],
  );
  const onPaneClick = useCallback(() => select(null), [select]);

  return (
    <div className="flow-canvas" data-testid="graph" data-level={view.level} data-nodes={nodes.length} data-edges={edges.length}>
      <Markers />
      <ReactFlow<AppNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodeClick={onNodeClick}
        onPaneClick={onPaneClick}
        {...FIXED_FLOW_PROPS}
        onlyRenderVisibleElements={large}
        disableKeyboardA11y={large}
        colorMode={theme}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} color="var(--grid-dot)" />
        <Controls showInteractive={false} position="bottom-left" />
        {nodes.length === 0 ? null : large ? (
          <TraceOverview layout={layout} problems={problems} />
        ) : (
          <MiniMap<AppNode> nodeColor={minimapColour} pannable zoomable position="bottom-right" ariaLabel="Overview" />
        )}
        <ViewportDirector analysis={analysis} nodeCount={nodes.length} firstView={firstView} />
      </ReactFlow>
    </div>
  );
}

/** The graph: trace boxes, span and placeholder nodes, parent and link edges. */
export function FlowCanvas() {
  return (
    <ReactFlowProvider>
      <Canvas />
    </ReactFlowProvider>
  );
}
