/**
 * A large slice's spans as they cross from the worker: columns of typed arrays and a few long
 * strings, not one cloned object per span. Every field but the lists goes (ids, parent, name,
 * service, kind, status and its message, times, scope, file, dropped links); a span's attributes,
 * events, resource and links stay in the worker, and the details panel asks for them when the
 * span is selected (`isBriefSpan`, client.ts `spanDetails`).
 *
 * Why: opening a 50,000-span trace sent its 50,000 span objects (each with its attribute lists)
 * in 25 messages. Deserialising them on the main thread was 600 ms of its time in this session's
 * profile, and the young GC copied them all again; the columns are a few memcpys.
 *
 * On the page, `ColumnSpans` is the graph's span Map over those columns: a span object is made
 * the first time someone asks for it (the nodes in view, the selected span), then kept. Its index
 * of keys is built a slice of time at a time (`indexSome`), so a 100,000-span slice is not one
 * long task.
 */
import type { Span, SpanId, SpanKey, SpanKind, StatusCode, TraceId } from '../../core';
import { StringTable } from '../../core/model/string-table';

/** The columns. Row `i` is the `i`-th span of the Map they were made from, in its order. */
export interface WireSpans {
  readonly count: number;
  /** Every key (`traceId/spanId`), one after another: key `i` ends at `keyEnds[i]`. */
  readonly keyText: string;
  readonly keyEnds: Uint32Array;
  /** Per row: its trace id, by index into `traceIds` (the span id is the rest of its key). */
  readonly traceIds: readonly TraceId[];
  readonly traceOf: Uint32Array;
  /** Every parent id, one after another (none for a root: ROW_PARENT unset). */
  readonly parentText: string;
  readonly parentEnds: Uint32Array;
  /** Names, services and files, by index into `strings` (each string listed once). */
  readonly strings: readonly string[];
  readonly name: Uint32Array;
  readonly service: Uint32Array;
  readonly source: Uint32Array;
  /** Status messages and scopes, by index + 1 into `strings` (0: none). */
  readonly statusMessage: Uint32Array;
  readonly scope: Uint32Array;
  readonly dropped: Uint32Array;
  /** Indices into KINDS and STATUSES. */
  readonly kind: Uint8Array;
  readonly status: Uint8Array;
  /** ROW_* below. */
  readonly flags: Uint8Array;
  /** NaN when the span has none. */
  readonly startUs: Float64Array;
  readonly durationUs: Float64Array;
}

const KINDS: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: readonly StatusCode[] = ['unset', 'ok', 'error'];
const ROW_VALID_ID = 1;
const ROW_PARENT = 2;

