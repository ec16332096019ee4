import { spanKey, type SpanId, type SpanKey, type TraceId } from '../ids';
import type { SpanSet } from '../model/merge';
import { ROW_HAS_LINKS, ROW_PARENT_MASK, ROW_PARENT_NONE } from '../model/row-flags';
import { SpanTable, type SpanBrief, type TraceRows } from '../model/span-table';
import type { Span, SpanLink } from '../model/span';
import type { LinkEdge, LinkGraph, LinkStatus, ParentEdge, Placeholder, TraceNode } from './types';

/**
 * Targets of links whose ids are malformed (`link.invalid-context`) cannot be keyed like real
 * spans: `trace-123/span-1` may even be the key of a loaded span with invalid ids. So they live
 * apart, in one placeholder trace box per raw trace id, keyed `invalid:<trace id as written>`;
 * their placeholders are keyed `invalid:<trace id>/<span id>`, and `Placeholder.traceId` is that
 * box's key (so `graph.traces.get(placeholder.traceId)` always finds the box). Real trace ids are
 * never prefixed, so the two key spaces cannot meet.
 */
export const INVALID_TARGET_PREFIX = 'invalid:';

/** True for the box (or placeholder key) of malformed link targets. */
export function isInvalidTarget(id: string): boolean {
  return id.startsWith(INVALID_TARGET_PREFIX);
}

/** The trace id as the link wrote it, for a box key made by this module. */
export function rawTraceId(traceId: TraceId): string {
  return isInvalidTarget(traceId) ? traceId.slice(INVALID_TARGET_PREFIX.length) : traceId;
}

const NO_ROWS: readonly number[] = Object.freeze([]);
const NO_KEYS = Object.freeze([]) as unknown as SpanKey[];

/** No trace yet (before the first row). */
const EMPTY_ROWS: TraceRows = { traceId: '' as TraceId, index: -1, packed: false, prefix: 0, rows: [] };

interface TraceBuilder {
  traceId: TraceId;
  /** The table rows of its loaded spans, load order (the keys are made only when `spans` is read). */
  rows: readonly number[];
  placeholders: SpanKey[];
  placeholder: boolean;
  root: SpanKey | undefined;
  rootStart: number;
  startUs: number | undefined;
  /** Its services, first seen first; past SERVICE_LIST of them, also in `serviceSet` for lookups. */
  services: string[];
  serviceSet: Set<string> | undefined;
  /**
   * The service of its last row: rows of many traces interleave, and a trace's rows mostly repeat
   * the service of the one before.
   */
  lastService: string | undefined;
}

function newTrace(traceId: TraceId, placeholder: boolean): TraceBuilder {
  // Every field set here, so that all builders share one shape.
  return { traceId, rows: NO_ROWS, placeholders: NO_KEYS, placeholder, root: undefined, rootStart: Infinity, startUs: undefined, services: [], serviceSet: undefined, lastService: undefined };
}

/**
 * The link graph of a span set: trace boxes, parent edges, one link edge per link record, and a
 * placeholder for every target that is not loaded. Linear in spans + links, no recursion (a
 * 10,000-deep parent chain is just a loop). Order everywhere is load order; placeholder boxes
 * follow the loaded traces, in the order their targets were first referenced.
 * @example const graph = buildGraph(set); graph.linkEdges.filter((e) => e.status !== 'ok');
 */
