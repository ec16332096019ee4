/**
 * OTLP JSON and Grafana Tempo (FORMATS.md sections 1, 2, 7): `{resourceSpans}` (TracesData,
 * ExportTraceServiceRequest), Tempo's `{batches}`, the `{result: …}` (Jaeger /api/v3) and
 * `{trace: …}` (Tempo /api/v2) wrappers, bare `ResourceSpans` objects and arrays of any of these.
 * Pre-0.15 names (`instrumentationLibrarySpans`/`instrumentationLibrary`) and the snake_case keys
 * the Collector accepts are read too. Ids are hex of any case or standard base64.
 *
 * Hot path: one object literal per span, plain loops, trace ids normalised once per distinct
 * string, the resource converted once per ResourceSpans and shared by its spans.
 */
import { normaliseParentId, normaliseSpanId, normaliseTraceId } from '../ids';
import type { NormalisedId, TraceId } from '../ids';
import type { Attribute, Span, SpanEvent, SpanKind, SpanLink, StatusCode } from '../model/span';
import { NO_ATTRIBUTES, NO_EVENTS, NO_LINKS } from '../model/span';
import { packIdPair, PAIR } from '../model/packed-id';
import { expectsLinks } from '../model/row-flags';
import type { SpanRows } from '../model/span-rows';
import { internText, isEnumName, keyValues, nanosToMicros, otlpKind, otlpStatus } from './otlp-values';
import { childPath, isRecord, reportBadSpan, reportCutValues, toCount, valueCuts } from './tags';
import type { ValueCuts } from './tags';
import { TextCache } from './text-cache';
import type { TreeSpans } from './tree-spans';
import type { DocumentReader, ReaderContext } from './types';

/** What a read saw that says "Tempo / gogo jsonpb" rather than plain OTLP JSON. */
export interface OtlpReadInfo {
  /** `batches`, base64 ids or enum names were met. */
  tempo: boolean;
}

/** One read's state: what `readSpan` and the text walker (otlp-text.ts) share. */
export interface ReadState {
  readonly ctx: ReaderContext;
  readonly traceIds: TextCache<NormalisedId<TraceId>>;
  readonly info: OtlpReadInfo;
  /** The last trace id met: spans of one trace come together, and `===` beats hashing. */
  lastRaw: string;
  lastId: NormalisedId<TraceId> | undefined;
  /** Attribute values cut for depth while the current span (or resource) was read. */
  readonly cuts: ValueCuts;
  /** Attribute lists may become the model's in place (the context owns the documents). */
  readonly inPlace: boolean;
  /** Span names and attribute keys, interned (`internText`). */
  readonly texts: TextCache<string>;
  /** Short attribute string values, interned (`internText`). */
  readonly values: TextCache<string>;
  /** Where `readSpan` notes each span as columns instead of pushing it onto `ctx.spans` (otlp-text.ts, `ctx.rows`). */
  rows?: SpanRows;
  /**
   * The spans come from a parsed tree into `ctx.rows` (stream.ts): a span whose attributes and
   * events hold only plain values (`plainValues`) goes to columns without reading them. Not with
   * `keep`, which keeps them.
   */
  readonly plainRows: boolean;
  /** The last span's facts (`readFacts`). */
  readonly facts: SpanFacts;
  /** With `rows`: where the rest of each span goes, for it to be made whole again (tree-spans.ts, `ctx.keep`). */
  readonly keep: TreeSpans | undefined;
}


/** A trace id written as hex, however dressed: `0x`, upper case, surrounding space. */
const HEX_ID = /^\s*(?:0x)?[0-9a-f]{32}\s*$/i;

/** Where spans of one scope come from: shared by every span under it. */
export interface Origin {
  readonly resource: readonly Attribute[];
  readonly service: string;
  readonly scope: string | undefined;
}

export const readOtlp: DocumentReader = (doc, ctx, path) => {
  readOtlpDocument(doc, ctx, path);
};