/** The buffers of `wire`, to transfer rather than copy (they are made for one message). */
export function wireBuffers(wire: WireSpans): ArrayBuffer[] {
  const { keyEnds, traceOf, parentEnds, name, service, source, statusMessage, scope, dropped, kind, status, flags, startUs, durationUs } = wire;
  return [keyEnds, traceOf, parentEnds, name, service, source, statusMessage, scope, dropped, kind, status, flags, startUs, durationUs].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** The columns of these spans, in the Map's order. */
export function packSpans(spans: ReadonlyMap<SpanKey, Span>): WireSpans {
  const count = spans.size;
  const keyEnds = new Uint32Array(count);
  const parentEnds = new Uint32Array(count);
  const traceOf = new Uint32Array(count);
  const name = new Uint32Array(count);
  const service = new Uint32Array(count);
  const source = new Uint32Array(count);
  const statusMessage = new Uint32Array(count);
  const scope = new Uint32Array(count);
  const dropped = new Uint32Array(count);
  const kind = new Uint8Array(count);
  const status = new Uint8Array(count);
  const flags = new Uint8Array(count);
  const startUs = new Float64Array(count);
  const durationUs = new Float64Array(count);
  const keys: string[] = [];
  const parents: string[] = [];
  const strings = new StringTable();
  const traces = new StringTable();
  let keyAt = 0;
  let parentAt = 0;
  let i = 0;
  for (const [key, span] of spans) {
    keys.push(key);
    keyEnds[i] = keyAt += key.length;
    if (span.parentSpanId !== undefined) {
      parents.push(span.parentSpanId);
      parentAt += span.parentSpanId.length;
      flags[i] = ROW_PARENT;
    }
    parentEnds[i] = parentAt;
    if (span.validId) flags[i]! |= ROW_VALID_ID;
    traceOf[i] = traces.of(span.traceId);
    name[i] = strings.of(span.name);
    service[i] = strings.of(span.service);
    source[i] = strings.of(span.source);
    statusMessage[i] = span.statusMessage === undefined ? 0 : strings.of(span.statusMessage) + 1;
    scope[i] = span.scope === undefined ? 0 : strings.of(span.scope) + 1;
    dropped[i] = span.droppedLinksCount;
    kind[i] = Math.max(0, KINDS.indexOf(span.kind));
    status[i] = Math.max(0, STATUSES.indexOf(span.status));
    startUs[i] = span.startUs ?? NaN;
    durationUs[i] = span.durationUs ?? NaN;
    i++;
  }
  return {
    count,
    keyText: keys.join(''),
    keyEnds,
    traceIds: traces.list as TraceId[],
    traceOf,
    parentText: parents.join(''),
    parentEnds,
    strings: strings.list,
    name,
    service,
    source,
    statusMessage,
    scope,
    dropped,
    kind,
    status,
    flags,
    startUs,
    durationUs,
  };
}

/** Spans made from columns: their attributes, events, resource and links are the worker's to tell. */
const briefSpans = new WeakSet<Span>();

/** True for a span the page holds without its attributes, events, resource and links (ask the worker). */
export const isBriefSpan = (span: Span): boolean => briefSpans.has(span);

const NONE: readonly never[] = Object.freeze([]);
const optional = (x: number): number | undefined => (Number.isNaN(x) ? undefined : x);

/** The graph's span Map on the page, over the columns the worker sent (see the file's comment). */
export class ColumnSpans implements ReadonlyMap<SpanKey, Span> {
  private readonly keyList: SpanKey[];
  private readonly index = new Map<SpanKey, number>();
  private readonly made: (Span | undefined)[];
  /** Rows indexed so far. */
  private indexed = 0;

  constructor(private readonly wire: WireSpans) {
    this.keyList = new Array<SpanKey>(wire.count);
    this.made = new Array<Span | undefined>(wire.count);
  }

  get size(): number {
    return this.wire.count;
  }

  get [Symbol.toStringTag](): string {
    return 'ColumnSpans';
  }

  /** Whether every key is indexed. */
  get done(): boolean {
    return this.indexed === this.wire.count;
  }

  /** Indexes keys until all are, or `ms` have passed (at least 1,000); says whether all are. */
  indexSome(ms = Infinity): boolean {
    const until = performance.now() + ms;
    const { keyText, keyEnds, count } = this.wire;
    while (this.indexed < count) {
      const to = Math.min(count, this.indexed + 1000);
      for (let i = this.indexed; i < to; i++) {
        // Made from a Map: no key is listed twice.
        const key = keyText.slice(i === 0 ? 0 : keyEnds[i - 1], keyEnds[i]) as SpanKey;
        this.keyList[i] = key;
        this.index.set(key, i);
      }
      this.indexed = to;
      if (performance.now() >= until) break;
    }
    return this.done;
  }

  /** Every key, in row order (the list is the Map's own: do not change it). */
  keysInOrder(): readonly SpanKey[] {
    this.indexSome();
    return this.keyList;
  }

  /** The row of `key`, or -1. */
  rowOf(key: SpanKey): number {
    if (!this.done) this.indexSome();
    return this.index.get(key) ?? -1;
  }

  /** The span of row `row`, made on first request. */
  spanAt(row: number): Span {
    const made = this.made[row];
    if (made !== undefined) return made;
    this.indexSome();
    const w = this.wire;
    const key = this.keyList[row]!;
    const traceId = w.traceIds[w.traceOf[row]!]!;
    const flags = w.flags[row]!;
    const parentFrom = row === 0 ? 0 : w.parentEnds[row - 1]!;
    const span: Span = {
      traceId,
      spanId: key.slice(traceId.length + 1) as SpanId,
      validId: (flags & ROW_VALID_ID) !== 0,
      ...((flags & ROW_PARENT) !== 0 ? { parentSpanId: w.parentText.slice(parentFrom, w.parentEnds[row]) as SpanId } : {}),
      name: w.strings[w.name[row]!]!,
      service: w.strings[w.service[row]!]!,
      kind: KINDS[w.kind[row]!]!,
      startUs: optional(w.startUs[row]!),
      durationUs: optional(w.durationUs[row]!),
      status: STATUSES[w.status[row]!]!,
      ...(w.statusMessage[row] === 0 ? {} : { statusMessage: w.strings[w.statusMessage[row]! - 1]! }),
      ...(w.scope[row] === 0 ? {} : { scope: w.strings[w.scope[row]! - 1]! }),
      attributes: NONE,
      resource: NONE,
      events: NONE,
      links: NONE,
      droppedLinksCount: w.dropped[row]!,
      source: w.strings[w.source[row]!]!,
    };
    briefSpans.add(span);
    this.made[row] = span;
    return span;
  }

  get(key: SpanKey): Span | undefined {
    const row = this.rowOf(key);
    return row < 0 ? undefined : this.spanAt(row);
  }

  has(key: SpanKey): boolean {
    return this.rowOf(key) >= 0;
  }

  /** Keys whose span's name or service holds `q` (lower-case), or whose key does: no span made. */
  matching(q: string): SpanKey[] {
    const w = this.wire;
    const hit = w.strings.map((s) => s.toLowerCase().includes(q));
    const out: SpanKey[] = [];
    const keys = this.keysInOrder();
    for (let row = 0; row < w.count; row++) {
      // The key is `traceId/spanId`: a match in either id is a match in it (not across the `/`).
      const key = keys[row]!;
      const cut = w.traceIds[w.traceOf[row]!]!.length;
      if (hit[w.name[row]!] || hit[w.service[row]!] || key.slice(0, cut).includes(q) || key.slice(cut + 1).includes(q)) out.push(key);
    }
    return out;
  }

  forEach(each: (value: Span, key: SpanKey, map: ReadonlyMap<SpanKey, Span>) => void): void {
    for (const [key, span] of this.entries()) each(span, key, this);
  }

  *entries(): MapIterator<[SpanKey, Span]> {
    const keys = this.keysInOrder();
    for (let row = 0; row < keys.length; row++) yield [keys[row]!, this.spanAt(row)];
  }

  keys(): MapIterator<SpanKey> {
    return this.keysInOrder()[Symbol.iterator]();
  }

  *values(): MapIterator<Span> {
    for (let row = 0; row < this.wire.count; row++) yield this.spanAt(row);
  }

  [Symbol.iterator](): MapIterator<[SpanKey, Span]> {
    return this.entries();
  }
}
