/**
 * Spans as an OTLP JSON `TracesData` document (FORMATS.md section 1): what any OTLP tool reads,
 * and what tracelinks reads back as `otlp-json`. Ids are written as they are held (lower-case hex
 * when valid; a malformed id as the string it is), enums as ints, 64-bit ints as decimal strings.
 *
 * Reading the text back with `readTraceFile` gives the same spans, in the same order (which span
 * is kept under a duplicate id depends on it), for every span as an OTLP reader makes it. What is
 * not kept:
 * - `source`: every span read back names the file it is read from.
 * - A malformed id that is not as the OTLP reader leaves one (upper case, surrounding spaces, a
 *   `0x` prefix, base64 of 16/8 bytes) comes back as that reader normalises it (`'A/B'` -> `'a/b'`).
 * - Times are whole microseconds above zero: a start (or end, or event time) at or below zero
 *   comes back absent, a duration without a start (or whose end is at or below zero) absent, a
 *   fraction of a microsecond is dropped, and past 2^53 µs (year 2255) a time is only as exact as
 *   a double (the end is written as start + duration).
 * - An empty `statusMessage`, `scope` or link `traceState` comes back absent.
 * - A resource that does not say the span's service (no string `service.name`, or another one
 *   first) gets `service.name` put first, so the service comes back.
 * - A number that is not finite comes back as the text protobuf JSON writes for it (`"NaN"`,
 *   `"Infinity"`, `"-Infinity"`); an attribute read from `bytesValue` is written as a string.
 */
import type { AttrMap, AttrValue, Attribute, Span, SpanEvent, SpanKind, SpanLink, StatusCode } from '../model/span';

// ---------------------------------------------------------------------------------------------
// The document, as protobuf JSON has it (only the fields written here).

interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number | string;
  arrayValue?: { values: OtlpAnyValue[] };
  kvlistValue?: { values: OtlpKeyValue[] };
}
interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}
interface OtlpEvent {
  timeUnixNano?: string;
  name: string;
  attributes: OtlpKeyValue[];
}
interface OtlpLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: OtlpKeyValue[];
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes: OtlpKeyValue[];
  events?: OtlpEvent[];
  links?: OtlpLink[];
  droppedLinksCount?: number;
  status: { code?: number; message?: string };
}
interface OtlpScopeSpans {
  scope?: { name: string };
  spans: OtlpSpan[];
}
interface OtlpResourceSpans {
  resource: { attributes: OtlpKeyValue[] };
  scopeSpans: OtlpScopeSpans[];
}

const KIND: Readonly<Record<SpanKind, number>> = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const STATUS: Readonly<Record<StatusCode, number>> = { unset: 0, ok: 1, error: 2 };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL = /^-?(?:0|[1-9]\d*)$/;

/**
 * An int64 the model keeps as text because it does not fit a double (`'9007199254740993'`):
 * written back as `intValue`, which reads back as the same text. A text that a double holds
 * exactly would read back as a number, so it stays a `stringValue`.
 */
function isWideInt64(text: string): boolean {
  if (text.length > 20 || !DECIMAL.test(text) || Number.isSafeInteger(Number(text))) return false;
  const n = BigInt(text);
  return n >= INT64_MIN && n <= INT64_MAX;
}

function anyValue(value: AttrValue): OtlpAnyValue {
  if (value === null || value === undefined) return {};
  switch (typeof value) {
    case 'string':
      return isWideInt64(value) ? { intValue: value } : { stringValue: value };
    case 'boolean':
      return { boolValue: value };
    case 'number':
      // -0 is a double JSON cannot write as a number; the reader turns the text back into -0.
      if (Object.is(value, -0)) return { doubleValue: '-0' };
      if (Number.isSafeInteger(value)) return { intValue: String(value) };
      if (Number.isFinite(value)) return { doubleValue: value };
      return { doubleValue: Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity' };
    default:
      break;
  }
  if (Array.isArray(value)) return { arrayValue: { values: (value as readonly AttrValue[]).map(anyValue) } };
  const list = (value as AttrMap).kvlist;
  return { kvlistValue: { values: Array.isArray(list) ? keyValues(list) : [] } };
}

function keyValues(attributes: readonly Attribute[]): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = new Array<OtlpKeyValue>(attributes.length);
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes[i]!;
    out[i] = { key: a.key, value: anyValue(a.value) };
  }
  return out;
}

/**
 * Microseconds as decimal nanoseconds (exact: digits, not a product), or undefined for what the
 * reader would not take back (absent, not finite, zero or below: OTLP's "unset").
 */
