/**
 * Test helper: builds a LinkGraph by hand from short span descriptions, so layout tests do not
 * depend on the readers or on build-graph. Ids are used as written (tests pick their own).
 * Only what the layout reads is filled in: spans (parent, start), traces, link edges and
 * placeholders for link targets that are not loaded.
 */
import { spanKey, type SpanId, type SpanKey, type TraceId } from '../ids';
import type { LinkEdge, LinkGraph, Placeholder, TraceNode } from '../graph/types';
import type { Span } from '../model/span';

export interface SpanSpec {
  readonly trace: string;
  readonly span: string;
  readonly parent?: string;
  readonly start?: number;
  /** Link targets as `trace/span`. */
  readonly links?: readonly string[];
}

export function makeSpan(s: SpanSpec): Span {
  return {
    traceId: s.trace as TraceId,
    spanId: s.span as SpanId,
    validId: true,
    parentSpanId: s.parent as SpanId | undefined,
    name: `op ${s.span}`,
    service: 'svc',
    kind: 'internal',
    startUs: s.start,
    durationUs: 10,
    status: 'unset',
    attributes: [],
    resource: [],
    events: [],
    links: (s.links ?? []).map((l) => {
      const [traceId, spanId] = l.split('/') as [TraceId, SpanId];
      return { traceId, spanId, valid: true, attributes: [] };
    }),
    droppedLinksCount: 0,
    source: 'test',
  };
}

export function makeGraph(specs: readonly SpanSpec[]): LinkGraph {
  const spans = new Map<SpanKey, Span>();
  for (const s of specs) spans.set(spanKey(s.trace, s.span), makeSpan(s));
  const traceSpans = new Map<TraceId, SpanKey[]>();
  for (const [key, span] of spans) {
    const list = traceSpans.get(span.traceId);
    if (list) list.push(key);
    else traceSpans.set(span.traceId, [key]);
  }
  const placeholders = new Map<SpanKey, Placeholder>();
  const tracePlaceholders = new Map<TraceId, SpanKey[]>();
  const linkEdges: LinkEdge[] = [];
  for (const [key, span] of spans) {
    span.links.forEach((l, i) => {
      const target = spanKey(l.traceId, l.spanId);
      let status: LinkEdge['status'] = 'ok';
      if (!spans.has(target)) {
        status = traceSpans.has(l.traceId) ? 'missing-span' : 'missing-trace';
        if (!placeholders.has(target)) {
          placeholders.set(target, { key: target, traceId: l.traceId, spanId: l.spanId, reason: status });
          const list = tracePlaceholders.get(l.traceId);
          if (list) list.push(target);
          else tracePlaceholders.set(l.traceId, [target]);
        }
      }
      linkEdges.push({ id: `${key}#${i}`, from: target, to: key, linkIndex: i, status, attributes: [] });
    });
  }
  const traces = new Map<TraceId, TraceNode>();
  for (const traceId of new Set([...traceSpans.keys(), ...tracePlaceholders.keys()])) {
    const own = traceSpans.get(traceId) ?? [];
    let root: SpanKey | undefined;
    let startUs: number | undefined;
    for (const k of own) {
      const s = spans.get(k)!;
      if (s.startUs !== undefined && (startUs === undefined || s.startUs < startUs)) startUs = s.startUs;
      const hasParent = s.parentSpanId !== undefined && spans.has(spanKey(traceId, s.parentSpanId));
      if (!hasParent && (root === undefined || (s.startUs ?? Infinity) < (spans.get(root)!.startUs ?? Infinity))) root = k;
    }
    traces.set(traceId, {
      traceId,
      spans: own,
      placeholders: tracePlaceholders.get(traceId) ?? [],
      placeholder: own.length === 0,
      root,
      startUs,
      services: own.length > 0 ? ['svc'] : [],
    });
  }
  const parentEdges = [...spans.values()]
    .filter((s) => s.parentSpanId !== undefined && spans.has(spanKey(s.traceId, s.parentSpanId)))
    .map((s) => ({ id: `p:${s.spanId}`, parent: spanKey(s.traceId, s.parentSpanId!), child: spanKey(s.traceId, s.spanId) }));
  return { spans, traces, parentEdges, linkEdges, placeholders };
}

/** A full-length trace id of one repeated character: `repeatId('a')` is 32 `a`s. */
export function repeatId(c: string): string {
  return c.repeat(32);
}

/**
 * Order -> payment/inventory -> shipping (a fan-out and a fan-in), a cycle (e <-> f), a missing
 * trace (9) and a lone trace (1): the graph the layout tests share.
 */
export function sampleGraph(): LinkGraph {
  const [O, P, I, S, X, Y, L] = ['a', 'b', 'c', 'd', 'e', 'f', '1'].map(repeatId) as [string, string, string, string, string, string, string];
  return makeGraph([
    { trace: O, span: 'o1', start: 100 },
    { trace: O, span: 'o2', parent: 'o1', start: 101 },
    { trace: O, span: 'o3', parent: 'o2', start: 102 },
    { trace: P, span: 'p1', start: 200, links: [`${O}/o3`] },
    { trace: P, span: 'p2', parent: 'p1', start: 201 },
    { trace: I, span: 'i1', start: 210, links: [`${O}/o3`] },
    { trace: S, span: 's1', start: 300, links: [`${P}/p2`, `${I}/i1`, `${repeatId('9')}/lost`] },
    { trace: X, span: 'x1', start: 50, links: [`${Y}/y1`] },
    { trace: Y, span: 'y1', start: 60, links: [`${X}/x1`] },
    { trace: L, span: 'l1', start: 10 },
  ]);
}

/** The traces of `sampleGraph`'s cycle: their links cannot all run left to right. */
export const SAMPLE_CYCLE: ReadonlySet<string> = new Set([repeatId('e'), repeatId('f')]);

/** `count` traces in chains of 3 (each links the root of the one before), each with 0 to 3 child spans. */
export function linkedChains(count: number): SpanSpec[] {
  const id = (i: number) => i.toString(16).padStart(32, '0');
  const specs: SpanSpec[] = [];
  for (let i = 0; i < count; i++) {
    specs.push({ trace: id(i), span: 'r', start: i, links: i % 3 === 0 ? [] : [`${id(i - 1)}/r`] });
    for (let k = 0; k < i % 4; k++) specs.push({ trace: id(i), span: `c${k}`, parent: 'r', start: i + k });
  }
  return specs;
}
