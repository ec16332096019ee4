/**
 * Benchmark baseline (scripts/bench-app.mjs, built by bench/rf-baseline/vite.config.ts into
 * bench/out/rf-baseline, never into dist/): React Flow alone, mounting nodes and edges computed
 * beforehand in Node by the app's own code (readTraceFile + analyse + layoutGraph + toFlow),
 * with the app's node and edge types, styles, React Flow options and React Flow components
 * (background, controls, and the minimap up to 400 nodes). No worker, no parsing, no layout,
 * none of the app's panels: the timed part is only React Flow mounting them.
 *
 * Plain JSX rather than TSX: tsconfig.node.json type-checks bench/ without JSX or the DOM.
 * The React Flow props mirror src/app/flow/FlowCanvas.tsx; scripts/bench-app.mjs warns when
 * this page mounts other numbers of nodes or edges than the app did.
 *
 * As in the app, React Flow is mounted first and has drawn a small graph (the demo's nodes,
 * computed the same way) and then nothing, before the timed data is set: the benchmark times
 * window.__bench.show(name) to the drawn frame (scripts/bench-app.mjs waits for it).
 */
import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { FIXED_FLOW_PROPS, Markers, minimapColour } from '../../src/app/flow/canvas-parts';
import { edgeTypes, nodeTypes } from '../../src/app/flow/node-types';
import { VISIBLE_ONLY_THRESHOLD } from '../../src/app/flow/thresholds';
import '../../src/app/styles/app.css';

function Graph({ nodes, edges, viewport }) {
  // As FlowCanvas: past the threshold (nodes or edges) React Flow renders only what is in view.
  const large = nodes.length > VISIBLE_ONLY_THRESHOLD || edges.length > VISIBLE_ONLY_THRESHOLD;
  return (
    <ReactFlowProvider>
      <Markers />
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        {...FIXED_FLOW_PROPS}
        onlyRenderVisibleElements={large}
        defaultViewport={viewport}
        disableKeyboardA11y={large}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} color="var(--grid-dot)" />
        <Controls showInteractive={false} position="bottom-left" />
        {/* The app shows its own light overview (not React Flow) past the threshold instead. */}
        {nodes.length === 0 || large ? null : (
          <MiniMap nodeColor={minimapColour} pannable zoomable position="bottom-right" ariaLabel="Overview" />
        )}
      </ReactFlow>
    </ReactFlowProvider>
  );
}

const EMPTY = { nodes: [], edges: [] };
const datasets = {};
let setShown = () => {};

/** Holds what is shown, like the app's store: the ReactFlow instance stays mounted across data. */
function Host({ viewport }) {
  const [shown, set] = useState(EMPTY);
  setShown = set;
  return (
    <div className="flow-canvas">
      <Graph nodes={shown.nodes} edges={shown.edges} viewport={viewport} />
    </div>
  );
}

const container = document.getElementById('root');
const root = createRoot(container);

window.__bench = {
  /** Fetches and parses data sets (not timed). */
  async load(names) {
    for (const name of names) datasets[name] = await (await fetch(name)).json();
  },
  /**
   * Mounts an empty React Flow in a canvas of the app's size at the app's final viewport
   * (`defaultViewport` applies at mount only, as in the app the viewport carries over).
   * @param {{width: number, height: number, viewport: {x: number, y: number, zoom: number}}} opts
   */
  mount(opts) {
    container.style.cssText = `position: relative; width: ${opts.width}px; height: ${opts.height}px`;
    root.render(
      <StrictMode>
        <Host viewport={opts.viewport} />
      </StrictMode>,
    );
  },
  /** Sets the data shown (a loaded name, or null for nothing). The timed part starts here. */
  show(name) {
    setShown(name === null ? EMPTY : datasets[name]);
  },
};