export function buildGraph(set: SpanSet): LinkGraph {
  const table = set.spans;
  // The parent of each row (-1: none), as rows: edge objects are made only when asked for.
  const parentRows = new Int32Array(table.size).fill(-1);
  // Rows of spans whose parent id names no loaded span (`orphanRows`; keys made only when asked).
  const orphans: number[] = [];
  // Every loaded trace's box first, in load order, so that a link can put a missing-span
  // placeholder into a trace met later; boxes of missing traces then follow in link order.
  const traces = new Map<TraceId, TraceBuilder>();
  // The same builders by the table's trace number, for the pass over rows.
  const byNumber: TraceBuilder[] = [];
  for (const traceId of table.traceIds()) {
    const rows = table.rowsOf(traceId);
    if (rows.length === 0) continue;
    const trace = newTrace(traceId, false);
    byNumber[table.traceRowsOf(traceId)!.index] = trace;
    trace.rows = rows;
    traces.set(traceId, trace);
  }
  const links: LinkPass = { table, traces, placeholders: new Map(), edges: [], holders: [] };

  // One pass over the rows (load order) does parents and links. It reads the table's per-row
  // facts (flags, parent words, start, service): a span object is read only for its links, or
  // when it has something to report.
  // Files list a trace's spans together: look the trace up once per run of its spans.
  let trace: TraceBuilder | undefined;
  let rowsOfTrace: TraceRows = EMPTY_ROWS;
  let lastService: string | undefined;
  let runStart: number | undefined;
  const count = table.size;
  for (let row = 0; row < count; row++) {
    const rowsHere = table.traceAt(row);
    if (rowsHere !== rowsOfTrace || trace === undefined) {
      if (trace !== undefined) {
        trace.startUs = runStart;
        trace.lastService = lastService;
      }
      // Every loaded span is in its own trace's rows, so its box was made above.
      trace = byNumber[rowsHere.index]!;
      runStart = trace.startUs;
      rowsOfTrace = rowsHere;
      lastService = trace.lastService;
    }
    const flags = table.flagsAt(row);
    if ((flags & ROW_HAS_LINKS) !== 0) addLinkEdges(links, table.linksAt(row), table.keyAt(row), row);
    // Spans of one resource share their service string: look it up only when it changes.
    const service = table.serviceAt(row);
    if (service !== lastService) {
      lastService = service;
      if (service !== '') addService(trace, service);
    }
    // NaN (no start) fails both comparisons, as `undefined` did.
    const startUs = table.startAt(row);
    const start = startUs === startUs ? startUs : Infinity;
    if (startUs === startUs && !(startUs >= runStart!)) runStart = startUs;
    const parent = table.parentRowOf(row);
    if (parent >= 0 && parent !== row) {
      parentRows[row] = parent;
    } else {
      // No loaded parent: an orphan (parent id set) or a root. A span that names itself as its
      // parent gets no edge (a loop) and is not an orphan either: it is drawn as a root.
      if ((flags & ROW_PARENT_MASK) !== ROW_PARENT_NONE && parent < 0) orphans.push(row);
      // Strictly earlier wins, so among equal (or absent) start times the first loaded stays root.
      if (trace.root === undefined || start < trace.rootStart) {
        trace.root = table.keyAt(row);
        trace.rootStart = start;
      }
    }
  }
  if (trace !== undefined) trace.startUs = runStart;

  // Parent cycles in the data (A under B under A) leave a trace without a root: take its earliest span.
  traces.forEach((t) => {
    if (t.root !== undefined) return;
    for (let i = 0; i < t.rows.length; i++) {
      const startUs = table.startAt(t.rows[i]!);
      const start = startUs === startUs ? startUs : Infinity;
      if (t.root === undefined || start < t.rootStart) {
        t.root = table.keyAt(t.rows[i]!);
        t.rootStart = start;
      }
    }
  });

  const nodes = new Map<TraceId, TraceNode>();
  traces.forEach((t) => nodes.set(t.traceId, freeze(t, table)));
  let parentEdges: ParentEdge[] | undefined;
  const graph: LinkGraph = {
    spans: table,
    traces: nodes,
    // The CLI's summary and check never draw parent edges: 100k objects are made only for a view.
    get parentEdges(): readonly ParentEdge[] {
      return (parentEdges ??= parentEdgesOf(table, parentRows));
    },
    linkEdges: links.edges,
    placeholders: links.placeholders,
  };
  orphanRowsOf.set(graph, orphans);
  holdersOf.set(graph, links.holders);
  parentRowsOf.set(graph, parentRows);
  return graph;
}