function nanos(us: number | undefined): string | undefined {
  if (us === undefined || !Number.isFinite(us) || us < 1) return undefined;
  const whole = Math.floor(us);
  let fraction = Math.round((us - whole) * 1000);
  let integer = whole;
  if (fraction >= 1000) {
    integer += 1;
    fraction = 0;
  }
  const head = Number.isSafeInteger(integer) ? String(integer) : BigInt(integer).toString();
  return `${head}${String(fraction).padStart(3, '0')}`;
}

function event(e: SpanEvent): OtlpEvent {
  const time = nanos(e.timeUs);
  return time === undefined ? { name: e.name, attributes: keyValues(e.attributes) } : { timeUnixNano: time, name: e.name, attributes: keyValues(e.attributes) };
}

function link(l: SpanLink): OtlpLink {
  const out: OtlpLink = { traceId: l.traceId, spanId: l.spanId, attributes: keyValues(l.attributes) };
  if (l.traceState !== undefined && l.traceState !== '') out.traceState = l.traceState;
  return out;
}

function span(s: Span): OtlpSpan {
  const out: OtlpSpan = { traceId: s.traceId, spanId: s.spanId, name: s.name, kind: KIND[s.kind] ?? 0, attributes: keyValues(s.attributes), status: {} };
  if (s.parentSpanId !== undefined && s.parentSpanId !== '') out.parentSpanId = s.parentSpanId;
  const start = nanos(s.startUs);
  if (start !== undefined) {
    out.startTimeUnixNano = start;
    const end = s.durationUs === undefined ? undefined : nanos(s.startUs! + s.durationUs);
    if (end !== undefined) out.endTimeUnixNano = end;
  }
  if (s.events.length > 0) out.events = s.events.map(event);
  if (s.links.length > 0) out.links = s.links.map(link);
  if (s.droppedLinksCount > 0) out.droppedLinksCount = s.droppedLinksCount;
  const code = STATUS[s.status] ?? 0;
  if (code !== 0) out.status.code = code;
  if (s.statusMessage !== undefined && s.statusMessage !== '') out.status.message = s.statusMessage;
  return out;
}

/** The service the reader takes from resource attributes: the first string `service.name`, else ''. */
function serviceOf(resource: readonly Attribute[]): string {
  for (const a of resource) if (a.key === 'service.name' && typeof a.value === 'string') return a.value;
  return '';
}

/** Deep equality of attribute lists (Object.is on numbers: 0 and -0 are different values). */
function sameValue(a: AttrValue, b: AttrValue): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i] as AttrValue, b[i] as AttrValue)) return false;
    return true;
  }
  return sameAttributes((a as AttrMap).kvlist, (b as AttrMap).kvlist);
}

function sameAttributes(a: readonly Attribute[], b: readonly Attribute[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.key !== b[i]!.key || !sameValue(a[i]!.value, b[i]!.value)) return false;
  return true;
}

/**
 * The spans as an OTLP JSON `TracesData` document (one line of JSON and a newline, so it is a
 * valid JSON Lines file too). Spans keep their order: a `ResourceSpans` holds a run of
 * consecutive spans with the same resource attributes and service, a `ScopeSpans` a run with the
 * same scope, so spans as readers list them (by resource, then scope) group fully.
 * @example readTraceFile('out.json', toOtlpJson([...analysis.set.spans.values()])).spans
 */
export function toOtlpJson(spans: readonly Span[]): string {
  const resourceSpans: OtlpResourceSpans[] = [];
  let lastResource: readonly Attribute[] | undefined;
  let lastService: string | undefined;
  let lastScope: string | undefined;
  let scopes: OtlpScopeSpans[] = [];
  let scoped: OtlpSpan[] = [];
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    if (lastResource === undefined || s.service !== lastService || !sameAttributes(s.resource, lastResource)) {
      lastResource = s.resource;
      lastService = s.service;
      const attributes = serviceOf(s.resource) === s.service ? s.resource : [{ key: 'service.name', value: s.service }, ...s.resource];
      scopes = [];
      resourceSpans.push({ resource: { attributes: keyValues(attributes) }, scopeSpans: scopes });
      lastScope = undefined;
      scoped = [];
    }
    if (scoped.length === 0 || s.scope !== lastScope) {
      lastScope = s.scope;
      scoped = [];
      scopes.push(s.scope === undefined || s.scope === '' ? { spans: scoped } : { scope: { name: s.scope }, spans: scoped });
    }
    scoped.push(span(s));
  }
  return `${JSON.stringify({ resourceSpans })}\n`;
}