/**
 * Reads one parsed OTLP/Tempo document into `ctx` and says whether it looked like Tempo.
 * @example const info = readOtlpDocument(JSON.parse(text), ctx, ''); // info.tempo
 */
export function readOtlpDocument(doc: unknown, ctx: ReaderContext, path: string): OtlpReadInfo {
  const state = newReadState(ctx);
  readDocument(doc, state, path);
  return state.info;
}

/**
 * The interning tables of the documents read into one context: the lines of a JSON Lines file
 * name the same spans, keys and services, so one string each serves them all (per line, 1.8M
 * rows of a 600 MB collector file kept about 900k copies of a few dozen names).
 */
const sharedTexts = new WeakMap<ReaderContext, { texts: TextCache<string>; values: TextCache<string> }>();

/** A fresh read state over `ctx` (its interning tables shared by every document read into `ctx`). */
export function newReadState(ctx: ReaderContext): ReadState {
  let shared = sharedTexts.get(ctx);
  if (shared === undefined) {
    shared = { texts: new TextCache(), values: new TextCache() };
    sharedTexts.set(ctx, shared);
  }
  return { ctx, traceIds: new TextCache(), info: { tempo: false }, lastRaw: '', lastId: undefined, cuts: valueCuts(), inPlace: ctx.ownsInput === true, texts: shared.texts, values: shared.values, facts: { kind: 'unspecified', status: 'unset', links: NO_LINKS, dropped: 0 }, rows: ctx.rows, plainRows: ctx.rows !== undefined && ctx.keep === undefined, keep: ctx.keep };
}

/** The list under the first key present (camelCase, then older or snake_case names). */
function listOf(o: Record<string, unknown>, keys: readonly string[]): { key: string; list: unknown } | undefined {
  for (const key of keys) {
    const list = o[key];
    if (list !== undefined) return { key, list };
  }
  return undefined;
}

export const RESOURCE_SPANS = ['resourceSpans', 'resource_spans', 'batches'] as const;
export const SCOPE_SPANS = ['scopeSpans', 'instrumentationLibrarySpans', 'scope_spans', 'instrumentation_library_spans'] as const;

/**
 * Arrays of documents and `{result}`/`{trace}` wrappers nest a level or two in real files; past
 * this, the nesting is hostile (and would overflow the stack), so it is reported, not followed.
 */
const MAX_DOCUMENT_DEPTH = 8;

function readDocument(doc: unknown, state: ReadState, path: string, depth = 0): void {
  if (depth > MAX_DOCUMENT_DEPTH) {
    reportBadSpan(state.ctx, path, `Arrays or wrappers nest deeper than ${MAX_DOCUMENT_DEPTH} levels here; what is inside was not read.`);
    return;
  }
  if (Array.isArray(doc)) {
    for (let i = 0; i < doc.length; i++) readDocument(doc[i], state, childPath(path, i), depth + 1);
    return;
  }
  if (!isRecord(doc)) {
    reportBadSpan(state.ctx, path, 'Expected an OTLP object with `resourceSpans`.');
    return;
  }
  const top = listOf(doc, RESOURCE_SPANS);
  if (top !== undefined) {
    if (top.key === 'batches') state.info.tempo = true;
    return eachIn(top.list, childPath(path, top.key), state, readResourceSpans);
  }
  if (isRecord(doc.result)) return readDocument(doc.result, state, childPath(path, 'result'), depth + 1);
  if (isRecord(doc.trace)) return readDocument(doc.trace, state, childPath(path, 'trace'), depth + 1);
  if ('resource' in doc || listOf(doc, SCOPE_SPANS) !== undefined) return readResourceSpansAt(doc, state, path);
  // `{}` is what an OTLP exporter writes for an empty request; `{"trace": {}}` Tempo for none.
  if (Object.keys(doc).length === 0) return;
  reportBadSpan(state.ctx, path, 'Expected `resourceSpans` (OTLP) or `batches` (Tempo) here.');
}

