import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  getViewportForBounds,
  useReactFlow,
  useStore,
  useStoreApi,
} from '@xyflow/react';
import type { NodeMouseHandler, ReactFlowState } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { AnalysisPayload } from '../worker/protocol';
import { changedTrace, drawnAt, drawnCounts, drawnLayout, firstViewBounds, isLarge, isSpreadOut, rootOf, type Bounds } from './first-view';
import type { GraphLayout, SpanKey, TraceId } from '../../core';
import { currentView, selectLevel, type CurrentView } from '../store/current-view';
import { problemTraces } from '../store/derived';
import { selectAnalysis, selectFitSeq, selectFocus, selectOnlyProblems, selectOpenTrace, selectSelected, selectTheme } from '../store/selectors';
import { useTraceStore } from '../store/trace-store';
import type { TraceState } from '../store/types';
import { DEFAULT_NODE_BUDGET } from '../../core/layout/collapse';
import { drawnSpans, drawnTraces } from './drawn-view';
import type { AppEdge, AppNode } from './flow-types';
import { edgeTypes, nodeTypes } from './node-types';
import { overviewToFlow } from './overview-to-flow';
import { FlowIndex } from './to-flow';
import { openTrace } from '../worker/client';
import { TraceOverview } from './TraceOverview';
import { FIXED_FLOW_PROPS, Markers, minimapColour } from './canvas-parts';
import { SPANS_HIDDEN_ZOOM } from './thresholds';
import { ZoomNotice } from './ZoomNotice';
import { DenseLinkCanvas } from './DenseLinkCanvas';
import { LargeGraphContext, largeGraph } from './use-zoomed-out';
import { eagerSource, parseRegion, selectRegionKey, type FlowSource, type Placed } from './viewport-region';

/**
 * Fitting (the first view, the Fit button) keeps clear bands at the top and the bottom of the
 * canvas, where the view notice and the zoom notice are drawn over it: a first row of boxes
 * fitted to the very top was half hidden under the notice, a last row under the zoom notice.
 */
const FIT_OPTIONS = { padding: { top: '64px', bottom: '64px', x: 0.08 }, maxZoom: 1.2 } as const;

const EMPTY_TRACES: ReadonlySet<TraceId> = new Set();
const NO_EDGES: AppEdge[] = [];

/** Spans that must be drawn even in a collapsed trace: the selection and the last span centred on. */
const selectFocusKey = (s: TraceState) => s.selection.focus?.key ?? null;
const selectExpanded = (s: TraceState) => s.view.expandedTraces;
const selectUnstacked = (s: TraceState) => s.view.unstackedTraces;
/** The top-level nodes React Flow holds (the boxes), as bounds (asked only of a small graph: a large one is culled first). */
function* heldBoxes(s: ReactFlowState): Generator<Bounds> {
  for (const n of s.nodes) if (n.parentId === undefined) yield { x: n.position.x, y: n.position.y, width: n.width ?? 0, height: n.height ?? 0 };
}

/**
 * Whether the graph React Flow holds (one render behind the props, see `cull`) is culled, by the
 * canvas's own rule: large, or its boxes spread too far to read (first-view.ts).
 */
const selectHeldCulled = (s: ReactFlowState) => isLarge(s.nodes.length, s.edges.length) || isSpreadOut(heldBoxes(s));
const selectFar = (s: ReactFlowState) => s.transform[2] < SPANS_HIDDEN_ZOOM;
const selectNoRegion = () => '';
const EMPTY_FLOW: FlowSource = eagerSource({ nodes: [], edges: [], layout: { traces: [], width: 0, height: 0 } });

