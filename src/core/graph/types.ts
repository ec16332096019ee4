import type { SpanId, SpanKey, TraceId } from '../ids';
import type { Attribute, Span } from '../model/span';

/** A link's status (DIAGNOSTICS.md "Counts"): anything but `ok` is a broken link. */
export type LinkStatus = 'ok' | 'invalid-context' | 'missing-trace' | 'missing-span';

export interface ParentEdge {
  readonly id: string;
  readonly parent: SpanKey;
  readonly child: SpanKey;
}

/**
 * One per link record. Direction is causal: `from` is the linked (referenced) span or its
 * placeholder, `to` is the span that holds the link.
 */
export interface LinkEdge {
  readonly id: string;
  readonly from: SpanKey;
  readonly to: SpanKey;
  readonly linkIndex: number;
  readonly status: LinkStatus;
  readonly attributes: readonly Attribute[];
}

/** A node drawn for a link target that is not loaded (or whose ids are malformed). */
export interface Placeholder {
  readonly key: SpanKey;
  readonly traceId: TraceId;
  readonly spanId: SpanId;
  readonly reason: Exclude<LinkStatus, 'ok'>;
}

export interface TraceNode {
  readonly traceId: TraceId;
  /** Loaded spans, in load order. Empty for a placeholder trace. */
  readonly spans: readonly SpanKey[];
  /** Placeholder targets that sit in this trace (missing spans, or all of a missing trace). */
  readonly placeholders: readonly SpanKey[];
  /** True when no span of this trace is loaded: the box exists only for link targets. */
  readonly placeholder: boolean;
  /** The root span: the earliest span without a loaded parent. Undefined for a placeholder trace. */
  readonly root?: SpanKey;
  readonly startUs?: number;
  readonly services: readonly string[];
}

export interface LinkGraph {
  readonly spans: ReadonlyMap<SpanKey, Span>;
  readonly traces: ReadonlyMap<TraceId, TraceNode>;
  readonly parentEdges: readonly ParentEdge[];
  readonly linkEdges: readonly LinkEdge[];
  readonly placeholders: ReadonlyMap<SpanKey, Placeholder>;
}

/** The summary, exactly the keys of DIAGNOSTICS.md "Counts". */
export interface Summary {
  traces: number;
  spans: number;
  links: number;
  brokenLinks: number;
  invalidContext: number;
  missingTrace: number;
  missingSpan: number;
  missingParent: number;
  droppedLinks: number;
}
export const SUMMARY_KEYS: readonly (keyof Summary)[] = [
  'traces',
  'spans',
  'links',
  'brokenLinks',
  'invalidContext',
  'missingTrace',
  'missingSpan',
  'missingParent',
  'droppedLinks',
];