/**
 * Calls `read` on each element of a list; null/absent is empty, anything else a problem. `read`
 * gets the list's path and the element's index, not the element's path: that string is built
 * only for a problem (`childPath(path, i)`), never for the 100k spans that have none.
 */
function eachIn(
  list: unknown,
  path: string,
  state: ReadState,
  read: (item: unknown, state: ReadState, listPath: string, index: number, origin?: Origin) => void,
  origin?: Origin,
): void {
  if (list === null || list === undefined) return;
  if (!Array.isArray(list)) {
    reportBadSpan(state.ctx, path, `Expected an array here, found ${describe(list)}.`);
    return;
  }
  // A document parsed for this read alone lets go of each entry once read: the part of its tree
  // already read is garbage then, so a young-generation GC in the middle of the read does not
  // copy it (at 10k spans, one such GC copies the live tree and the spans made so far).
  const release = state.inPlace;
  for (let i = 0; i < list.length; i++) {
    read(list[i], state, path, i, origin);
    if (release) list[i] = null;
  }
}

/** A short description of a value for a message: bounded, whatever the value's size or depth. */
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (isRecord(v)) return 'an object';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty array' : `an array of ${v.length}`;
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}\u2026` : v)}`;
  return `${typeof v} ${String(v)}`;
}

function readResourceSpans(rs: unknown, state: ReadState, listPath: string, index: number): void {
  readResourceSpansAt(rs, state, childPath(listPath, index));
}

function readResourceSpansAt(rs: unknown, state: ReadState, path: string): void {
  if (!isRecord(rs)) {
    reportBadSpan(state.ctx, path, `A ResourceSpans entry must be an object, found ${describe(rs)}.`);
    return;
  }
  const { resource, service } = readResource(rs.resource, state, path);
  const scopes = listOf(rs, SCOPE_SPANS);
  if (scopes === undefined) return;
  const scopesPath = childPath(path, scopes.key);
  if (!Array.isArray(scopes.list)) {
    if (scopes.list !== null) reportBadSpan(state.ctx, scopesPath, `Expected an array here, found ${describe(scopes.list)}.`);
    return;
  }
  for (let i = 0; i < scopes.list.length; i++) {
    const ss: unknown = scopes.list[i];
    const ssPath = `${scopesPath}[${i}]`;
    if (!isRecord(ss)) {
      reportBadSpan(state.ctx, ssPath, `A ScopeSpans entry must be an object, found ${describe(ss)}.`);
      continue;
    }
    eachIn(ss.spans, childPath(ssPath, 'spans'), state, readSpan, { resource, service, scope: scopeName(ss) });
  }
}

/** A ResourceSpans' `resource` (at `path`.resource): its attributes and service name. */
export function readResource(resourceObj: unknown, state: ReadState, path: string): { resource: readonly Attribute[]; service: string } {
  const resource = isRecord(resourceObj) ? keyValues(resourceObj.attributes, state.cuts, 0, state.inPlace, state.texts, state.values) : [];
  reportCutValues(state.ctx, childPath(path, 'resource'), state.cuts, 'this resource');
  let service = '';
  for (const a of resource) {
    if (a.key === 'service.name' && typeof a.value === 'string') {
      service = a.value;
      break;
    }
  }
  return { resource, service };
}

/** The scope name of a ScopeSpans (or its pre-0.15 and snake_case spellings), when not empty. */
export function scopeName(ss: Readonly<Record<string, unknown>>): string | undefined {
  const scopeObj = ss.scope ?? ss.instrumentationLibrary ?? ss.instrumentation_library;
  return isRecord(scopeObj) && typeof scopeObj.name === 'string' && scopeObj.name !== '' ? scopeObj.name : undefined;
}

/** A span's trace id: the last one again (a run of one trace's spans) costs one comparison. */
export function traceIdOf(raw: unknown, state: ReadState): NormalisedId<TraceId> {
  if (typeof raw !== 'string') return normaliseTraceId(raw, 'otlp');
  if (raw === state.lastRaw && state.lastId !== undefined) return state.lastId;
  const id = knownTraceId(raw, state);
  state.lastRaw = raw;
  state.lastId = id;
  return id;
}

