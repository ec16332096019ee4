import type { SpanId, TraceId } from '../ids';

/** OTLP span kinds, by name. Readers map ints (0–5), enum names and Jaeger/Zipkin tags to these. */
export type SpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type StatusCode = 'unset' | 'ok' | 'error';

/**
 * An attribute value. OTLP `kvlistValue` becomes `{ kvlist: [...] }` so that keys such as
 * `__proto__` stay plain data; int64 values that do not fit a double stay strings.
 */
export type AttrValue = string | number | boolean | null | readonly AttrValue[] | AttrMap;
export interface AttrMap {
  readonly kvlist: readonly Attribute[];
}
export interface Attribute {
  readonly key: string;
  readonly value: AttrValue;
}

export interface SpanLink {
  /** Normalised when `valid`; otherwise the id as written (lower-cased). */
  readonly traceId: TraceId;
  readonly spanId: SpanId;
  /** Both ids are valid W3C ids (right length, hex, not all zeros). */
  readonly valid: boolean;
  readonly traceState?: string;
  readonly attributes: readonly Attribute[];
}

export interface SpanEvent {
  readonly name: string;
  readonly timeUs?: number;
  readonly attributes: readonly Attribute[];
}

/** The normalised span every reader produces. Times are microseconds since the Unix epoch. */
export interface Span {
  readonly traceId: TraceId;
  readonly spanId: SpanId;
  /** Both own ids are valid W3C ids; when not, the span is keyed by its ids as written. */
  readonly validId: boolean;
  /** Undefined for a root (absent, empty, null or all-zero parent id). */
  readonly parentSpanId?: SpanId;
  readonly name: string;
  /** `service.name`, or '' when the file has none. */
  readonly service: string;
  readonly kind: SpanKind;
  readonly startUs?: number;
  readonly durationUs?: number;
  readonly status: StatusCode;
  readonly statusMessage?: string;
  readonly attributes: readonly Attribute[];
  readonly resource: readonly Attribute[];
  readonly scope?: string;
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
  readonly droppedLinksCount: number;
  /** The file (name as the user gave it) this span was read from. */
  readonly source: string;
}

/**
 * Shared by the many spans without attributes, events or links: frozen, so a stray push fails
 * loudly. A reader that keeps one empty list per span keeps garbage for the young GC to copy.
 */
export const NO_ATTRIBUTES: readonly Attribute[] = Object.freeze([]);
export const NO_EVENTS: readonly SpanEvent[] = Object.freeze([]);
export const NO_LINKS: readonly SpanLink[] = Object.freeze([]);

/** Looks up an attribute's value by key. */
export function attr(attributes: readonly Attribute[], key: string): AttrValue | undefined {
  for (const a of attributes) if (a.key === key) return a.value;
  return undefined;
}

/** One-line text for an attribute value, as labels and messages show it. */
export function formatAttrValue(value: AttrValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => formatAttrValue(v as AttrValue)).join(', ')}]`;
  if (typeof value === 'object') {
    const map = value as AttrMap;
    return `{${map.kvlist.map((a) => `${a.key}: ${formatAttrValue(a.value)}`).join(', ')}}`;
  }
  return String(value);
}