/** Past this many services a trace looks its services up in a set (a hostile file may name one per span). */
const SERVICE_LIST = 16;

/** Adds `service` to the trace's services unless it is there. */
function addService(trace: TraceBuilder, service: string): void {
  const list = trace.services;
  if (trace.serviceSet !== undefined) {
    if (trace.serviceSet.has(service)) return;
    trace.serviceSet.add(service);
  } else {
    // Interned strings compare by pointer first: a few compares beat hashing the string.
    if (list.includes(service)) return;
    if (list.length === SERVICE_LIST) trace.serviceSet = new Set(list).add(service);
  }
  list.push(service);
}

/** One edge per row with a parent, in row (load) order. */
function parentEdgesOf(table: SpanTable, parentRows: Int32Array): ParentEdge[] {
  const edges: ParentEdge[] = [];
  for (let row = 0; row < parentRows.length; row++) {
    const parent = parentRows[row]!;
    if (parent < 0) continue;
    const key = table.keyAt(row);
    // A span has at most one parent edge, so the child's key is a unique edge id (no new string).
    edges.push({ id: key, parent: table.keyAt(parent), child: key });
  }
  return edges;
}

interface LinkPass {
  readonly table: SpanTable;
  readonly traces: Map<TraceId, TraceBuilder>;
  readonly placeholders: Map<SpanKey, Placeholder>;
  readonly edges: LinkEdge[];
  /** The table row of each edge's holder (`to`), by edge index. */
  readonly holders: number[];
}

/** One edge per link in `links` (of the holder, `key`), and a placeholder per target not loaded. */
function addLinkEdges(pass: LinkPass, links: readonly SpanLink[], key: SpanKey, row: number): void {
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    let from: SpanKey;
    let status: LinkStatus;
    if (!link.valid) {
      status = 'invalid-context';
      const box = invalidTargetBox(pass.table, link.traceId);
      from = `${box}/${link.spanId}` as SpanKey;
      addPlaceholder(pass, from, box, link.spanId, status);
    } else {
      const target = pass.table.rowOf(link.traceId, link.spanId);
      if (target >= 0) {
        from = pass.table.keyAt(target);
        status = 'ok';
      } else {
        from = spanKey(link.traceId, link.spanId);
        status = pass.table.traceSize(link.traceId) === 0 ? 'missing-trace' : 'missing-span';
        addPlaceholder(pass, from, link.traceId, link.spanId, status);
      }
    }
    pass.holders.push(row);
    pass.edges.push({ id: `l:${key}#${i}`, from, to: key, linkIndex: i, status, attributes: link.attributes });
  }
}

/**
 * The box of malformed targets with trace id `raw` as written: `invalid:<raw>`. A loaded span's
 * own malformed trace id may itself start with `invalid:` (a hostile file can write anything),
 * and its box must not also be a placeholder box: then the prefix is doubled until no loaded trace
 * has that id.
 */
function invalidTargetBox(table: SpanTable, raw: TraceId): TraceId {
  let box = `${INVALID_TARGET_PREFIX}${raw}`;
  while (table.traceSize(box as TraceId) > 0) box = `${INVALID_TARGET_PREFIX}${box}`;
  return box as TraceId;
}

/** The holder rows of the link edges, by edge index, for the graph built from a table. */
const holdersOf = new WeakMap<LinkGraph, readonly number[]>();

/**
 * The row of the span holding link edge `index` (its `to`) in `graph.spans`, a table, when the
 * graph was built here (so the diagnostics look 20k holders up without hashing their keys); else -1.
 */
function holderRow(graph: LinkGraph, index: number): number {
  const row = holdersOf.get(graph)?.[index];
  return row !== undefined && graph.spans instanceof SpanTable ? row : -1;
}

/** The span holding link edge `index`, through `graph.spans` (a graph not built here). */
function holderSpan(graph: LinkGraph, index: number): Span | undefined {
  const edge = graph.linkEdges[index];
  return edge === undefined ? undefined : graph.spans.get(edge.to);
}