/**
 * A trace id by its text, normalised once per distinct string. Links come here directly, not
 * through `traceIdOf`: a link to another trace must not end the run of its holder's trace, or
 * the next span of that run pays a map lookup too.
 */
function knownTraceId(raw: unknown, state: ReadState): NormalisedId<TraceId> {
  if (typeof raw !== 'string') return normaliseTraceId(raw, 'otlp');
  let id = state.traceIds.get(raw);
  if (id === undefined) {
    id = normaliseTraceId(raw, 'otlp');
    // A valid id not written as hex (`0x`, upper case and spaces aside) came from base64:
    // protobuf JSON as Tempo writes it.
    if (id.valid && raw.length !== 32 && !HEX_ID.test(raw)) state.info.tempo = true;
    state.traceIds.set(raw, id);
  }
  return id;
}

function readEvents(list: unknown, cuts: ValueCuts, inPlace: boolean): readonly SpanEvent[] {
  if (!Array.isArray(list) || list.length === 0) return NO_EVENTS;
  const events: SpanEvent[] = [];
  for (let i = 0; i < list.length; i++) {
    const e: unknown = list[i];
    if (!isRecord(e)) continue;
    const timeUs = nanosToMicros(e.timeUnixNano ?? e.time_unix_nano);
    const name = typeof e.name === 'string' ? e.name : '';
    const attributes = keyValues(e.attributes, cuts, 0, inPlace);
    events.push(timeUs === undefined ? { name, attributes } : { name, timeUs, attributes });
  }
  return events;
}

function readLinks(list: unknown, state: ReadState): readonly SpanLink[] {
  if (!Array.isArray(list) || list.length === 0) return NO_LINKS;
  const links: SpanLink[] = [];
  for (let i = 0; i < list.length; i++) {
    const l: unknown = list[i];
    // A link that is not an object has no context at all: keep it, as an invalid one.
    const o = isRecord(l) ? l : undefined;
    const traceId = knownTraceId(o?.traceId ?? o?.trace_id, state);
    const spanId = normaliseSpanId(o?.spanId ?? o?.span_id, 'otlp');
    const traceState = o?.traceState ?? o?.trace_state;
    const attributes = keyValues(o?.attributes, state.cuts, 0, state.inPlace, state.texts, state.values);
    const valid = traceId.valid && spanId.valid;
    links.push(
      typeof traceState === 'string' && traceState !== ''
        ? { traceId: traceId.id, spanId: spanId.id, valid, traceState, attributes }
        : { traceId: traceId.id, spanId: spanId.id, valid, attributes },
    );
  }
  return links;
}

/** Whether any entry of a raw attribute list has a `messaging.` key (model/messaging.ts reads only those). */
function hasMessagingKey(list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  for (let i = 0; i < list.length; i++) {
    const kv: unknown = list[i];
    if (isRecord(kv) && typeof kv.key === 'string' && kv.key.startsWith('messaging.')) return true;
  }
  return false;
}

/**
 * Whether a raw attribute value is a scalar (an AnyValue of string, int, bool or double, or a
 * bare scalar): nothing in it can be cut for depth. False for anything else (arrays, kvlists,
 * other shapes), which are then read in full, so false is always safe.
 */