function sameBounds(a: Bounds | null, b: Bounds): boolean {
  return a !== null && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

/** Centres the canvas on focus requests and fits it on fit requests and new analyses. */
function ViewportDirector({
  analysis,
  view,
  nodeCount,
  firstView,
  layout,
  expanded,
  locate,
  culled,
}: {
  analysis: AnalysisPayload | null;
  view: CurrentView;
  nodeCount: number;
  firstView: Bounds | null;
  /** The layout drawn, and the traces expanded in it: one expanded or collapsed in the same view moves the viewport with its root. */
  layout: GraphLayout;
  expanded: ReadonlySet<TraceId>;
  /** Where a drawn node is (absolute), also when React Flow does not hold it. */
  locate: (id: string) => Placed | null;
  /** React Flow renders only what is in view (a large or spread-out graph). */
  culled: boolean;
}) {
  const flow = useReactFlow();
  const store = useStoreApi();
  // The first view set before its graph was drawn (see the early fit below), so it is not set again.
  const fitted = useRef<Bounds | null>(null);
  // The analysis and view the first view was set for: a trace expanded or collapsed, or a hidden
  // span drawn for the selection, changes the layout of the same view, and keeps the viewport
  // (a box only grows or shrinks from where it stands).
  const fittedFor = useRef<{ a: AnalysisPayload | null; view: CurrentView } | null>(null);
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
    const layout = drawnLayout(live, view, s.view.expandedTraces, [s.selection.selected, f?.key ?? null], s.view.unstackedTraces);
    const counts = drawnCounts(live, view, layout, s.view.unstackedTraces);
    const bounds = firstViewBounds(layout, isLarge(counts.nodes, counts.edges), view.openTrace);
    if (bounds === null) return;
    void flow.setViewport(getViewportForBounds(bounds, width, height, minZoom, FIT_OPTIONS.maxZoom, FIT_OPTIONS.padding));
    fitted.current = bounds;
  }, [flow, store, live]);

  useEffect(() => {
    if (nodeCount === 0 || firstView === null) return;
    if (fittedFor.current?.a === analysis && fittedFor.current.view === view) return;
    fittedFor.current = { a: analysis, view };
    if (sameBounds(fitted.current, firstView)) return;
    fitted.current = null;
    const frame = requestAnimationFrame(() => {
      const f = useTraceStore.getState().selection.focus;
      if (f !== null && f.seq !== served.current && flow.getInternalNode(f.key)) return;
      const { width, height, minZoom } = store.getState();
      void flow.setViewport(getViewportForBounds(firstView, width, height, minZoom, FIT_OPTIONS.maxZoom, FIT_OPTIONS.padding));
    });
    return () => cancelAnimationFrame(frame);
  }, [flow, store, analysis, view, nodeCount, firstView]);

  // A trace expanded or collapsed in the same view: the viewport moves as much as that trace's root
  // did, so what was in view stays where it was relative to it (rootOf says why). Nothing else
  // that changes the layout (a hidden span drawn for the selection) moves it.
  const drawnBefore = useRef<{ a: AnalysisPayload | null; view: CurrentView; expanded: ReadonlySet<TraceId>; layout: GraphLayout } | null>(null);
  useEffect(() => {
    const last = drawnBefore.current;
    drawnBefore.current = { a: analysis, view, expanded, layout };
    if (last === null || last.a !== analysis || last.view !== view || last.expanded === expanded) return;
    const trace = changedTrace(last.expanded, expanded);
    const root = trace === null ? null : rootOf(last.layout, trace);
    const now = trace === null || root === null ? null : drawnAt(layout, trace, root.key);
    if (root === null || now === null || (now.x === root.x && now.y === root.y)) return;
    const [x, y, zoom] = store.getState().transform;
    void flow.setViewport({ x: x - (now.x - root.x) * zoom, y: y - (now.y - root.y) * zoom, zoom });
  }, [flow, store, analysis, view, expanded, layout]);

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
        // Zoomed far out past the budget, React Flow holds the boxes only: the node is found in
        // what the canvas draws, and centring on it at zoom 1 brings the spans back.
        const node = flow.getInternalNode(focus.key);
        const at = node
          ? { ...node.internals.positionAbsolute, w: node.measured.width ?? node.width ?? 0, h: node.measured.height ?? node.height ?? 0 }
          : locate(focus.key);
        if (!at) return;
        served.current = focus.seq;
        // On a culled graph the view jumps: an animated pan there mounts and culls nodes on every
        // frame of the way (a go-to-span at 100k spans was drawn centred only after ~430 ms).
        void flow.setCenter(at.x + at.w / 2, at.y + at.h / 2, { zoom: Math.max(flow.getZoom(), 1), duration: culled ? 0 : 300 });
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [flow, focus, analysis, nodeCount, locate, culled]);
  return null;
}

