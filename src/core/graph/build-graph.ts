import { spanKey, type SpanId, type SpanKey, type TraceId } from '../ids';
import { spanIndex, type SpanIndex, type SpanSet } from '../model/merge';
import type { Span } from '../model/span';
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

interface TraceBuilder {
  traceId: TraceId;
  /** The trace's index entry (span id -> key), kept so a run of its spans needs one lookup, not two. */
  inner: ReadonlyMap<SpanId, SpanKey> | undefined;
  spans: SpanKey[];
  placeholders: SpanKey[];
  placeholder: boolean;
  root: SpanKey | undefined;
  rootStart: number;
  startUs: number | undefined;
  services: Set<string>;
}

function newTrace(traceId: TraceId, placeholder: boolean, inner?: ReadonlyMap<SpanId, SpanKey>): TraceBuilder {
  // Every field set here, so that all builders share one shape.
  return { traceId, inner, spans: [], placeholders: [], placeholder, root: undefined, rootStart: Infinity, startUs: undefined, services: new Set() };
}

/**
 * The link graph of a span set: trace boxes, parent edges, one link edge per link record, and a
 * placeholder for every target that is not loaded. Linear in spans + links, no recursion (a
 * 10,000-deep parent chain is just a loop). Order everywhere is load order; placeholder boxes
 * follow the loaded traces, in the order their targets were first referenced.
 * @example const graph = buildGraph(set); graph.linkEdges.filter((e) => e.status !== 'ok');
 */
export function buildGraph(set: SpanSet): LinkGraph {
  const spans = set.spans;
  const index = spanIndex(set);
  const parentEdges: ParentEdge[] = [];
  const orphans: SpanKey[] = [];
  // Every loaded trace's box first, in load order, so that a link can put a missing-span
  // placeholder into a trace met later; boxes of missing traces then follow in link order.
  const traces = new Map<TraceId, TraceBuilder>();
  index.forEach((inner, traceId) => {
    if (inner.size === 0) return;
    const trace = newTrace(traceId, false, inner);
    // The index lists a trace's span keys in load order: one exact-size copy, no growing arrays.
    trace.spans = Array.from(inner.values());
    traces.set(traceId, trace);
  });
  const links: LinkPass = { index, traces, placeholders: new Map(), edges: [] };

  // NOTE: Map#forEach and indexed loops, not for-of: before the optimiser kicks in, for-of
  // allocates an iterator result (and an entry pair) per item, 100k times over. One pass does
  // parents and links, while the span is at hand.
  // Files list a trace's spans together: look the trace up once per run of its spans.
  let trace: TraceBuilder | undefined;
  let inTrace: ReadonlyMap<SpanId, SpanKey> | undefined;
  let lastService: string | undefined;
  let lastParentId: SpanId | undefined;
  let lastParent: SpanKey | undefined;
  let listed = true;
  let runStart: number | undefined;
  spans.forEach((span, key) => {
    if (trace === undefined || span.traceId !== trace.traceId) {
      if (trace !== undefined) trace.startUs = runStart;
      trace = traces.get(span.traceId);
      // Every loaded span is listed in the index under its own trace; a box made here would mean
      // the index is out of step, so it collects its spans itself.
      listed = trace !== undefined;
      if (trace === undefined) {
        trace = newTrace(span.traceId, false);
        traces.set(span.traceId, trace);
      }
      runStart = trace.startUs;
      inTrace = listed ? trace.inner : index.get(span.traceId);
      lastService = undefined;
      lastParentId = undefined;
      lastParent = undefined;
    }
    if (!listed) trace.spans.push(key);
    if (span.links.length > 0) addLinkEdges(links, span, key);
    // Spans of one resource share their service string: add it to the set only when it changes.
    if (span.service !== lastService) {
      lastService = span.service;
      if (lastService !== '') trace.services.add(lastService);
    }
    // Read once, and keep the trace's earliest start in a local while its run lasts: each read
    // of a number field boxes a fresh copy until the optimiser runs (100k times per load).
    const startUs = span.startUs;
    const start = startUs ?? Infinity;
    if (startUs !== undefined && !(startUs >= runStart!)) runStart = startUs;
    // Siblings often follow each other: reuse the last parent lookup.
    const parentId = span.parentSpanId;
    if (parentId !== lastParentId) {
      lastParentId = parentId;
      lastParent = parentId === undefined ? undefined : inTrace?.get(parentId);
    }
    const parent = lastParent;
    if (parent !== undefined && parent !== key) {
      // A span has at most one parent edge, so the child's key is a unique edge id (no new string).
      parentEdges.push({ id: key, parent, child: key });
    } else {
      // No loaded parent: an orphan (parent id set) or a root. A span that names itself as its
      // parent gets no edge (a loop) and is not an orphan either: it is drawn as a root.
      if (parentId !== undefined && parent === undefined) orphans.push(key);
      // Strictly earlier wins, so among equal (or absent) start times the first loaded stays root.
      if (trace.root === undefined || start < trace.rootStart!) {
        trace.root = key;
        trace.rootStart = start;
      }
    }
  });
  if (trace !== undefined) trace.startUs = runStart;

  // Parent cycles in the data (A under B under A) leave a trace without a root: take its earliest span.
  traces.forEach((t) => {
    if (t.root !== undefined) return;
    for (let i = 0; i < t.spans.length; i++) {
      const start = spans.get(t.spans[i]!)!.startUs ?? Infinity;
      if (t.root === undefined || start < t.rootStart!) {
        t.root = t.spans[i]!;
        t.rootStart = start;
      }
    }
  });

  const nodes = new Map<TraceId, TraceNode>();
  traces.forEach((t) => nodes.set(t.traceId, freeze(t)));
  const graph: LinkGraph = { spans, traces: nodes, parentEdges, linkEdges: links.edges, placeholders: links.placeholders };
  orphansOf.set(graph, orphans);
  return graph;
}