function scalarValue(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return true;
  if (Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  const x = o.stringValue ?? o.intValue ?? o.boolValue ?? o.doubleValue;
  return x !== undefined && (typeof x !== 'object' || x === null);
}

/**
 * Whether a span's raw attributes are all scalars and it has no events: then reading them could
 * cut nothing (no `input.too-deep` to report), and a row need not read them at all.
 */
export function plainValues(attributesRaw: unknown, eventsRaw: unknown): boolean {
  if (Array.isArray(eventsRaw) && eventsRaw.length > 0) return false;
  if (!Array.isArray(attributesRaw)) return true;
  for (let i = 0; i < attributesRaw.length; i++) {
    const kv: unknown = attributesRaw[i];
    if (isRecord(kv) && !scalarValue(kv.value)) return false;
  }
  return true;
}

/**
 * Packs a parsed span's ids into PAIR when they are as `readSpan` keeps them packed (`packIdPair`;
 * a parent that is absent or null is none, as `normaliseParentId` says). False for any other form.
 */
function packRawIds(spanIdRaw: unknown, parentRaw: unknown): boolean {
  if (typeof spanIdRaw !== 'string') return false;
  if (parentRaw === undefined || parentRaw === null) return packIdPair(spanIdRaw, 0, spanIdRaw.length, undefined, 0, 0);
  return typeof parentRaw === 'string' && packIdPair(spanIdRaw, 0, spanIdRaw.length, parentRaw, 0, parentRaw.length);
}

/** What a span's row and the whole span both hold besides its ids, start and name (one per read: `readFacts` fills it). */
export interface SpanFacts {
  kind: SpanKind;
  status: StatusCode;
  links: readonly SpanLink[];
  dropped: number;
}

/**
 * A span's kind, status, links and dropped-links count from its raw members, into `state.facts`
 * (read before the next span's); notes the Tempo verdict when the kind or status code is an enum name.
 */
export function readFacts(kindRaw: unknown, status: unknown, linksRaw: unknown, droppedRaw: unknown, state: ReadState): SpanFacts {
  const statusCode = isRecord(status) ? status.code : undefined;
  if (!state.info.tempo && (isEnumName(kindRaw) || isEnumName(statusCode))) state.info.tempo = true;
  const facts = state.facts;
  facts.kind = otlpKind(kindRaw);
  facts.status = otlpStatus(statusCode);
  facts.links = readLinks(linksRaw, state);
  facts.dropped = toCount(droppedRaw);
  return facts;
}

/** A span's name, interned (`internText`); '' when it is not a string. */
export function nameOf(raw: unknown, state: ReadState): string {
  return typeof raw === 'string' ? internText(state.texts, raw) : '';
}

/**
 * Whether a span's attributes can change `expectsLinks` (they can only when it has no links, no
 * dropped links and another kind than consumer): when not, a reader need not get them.
 */
export function attributesMatter(facts: SpanFacts): boolean {
  return facts.links.length === 0 && facts.dropped === 0 && facts.kind !== 'consumer';
}

/**
 * `expectsLinks` of a span with these facts and raw attributes. The attributes are read only when
 * they can matter and a messaging key is there.
 */
export function consumerWithoutLinks(facts: SpanFacts, attributesRaw: unknown): boolean {
  const attributes = attributesMatter(facts) && hasMessagingKey(attributesRaw) ? keyValues(attributesRaw) : NO_ATTRIBUTES;
  return expectsLinks({ kind: facts.kind, attributes, links: facts.links, droppedLinksCount: facts.dropped });
}

/** Notes a span read from a parsed tree as row `rows.count`. */
function addRow(rows: SpanRows, traceId: NormalisedId<TraceId>, rawSpanId: unknown, rawParent: unknown, name: string, service: string, startUs: number | undefined, facts: SpanFacts, consumer: boolean): void {
  const error = facts.status === 'error';
  if (packRawIds(rawSpanId, rawParent)) {
    // Canonical ids (nearly every file): packed as they are, no id string normalised or kept.
    rows.addPackedRow(traceId.id, PAIR.hi, PAIR.lo, PAIR.parent, PAIR.parentHi, PAIR.parentLo, name, service, startUs, facts.dropped, facts.links, traceId.valid && (PAIR.hi | PAIR.lo) !== 0, error, consumer);
  } else {
    const spanId = normaliseSpanId(rawSpanId, 'otlp');
    rows.addRow(traceId.id, spanId.id, traceId.valid && spanId.valid, normaliseParentId(rawParent, 'otlp'), name, service, startUs, facts.dropped, facts.links, error, consumer);
  }
}

/**
 * Span `index` of the list at `listPath` (its own path is built only for a problem).
 * `shallow`: its text nests too little for any value to be cut (otlp-text.ts), so when the span
 * goes to columns (`state.rows`) its attributes and events need not be read: only the columns.
 */
export function readSpan(raw: unknown, state: ReadState, listPath: string, index: number, origin?: Origin, shallow = false): void {
  const ctx = state.ctx;
  if (!isRecord(raw)) {
    reportBadSpan(ctx, childPath(listPath, index), `An OTLP span must be an object, found ${describe(raw)}.`);
    return;
  }
  const rawTraceId = raw.traceId ?? raw.trace_id;
  const rawSpanId = raw.spanId ?? raw.span_id;
  if (rawTraceId === undefined || rawTraceId === null || rawSpanId === undefined || rawSpanId === null) {
    reportBadSpan(ctx, childPath(listPath, index), 'An OTLP span needs `traceId` and `spanId`.');
    return;
  }
  const traceId = traceIdOf(rawTraceId, state);
  const rawParent = raw.parentSpanId ?? raw.parent_span_id;
  const status = raw.status;
  const facts = readFacts(raw.kind, status, raw.links, raw.droppedLinksCount ?? raw.dropped_links_count, state);
  const startUs = nanosToMicros(raw.startTimeUnixNano ?? raw.start_time_unix_nano);
  const name = nameOf(raw.name, state);
  const service = origin?.service ?? '';
  const { kind, links, dropped } = facts;
  const rows = state.rows;
  if (rows !== undefined && (shallow || (state.plainRows && plainValues(raw.attributes, raw.events)))) {
    // A row only: the attributes are read only when they can decide the consumer flag.
    addRow(rows, traceId, rawSpanId, rawParent, name, service, startUs, facts, consumerWithoutLinks(facts, raw.attributes));
    // Links were read in full: their values may have been cut.
    if (state.cuts.count > 0) reportCutValues(ctx, childPath(listPath, index), state.cuts);
    return;
  }
  const endUs = nanosToMicros(raw.endTimeUnixNano ?? raw.end_time_unix_nano);
  const durationUs = startUs !== undefined && endUs !== undefined ? endUs - startUs : undefined;
  const statusMessage = isRecord(status) && typeof status.message === 'string' && status.message !== '' ? status.message : undefined;
  const attributes = keyValues(raw.attributes, state.cuts, 0, state.inPlace, state.texts, state.values);
  const events = readEvents(raw.events, state.cuts, state.inPlace);
  const keep = state.keep;
  if (rows !== undefined && keep !== undefined) {
    // A row and the rest of the span as columns: no Span object, no id strings.
    addRow(rows, traceId, rawSpanId, rawParent, name, service, startUs, facts, expectsLinks({ kind, attributes, links, droppedLinksCount: dropped }));
    keep.note(kind, facts.status, statusMessage, durationUs, attributes, events, origin);
    if (state.cuts.count > 0) reportCutValues(ctx, childPath(listPath, index), state.cuts);
    return;
  }
  // What the columns and the whole span both hold.
  const spanId = normaliseSpanId(rawSpanId, 'otlp');
  const validId = traceId.valid && spanId.valid;
  const parentSpanId = normaliseParentId(rawParent, 'otlp');
  const span: Span = {
    traceId: traceId.id,
    spanId: spanId.id,
    validId,
    parentSpanId,
    name,
    service,
    kind,
    startUs,
    durationUs,
    status: facts.status,
    statusMessage,
    attributes,
    resource: origin?.resource ?? [],
    scope: origin?.scope,
    events,
    links,
    droppedLinksCount: dropped,
    source: ctx.file,
  };
  if (rows !== undefined) rows.add(span);
  else ctx.spans.push(span);
  if (state.cuts.count > 0) reportCutValues(ctx, childPath(listPath, index), state.cuts);
}