/** The ids, name and service of the span holding link edge `index`, without making that span. */
export function linkHolderBrief(graph: LinkGraph, index: number): SpanBrief | undefined {
  const row = holderRow(graph, index);
  return row < 0 ? holderSpan(graph, index) : (graph.spans as SpanTable).briefAt(row);
}

/**
 * The links of the span holding link edge `index`, without making that span (the diagnostics
 * read 20k links, and describe only the few that are broken).
 */
export function linkHolderLinks(graph: LinkGraph, index: number): readonly SpanLink[] | undefined {
  const row = holderRow(graph, index);
  return row < 0 ? holderSpan(graph, index)?.links : (graph.spans as SpanTable).linksAt(row);
}

/** The parent row of each row (-1: none), for the graph built from a table. */
const parentRowsOf = new WeakMap<LinkGraph, Int32Array>();

/**
 * The row of the loaded parent of `set.spans` row `row` (-1: none), as `graph` (built from that
 * set) found it, so the diagnostics need not look parents up again.
 */
export function parentRow(graph: LinkGraph, row: number): number {
  const rows = parentRowsOf.get(graph);
  if (rows !== undefined) return rows[row] ?? -1;
  return graph.spans instanceof SpanTable ? graph.spans.parentRowOf(row) : -1;
}

/** Orphans found while building (their rows), so the summary and diagnostics need not look every parent up again. */
const orphanRowsOf = new WeakMap<LinkGraph, readonly number[]>();

/**
 * The rows of `table` (the spans `graph` was built from) with a parent id that names no loaded
 * span, in load order: `missingParent` of the summary and `span.missing-parent`. As the build
 * found them, so the diagnostics word them from the table's columns without hashing keys to rows.
 */
export function orphanRows(graph: LinkGraph, table: SpanTable): readonly number[] {
  const known = orphanRowsOf.get(graph);
  if (known !== undefined) return known;
  const rows: number[] = [];
  for (let row = 0; row < table.size; row++) {
    if ((table.flagsAt(row) & ROW_PARENT_MASK) !== ROW_PARENT_NONE && table.parentRowOf(row) < 0) rows.push(row);
  }
  orphanRowsOf.set(graph, rows);
  return rows;
}

function addPlaceholder(pass: LinkPass, key: SpanKey, traceId: TraceId, spanId: SpanId, reason: Placeholder['reason']): void {
  if (pass.placeholders.has(key)) return;
  pass.placeholders.set(key, { key, traceId, spanId, reason });
  let trace = pass.traces.get(traceId);
  if (trace === undefined) {
    trace = newTrace(traceId, true);
    pass.traces.set(traceId, trace);
  }
  // Most traces have none: they share NO_KEYS until their first.
  if (trace.placeholders === NO_KEYS) trace.placeholders = [];
  trace.placeholders.push(key);
}

/**
 * The trace node: its `spans` keys are made on first read (the CLI never reads them), then kept.
 * An own enumerable getter, so spreads, structured clones and JSON see the keys as a plain array.
 */
function freeze(t: TraceBuilder, table: SpanTable): TraceNode {
  const rows = t.rows;
  let keys: SpanKey[] | undefined;
  const node: { -readonly [K in keyof TraceNode]: TraceNode[K] } = {
    traceId: t.traceId,
    get spans(): readonly SpanKey[] {
      if (keys === undefined) {
        keys = new Array<SpanKey>(rows.length);
        for (let i = 0; i < rows.length; i++) keys[i] = table.keyAt(rows[i]!);
      }
      return keys;
    },
    placeholders: t.placeholders,
    placeholder: t.placeholder,
    services: t.services,
  };
  // Set only when known (no spread of a temporary object per trace: 5,000 traces make 10,000).
  if (t.root !== undefined) node.root = t.root;
  if (t.startUs !== undefined) node.startUs = t.startUs;
  return node;
}