/** What React Flow is handed. */
interface Handed {
  readonly nodes: AppNode[];
  readonly edges: AppEdge[];
}

/** Past this many nodes dropped at once, their edges go first (`useEdgesFirst`). */
const MANY_DROPPED = 200;

/**
 * Hands React Flow a switch to the boxes alone (zoomed far out past the budget) in two commits:
 * the edges first, the nodes in the next task. React Flow checks every mounted node's and edge's
 * selector on each of its store updates, and a node just removed still has its wrapper mounted
 * until React renders again: showing all of a 10,000-span trace at the fitted zoom, going from
 * 446 mounted spans to boxes only, was one task of 153-185 ms, most of it those checks.
 */
function useEdgesFirst(shown: Handed): Handed {
  const [handed, setHanded] = useState(shown);
  const [last, setLast] = useState(shown);
  if (shown !== last) {
    // Derived from the props while rendering (React's pattern for state that follows a prop).
    setLast(shown);
    const dropsMany = handed.nodes.length - shown.nodes.length > MANY_DROPPED && shown.edges.length === 0 && handed.edges.length > 0;
    setHanded(dropsMany ? { nodes: handed.nodes, edges: shown.edges } : shown);
  }
  useEffect(() => {
    if (handed.nodes === last.nodes) return;
    const timer = setTimeout(() => setHanded(last), 0);
    return () => clearTimeout(timer);
  }, [handed, last]);
  return handed;
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
  const setExpanded = useTraceStore((s) => s.setTraceExpanded);
  const expanded = useTraceStore(selectExpanded);
  const unstacked = useTraceStore(selectUnstacked);
  const setStackOpen = useTraceStore((s) => s.setStackOpen);
  const selected = useTraceStore(selectSelected);
  const focusKey = useTraceStore(selectFocusKey);

  const problems = useMemo(() => (analysis === null ? EMPTY_TRACES : problemTraces(analysis)), [analysis]);
  const view = useMemo(() => currentView(analysis, level, open, onlyProblems, spanLimit), [analysis, level, open, onlyProblems, spanLimit]);
  // The same object while only the selection moves among drawn spans (drawn-view.ts caches it).
  const drawn = useMemo(
    () => (analysis === null || view.level === 'traces' ? null : drawnSpans(analysis, view, expanded, [selected, focusKey])),
    [analysis, view, expanded, selected, focusKey],
  );
  // The span level's nodes are made as the region around the viewport asks for them (to-flow.ts).
  const source = useMemo(() => {
    if (analysis === null) return EMPTY_FLOW;
    if (view.level === 'traces' || drawn === null) return eagerSource(overviewToFlow(drawnTraces(analysis, view, unstacked)));
    return new FlowIndex(analysis.graph, drawn.layout, { problemTraces: problems, expandedLarge: drawn.plan.expandedLarge });
  }, [analysis, view, problems, drawn, unstacked]);
  const { layout, nodeCount, edgeCount } = source;

  // Edges count too: the trace level of 200 traces has few nodes but ~900 labelled edges.
  const large = isLarge(nodeCount, edgeCount);
  // React Flow takes new nodes and edges into its store in an effect, after the render that got
  // them: a render that turned culling off along with the new (small) graph would draw the old
  // one uncut (opening a trace from the 5,000-edge overview at 100k spans mounted every edge: a
  // 1 s task; switching 200 traces spread out in a chain to their spans drew the 195 culled trace
  // nodes for a commit, a 210-370 ms task). So culling stays on while React Flow still holds a
  // graph it culls.
  const heldCulled = useStore(selectHeldCulled);
  const spreadOut = useMemo(() => isSpreadOut(layout.traces), [layout]);
  const cull = large || spreadOut || heldCulled;
  const firstView = useMemo(() => firstViewBounds(layout, large, view.openTrace), [layout, large, view.openTrace]);

  // Past the node budget (an expanded large trace, many small ones), zooming far out would put
  // more than the budget in view: there only the trace boxes are drawn.
  const far = useStore(selectFar);
  const boxesOnly = far && nodeCount > DEFAULT_NODE_BUDGET;
  // Past the budget, React Flow holds only what is around the viewport (viewport-region.ts).
  const culled = !boxesOnly && nodeCount > DEFAULT_NODE_BUDGET;
  const regionKey = useStore(culled ? selectRegionKey : selectNoRegion);
  // A large trace level draws its links on one canvas (DenseLinkCanvas), not as React Flow edges.
  const graphSize = largeGraph(large, view.level === 'traces');
  const dense = graphSize.dense;
  const shown = useMemo(() => {
    if (boxesOnly) return { nodes: [...source.boxes], edges: NO_EDGES };
    if (!culled) {
      const all = source.all();
      return { nodes: all.nodes, edges: dense ? NO_EDGES : all.edges };
    }
    return source.inRegion(parseRegion(regionKey), !dense);
  }, [boxesOnly, culled, regionKey, source, dense]);
  const handed = useEdgesFirst(shown);
  const locate = useCallback((id: string) => source.locate(id), [source]);

  const onNodeClick = useCallback<NodeMouseHandler<AppNode>>(
    (_event, node) => {
      // Through the client: the trace's spans are asked for first, and the view changes with them.
      // A stack of alike traces opens into its traces; a trace opens into its spans.
      if (node.type === 'traceSummary') {
        if (node.data.stackSize === undefined) openTrace(node.data.traceId);
        else setStackOpen(node.data.traceId, true);
      }
      else if (node.type === 'hidden') setExpanded(node.data.traceId, true);
      else if (node.type !== 'trace') select(node.id as SpanKey);
    },
    [select, setExpanded, setStackOpen],
  );
  const onPaneClick = useCallback(() => select(null), [select]);

  return (
    <div
      className="flow-canvas"
      data-testid="graph"
      data-level={view.level}
      data-nodes={nodeCount}
      data-edges={edgeCount}
      data-collapsed={drawn?.plan.traces.size ?? 0}
      data-boxes-only={boxesOnly || undefined}
      data-held={handed.nodes.length}
    >
      <Markers />
      <LargeGraphContext.Provider value={graphSize}>
        <ReactFlow<AppNode>
          nodes={handed.nodes}
          edges={handed.edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodeClick={onNodeClick}
          onPaneClick={onPaneClick}
          {...FIXED_FLOW_PROPS}
          onlyRenderVisibleElements={cull}
          disableKeyboardA11y={large}
          colorMode={theme}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1} color="var(--grid-dot)" />
          <Controls showInteractive={false} position="bottom-left" />
          {nodeCount === 0 ? null : large ? (
            <TraceOverview layout={layout} problems={problems} />
          ) : (
            <MiniMap<AppNode> nodeColor={minimapColour} pannable zoomable position="bottom-right" ariaLabel="Overview" />
          )}
          {dense ? <DenseLinkCanvas nodes={source.all().nodes} edges={source.all().edges} theme={theme} boxes={boxesOnly} /> : null}
          <ViewportDirector analysis={analysis} view={view} nodeCount={nodeCount} firstView={firstView} layout={layout} expanded={expanded} locate={locate} culled={cull} />
          <Panel position="bottom-center">
            <ZoomNotice boxesOnly={boxesOnly} nodes={nodeCount} links={source.hasLinks} edges={edgeCount} />
          </Panel>
        </ReactFlow>
      </LargeGraphContext.Provider>
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