interface LinkPass {
  readonly index: SpanIndex;
  readonly traces: Map<TraceId, TraceBuilder>;
  readonly placeholders: Map<SpanKey, Placeholder>;
  readonly edges: LinkEdge[];
}

/** One edge per link of `span` (the holder, `key`), and a placeholder per target not loaded. */
function addLinkEdges(pass: LinkPass, span: Span, key: SpanKey): void {
  const links = span.links;
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    let from: SpanKey;
    let status: LinkStatus;
    if (!link.valid) {
      status = 'invalid-context';
      const box = invalidTargetBox(pass.index, link.traceId);
      from = `${box}/${link.spanId}` as SpanKey;
      addPlaceholder(pass, from, box, link.spanId, status);
    } else {
      const targetTrace = pass.index.get(link.traceId);
      const target = targetTrace?.get(link.spanId);
      if (target !== undefined) {
        from = target;
        status = 'ok';
      } else {
        from = spanKey(link.traceId, link.spanId);
        status = targetTrace === undefined || targetTrace.size === 0 ? 'missing-trace' : 'missing-span';
        addPlaceholder(pass, from, link.traceId, link.spanId, status);
      }
    }
    pass.edges.push({ id: `l:${key}#${i}`, from, to: key, linkIndex: i, status, attributes: link.attributes });
  }
}

/**
 * The box of malformed targets with trace id `raw` as written: `invalid:<raw>`. A loaded span's
 * own malformed trace id may itself start with `invalid:` (a hostile file can write anything),
 * and its box must not also be a placeholder box: then the prefix is doubled until no loaded trace
 * has that id.
 */
function invalidTargetBox(index: SpanIndex, raw: TraceId): TraceId {
  let box = `${INVALID_TARGET_PREFIX}${raw}`;
  while ((index.get(box as TraceId)?.size ?? 0) > 0) box = `${INVALID_TARGET_PREFIX}${box}`;
  return box as TraceId;
}

/** Orphans found while building, so the summary and diagnostics need not look every parent up again. */
const orphansOf = new WeakMap<LinkGraph, readonly SpanKey[]>();

/**
 * Spans with a parent id (not empty, not all zeros) whose parent is not loaded, in load order:
 * `missingParent` of the summary and `span.missing-parent`.
 */
export function orphanSpans(graph: LinkGraph): readonly SpanKey[] {
  const known = orphansOf.get(graph);
  if (known !== undefined) return known;
  const found: SpanKey[] = [];
  graph.spans.forEach((span, key) => {
    if (span.parentSpanId !== undefined && !graph.spans.has(spanKey(span.traceId, span.parentSpanId))) found.push(key);
  });
  orphansOf.set(graph, found);
  return found;
}

function addPlaceholder(pass: LinkPass, key: SpanKey, traceId: TraceId, spanId: SpanId, reason: Placeholder['reason']): void {
  if (pass.placeholders.has(key)) return;
  pass.placeholders.set(key, { key, traceId, spanId, reason });
  let trace = pass.traces.get(traceId);
  if (trace === undefined) {
    trace = newTrace(traceId, true);
    pass.traces.set(traceId, trace);
  }
  trace.placeholders.push(key);
}

function freeze(t: TraceBuilder): TraceNode {
  return {
    traceId: t.traceId,
    spans: t.spans,
    placeholders: t.placeholders,
    placeholder: t.placeholder,
    ...(t.root === undefined ? {} : { root: t.root }),
    ...(t.startUs === undefined ? {} : { startUs: t.startUs }),
    services: [...t.services],
  };
}
