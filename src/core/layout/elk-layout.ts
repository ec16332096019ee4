/**
 * Places the trace boxes: each box's size comes from its tree layout, then the boxes are placed
 * left to right by causality with ELK's layered algorithm (one ELK node per box, fixed size, one
 * ELK edge per distinct trace pair that has links, all pointing forward in `causalOrder`).
 *
 * Worker-safe: no DOM, no Node built-ins. The app runs this inside its Web Worker; tests run it
 * in Node. Past `maxElkBoxes` (default 500) boxes or `maxElkEdges` (600) linked trace pairs,
 * ELK is skipped for `packColumns`: the layered algorithm's crossing minimisation and node
 * placement take seconds past ~1k nodes (7 s for 530 boxes and ~1,000 random pairs with ELK's
 * defaults), which would stall the view, while column packing by causal rank is linear (0.3 s
 * for 5,000 boxes of 100k spans) and keeps the same left-to-right meaning. ELK failing for any reason also falls back to packing, so a layout always comes back.
 */
import type { TraceId } from '../ids';
import type { LinkGraph } from '../graph/types';
import { BOX_GAP, LAYER_GAP, type GraphLayout, type TraceBoxLayout } from './types';
import { causalOrder } from './trace-order';
import { packColumns, withBounds, type SizedBox } from './pack-columns';
import { layoutTraceSpans } from './tree-layout';
import type { ELK, ElkNode } from 'elkjs/lib/elk.bundled.js';

export interface LayoutGraphOptions {
  /** Above this many trace boxes, skip ELK and pack columns by causal rank. Default 500. */
  readonly maxElkBoxes?: number;
  /** Above this many linked trace pairs (ELK edges), skip ELK too. Default 600. */
  readonly maxElkEdges?: number;
}

export const DEFAULT_MAX_ELK_BOXES = 500;
/** Long edges make dummy nodes in every layer they cross, so edges cost ELK as much as boxes. */
export const DEFAULT_MAX_ELK_EDGES = 600;
export { BOX_GAP, LAYER_GAP } from './types';

const ELK_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': String(BOX_GAP),
  'elk.layered.spacing.nodeNodeBetweenLayers': String(LAYER_GAP),
  'elk.spacing.componentComponent': String(BOX_GAP),
  // Every edge already points forward in our causal order: MODEL_ORDER keeps ELK's layers in it.
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  // Speed over polish (we draw span-level edges ourselves, ELK only places boxes). Measured on
  // 500 boxes with 600 random long-range trace pairs: defaults 2.3 s, with
  // considerModelOrder 4.3 s, thoroughness 2 + SIMPLE node placement 0.8 s.
  'elk.layered.thoroughness': '2',
  'elk.layered.nodePlacement.strategy': 'SIMPLE',
  'elk.padding': '[top=0,left=0,bottom=0,right=0]',
};

let elkInstance: Promise<ELK> | undefined;

/**
 * Loads elkjs once. `elk.bundled.js` checks for a worker scope (`self` without `document`) and
 * then installs `self.onmessage` for its own worker protocol. Inside the app's worker that would
 * replace the app's handler, so the handler in place before the import is put back after it.
 */
function loadElk(): Promise<ELK> {
  elkInstance ??= (async () => {
    const scope = globalThis as { onmessage?: unknown };
    const before = scope.onmessage;
    const mod = await import('elkjs/lib/elk.bundled.js');
    if ('onmessage' in scope && scope.onmessage !== before) scope.onmessage = before ?? null;
    const Ctor = mod.default;
    return new Ctor();
  })();
  return elkInstance;
}

/**
 * @example const layout = await layoutGraph(graph); layout.traces[0].nodes[0].key
 * Boxes come back in causal order (`orderTraces`), positions absolute, nodes box-relative.
 */
export async function layoutGraph(graph: LinkGraph, opts: LayoutGraphOptions = {}): Promise<GraphLayout> {
  const { order, rank, edges } = causalOrder(graph);
  const boxes: SizedBox[] = order.map((traceId) => {
    const tree = layoutTraceSpans(graph.traces.get(traceId)!, graph);
    return { traceId, width: tree.width, height: tree.height, nodes: tree.nodes, rank: rank.get(traceId) ?? 0 };
  });
  return placeBoxes(boxes, edges, opts);
}

/** The name the core API overview uses. */
export const layoutTraces = layoutGraph;

/**
 * Places sized boxes left to right by causality: ELK's layered algorithm within the budgets
 * (`opts`), column packing by rank past them or when ELK fails. Shared by `layoutGraph` (boxes
 * sized by their span trees) and `layoutOverview` (one fixed-size box per trace).
 * @param boxes in causal order (`causalOrder(graph).order`), each with its causal rank
 * @param edges distinct trace pairs, every one pointing forward in that order (`causalOrder(graph).edges`)
 * @returns boxes in the order given, positions absolute; an empty layout for no boxes
 */
export async function placeBoxes(
  boxes: readonly SizedBox[],
  edges: readonly { readonly from: TraceId; readonly to: TraceId }[],
  opts: LayoutGraphOptions = {},
): Promise<GraphLayout> {
  if (boxes.length === 0) return { traces: [], width: 0, height: 0 };
  const fitsElk =
    boxes.length <= (opts.maxElkBoxes ?? DEFAULT_MAX_ELK_BOXES) && edges.length <= (opts.maxElkEdges ?? DEFAULT_MAX_ELK_EDGES);
  if (fitsElk) {
    try {
      return await placeWithElk(boxes, edges);
    } catch {
      // ELK is a black box to us; a layout in columns is better than no layout.
    }
  }
  return packColumns(boxes, { boxGap: BOX_GAP, layerGap: LAYER_GAP });
}

async function placeWithElk(
  boxes: readonly SizedBox[],
  edges: readonly { readonly from: TraceId; readonly to: TraceId }[],
): Promise<GraphLayout> {
  const elk = await loadElk();
  const id = new Map<TraceId, string>();
  boxes.forEach((b, i) => id.set(b.traceId, `t${i}`));
  const root: ElkNode = {
    id: 'root',
    layoutOptions: ELK_OPTIONS,
    children: boxes.map((b) => ({ id: id.get(b.traceId)!, width: b.width, height: b.height })),
    edges: edges.map((e, k) => ({ id: `e${k}`, sources: [id.get(e.from)!], targets: [id.get(e.to)!] })),
  };
  const out = await elk.layout(root);
  const placed = new Map<string, { x: number; y: number }>();
  for (const c of out.children ?? []) placed.set(c.id, { x: c.x ?? 0, y: c.y ?? 0 });
  const traces: TraceBoxLayout[] = boxes.map((b) => {
    const p = placed.get(id.get(b.traceId)!);
    if (!p) throw new Error(`ELK lost box ${b.traceId}`);
    return { traceId: b.traceId, x: p.x, y: p.y, width: b.width, height: b.height, nodes: b.nodes };
  });
  return withBounds(traces);
}
