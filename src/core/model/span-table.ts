import type { SpanId, SpanKey, TraceId } from '../ids';
import { spanKey } from '../ids';
import { fnv, grownInt32, rebuiltSlots, seededOffset } from './open-hash';
import { consumesMessages } from './messaging';
import type { Span } from './span';

/**
 * Facts about a row, set once as it is added (`SpanTable.flagsAt`), so that the graph, the
 * diagnostics and the summary read a byte per span instead of going back to 100k span objects
 * and their strings. The low two bits say how the parent id is held (`ROW_PARENT_MASK`).
 */
export const ROW_PARENT_NONE = 0;
/** The parent id is 16 lower-case hex digits, kept as two words (`parentRowOf` probes by them). */
export const ROW_PARENT_PACKED = 1;
/** The parent id is kept only as text (malformed): looked up by its string. */
export const ROW_PARENT_TEXT = 2;
export const ROW_PARENT_MASK = 3;
/** Both own ids are valid W3C ids (`Span.validId`). */
export const ROW_VALID_ID = 4;
/** The SDK dropped links of this span (`droppedLinksCount > 0`). */
export const ROW_DROPPED_LINKS = 8;
/** It consumes messages (model/messaging.ts) yet has no links, and none were dropped. */
export const ROW_CONSUMER_WITHOUT_LINKS = 16;
/** It holds at least one link. */
export const ROW_HAS_LINKS = 32;

/**
 * The loaded spans, one per key `traceId/spanId`, in load order: a read-only Map to everyone
 * but the merge (model/merge.ts), which alone adds rows.
 *
 * Why not a `Map<SpanKey, Span>`: a key is a new string per span, and V8 must flatten and hash
 * it on insert (about 0.4 µs each, 40-50 ms per 100k spans), then hash each parent and link id
 * again to look it up. Here rows live in arrays and one open-addressing table of row numbers (an
 * Int32Array) answers both "which row has this key" and "which row has these ids". Valid ids
 * (lower-case hex) are packed: a span id is two 32-bit words and a trace is a number, so a lookup
 * hashes and compares integers in typed arrays and never touches the span or its strings. Other
 * ids (malformed, kept as written) are hashed with FNV-1a over the key's characters and compared
 * as strings. Hashes are seeded per table, so a hostile file cannot line its ids up in one chain.
 * Keys are built only when asked for (`keyAt`): the app names spans by them, the CLI needs a
 * few thousand. Each row also keeps facts set once as it is added (ROW_* flags, the parent id's
 * words, start, service), so the graph, diagnostics and summary pass over typed arrays rather
 * than going back to 100k span objects and their strings.
 *
 * Malformed ids may hold the key's `/` (`a/b` + `c` and `a` + `b/c` spell one key): a key is
 * one row, as a Map would see it, and the other id pair is kept as an alias of that row.
 */
export class SpanTable implements ReadonlyMap<SpanKey, Span> {
  /** Per row: its key, built on first request (`keyAt`): the CLI asks for a few thousand of 100k. */
  private readonly keyList: (SpanKey | undefined)[] = [];
  private readonly spanList: Span[] = [];
  /** Per row: its trace's rows (so a pass over the rows needs no lookup by trace id). */
  private readonly traceList: TraceRows[] = [];
  /** Per row: its hash, and for packed rows its trace's number (else -1) and span id's two words. */
  private hashes = new Int32Array(1024);
  private traceOf = new Int32Array(1024);
  private idHi = new Int32Array(1024);
  private idLo = new Int32Array(1024);
  /** Per row: ROW_* flags, the parent id's two words (ROW_PARENT_PACKED), start (NaN: none) and service. */
  private flagList = new Uint8Array(1024);
  private parentHi = new Int32Array(1024);
  private parentLo = new Int32Array(1024);
  private startList = new Float64Array(1024);
  private readonly serviceList: string[] = [];
  /** The sum of the rows' `droppedLinksCount`. */
  private droppedTotal = 0;
  /** Row + 1 per slot (0: empty); a power of two, at most half full. */
  private slots = new Int32Array(2048);
  private mask = 2047;
  /** Rows by trace id (the trace's own spans, load order), with the trace's number and hash prefix. */
  private readonly traces = new Map<TraceId, TraceRows>();
  /** Id pairs merged into a row whose own ids differ (malformed ids that spell its key). */
  private aliases: Map<string, number> | undefined;
  /** The seeded FNV state text keys start from; its seed also mixes into packed hashes. */
  private readonly offset = seededOffset();

  get size(): number {
    return this.spanList.length;
  }

  get [Symbol.toStringTag](): string {
    return 'SpanTable';
  }

  get(key: SpanKey): Span | undefined {
    const row = this.rowOfKey(key);
    return row < 0 ? undefined : this.spanList[row];
  }

  has(key: SpanKey): boolean {
    return this.rowOfKey(key) >= 0;
  }

  forEach(callback: (span: Span, key: SpanKey, map: ReadonlyMap<SpanKey, Span>) => void, thisArg?: unknown): void {
    const spans = this.spanList;
    for (let i = 0; i < spans.length; i++) callback.call(thisArg, spans[i]!, this.keyAt(i), this);
  }

  *entries(): MapIterator<[SpanKey, Span]> {
    for (let i = 0; i < this.spanList.length; i++) yield [this.keyAt(i), this.spanList[i]!];
  }

  *keys(): MapIterator<SpanKey> {
    for (let i = 0; i < this.spanList.length; i++) yield this.keyAt(i);
  }

  *values(): MapIterator<Span> {
    for (let i = 0; i < this.spanList.length; i++) yield this.spanList[i]!;
  }

  [Symbol.iterator](): MapIterator<[SpanKey, Span]> {
    return this.entries();
  }

  /** Row `row`'s span and key (rows are numbered in load order from 0). */
  spanAt(row: number): Span {
    return this.spanList[row]!;
  }
  keyAt(row: number): SpanKey {
    let key = this.keyList[row];
    if (key === undefined) {
      const span = this.spanList[row]!;
      key = spanKey(span.traceId, span.spanId);
      this.keyList[row] = key;
    }
    return key;
  }
  /** Row `row`'s ROW_* flags. */
  flagsAt(row: number): number {
    return this.flagList[row]!;
  }
  /** Row `row`'s start in microseconds, NaN when it has none. */
  startAt(row: number): number {
    return this.startList[row]!;
  }
  /** Row `row`'s `service`. */
  serviceAt(row: number): string {
    return this.serviceList[row]!;
  }
  /** The sum of the loaded spans' `droppedLinksCount`. */
  get droppedLinks(): number {
    return this.droppedTotal;
  }

  /**
   * The row of row `row`'s parent, or -1 (no parent id, or not loaded). By the parent id's words
   * when packed, so the span and its strings are not read again.
   */
  parentRowOf(row: number): number {
    const how = this.flagList[row]! & ROW_PARENT_MASK;
    if (how === ROW_PARENT_NONE) return -1;
    const trace = this.traceList[row]!;
    if (how === ROW_PARENT_PACKED && trace.packed) return this.packedRow(trace.index, this.parentHi[row]!, this.parentLo[row]!);
    const span = this.spanList[row]!;
    return this.rowIn(trace, span.traceId, span.parentSpanId!);
  }
  /** Row `row`'s trace: its number (`index`, in first-loaded order) and rows. */
  traceAt(row: number): TraceRows {
    return this.traceList[row]!;
  }

  /** The key of the span loaded with exactly these ids (or merged under them), if any. */
  keyOf(traceId: TraceId, spanId: SpanId): SpanKey | undefined {
    const row = this.rowOf(traceId, spanId);
    return row < 0 ? undefined : this.keyAt(row);
  }

  /** The row of the span loaded with these ids (or merged under them), or -1. */
  rowOf(traceId: TraceId, spanId: SpanId): number {
    const trace = this.traces.get(traceId);
    return trace === undefined ? -1 : this.rowIn(trace, traceId, spanId);
  }

  /** `rowOf` for a caller that holds the trace's rows (`traceRowsOf`): one hash lookup fewer. */
  rowIn(trace: TraceRows, traceId: TraceId, spanId: SpanId): number {
    if (trace.packed && packSpanId(spanId, 0, spanId.length)) return this.packedRow(trace.index, WORDS.hi, WORDS.lo);
    const h = fnv(trace.prefix, spanId);
    const spans = this.spanList;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) break;
      const row = slot - 1;
      if (this.hashes[row] === h) {
        const s = spans[row]!;
        if (s.spanId === spanId && s.traceId === traceId) return row;
      }
    }
    return this.aliases?.get(aliasKey(traceId, spanId)) ?? -1;
  }

  /** The rows of trace `traceId`'s own spans, in load order (empty when none is loaded). */
  rowsOf(traceId: TraceId): readonly number[] {
    return this.traces.get(traceId)?.rows ?? NO_ROWS;
  }

  /** How many spans with this trace id are loaded. */
  traceSize(traceId: TraceId): number {
    return this.traces.get(traceId)?.rows.length ?? 0;
  }

  /** Trace ids of the loaded spans, in the order their first span was loaded. */
  traceIds(): IterableIterator<TraceId> {
    return this.traces.keys();
  }

  /**
   * Adds `span` under its key, or finds the row that already has that key.
   * @returns the new row's number as `~row` (negative) when added, else the existing row.
   * NOTE: for model/merge.ts only: everyone else sees a read-only Map.
   */
  insert(span: Span): number {
    return this.insertIn(this.traceRows(span.traceId), span);
  }

  /** `insert` for a caller that already holds the trace's rows (a run of one trace's spans). */
  insertIn(trace: TraceRows, span: Span): number {
    const spanId = span.spanId;
    const packed = trace.packed && packSpanId(spanId, 0, spanId.length);
    const hi = WORDS.hi;
    const lo = WORDS.lo;
    const h = packed ? packedHash(this.offset, trace.index, hi, lo) : fnv(trace.prefix, spanId);
    const spans = this.spanList;
    let i = h & this.mask;
    for (; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) break;
      const row = slot - 1;
      if (this.hashes[row] !== h) continue;
      if (packed) {
        if (this.traceOf[row] === trace.index && this.idLo[row] === lo && this.idHi[row] === hi) return row;
        continue;
      }
      const s = spans[row]!;
      if (s.spanId === spanId && s.traceId === span.traceId) return row;
      // Same hash, other ids: the same key only when the two pairs spell it (malformed ids).
      if (s.traceId.length + s.spanId.length === span.traceId.length + spanId.length && this.keyAt(row) === spanKey(span.traceId, spanId)) {
        (this.aliases ??= new Map()).set(aliasKey(span.traceId, spanId), row);
        return row;
      }
    }
    const row = spans.length;
    spans.push(span);
    this.keyList.push(undefined);
    this.traceList.push(trace);
    this.serviceList.push(span.service);
    if (row === this.hashes.length) this.grow();
    this.setFacts(row, span);
    this.hashes[row] = h;
    // Text rows get no trace number, so a packed lookup never takes one for its own.
    this.traceOf[row] = packed ? trace.index : -1;
    if (packed) {
      this.idHi[row] = hi;
      this.idLo[row] = lo;
    }
    this.slots[i] = row + 1;
    trace.rows.push(row);
    if ((row + 1) * 2 > this.mask) this.rehash();
    return ~row;
  }

  /** The ROW_* flags, parent words and start of a new row. */
  private setFacts(row: number, span: Span): void {
    let flags = span.validId ? ROW_VALID_ID : 0;
    const parentId = span.parentSpanId;
    if (parentId !== undefined) {
      if (packSpanId(parentId, 0, parentId.length)) {
        flags |= ROW_PARENT_PACKED;
        this.parentHi[row] = WORDS.hi;
        this.parentLo[row] = WORDS.lo;
      } else flags |= ROW_PARENT_TEXT;
    }
    const dropped = span.droppedLinksCount;
    if (dropped > 0) {
      flags |= ROW_DROPPED_LINKS;
      this.droppedTotal += dropped;
    }
    if (span.links.length > 0) flags |= ROW_HAS_LINKS;
    else if (dropped === 0 && consumesMessages(span)) flags |= ROW_CONSUMER_WITHOUT_LINKS;
    this.flagList[row] = flags;
    this.startList[row] = span.startUs ?? NaN;
  }

  /** The trace's rows and hash prefix, when any span with that trace id was merged. */
  traceRowsOf(traceId: TraceId): TraceRows | undefined {
    return this.traces.get(traceId);
  }

  /** The trace's rows and hash prefix, created when new (for `insertIn`). */
  traceRows(traceId: TraceId): TraceRows {
    let trace = this.traces.get(traceId);
    if (trace === undefined) {
      const packed = traceId.length === 32 && isLowerHex(traceId, 0, 32);
      trace = { index: this.traces.size, packed, prefix: fnv(this.offset, traceId, 0x2f), rows: [] };
      this.traces.set(traceId, trace);
    }
    return trace;
  }

  /** The row of a packed key (trace number, span id words), or -1. */
  private packedRow(trace: number, hi: number, lo: number): number {
    const h = packedHash(this.offset, trace, hi, lo);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return -1;
      const row = slot - 1;
      if (this.hashes[row] === h && this.traceOf[row] === trace && this.idLo[row] === lo && this.idHi[row] === hi) return row;
    }
  }

  private rowOfKey(key: string): number {
    // `<32 hex>/<16 hex>` is spelled by one id pair only (the key holds one `/`): a packed key.
    if (key.length === 49 && key.charCodeAt(32) === 0x2f && packSpanId(key, 33, 49) && isLowerHex(key, 0, 32)) {
      const hi = WORDS.hi;
      const lo = WORDS.lo;
      const trace = this.traces.get(key.slice(0, 32) as TraceId);
      return trace === undefined ? -1 : this.packedRow(trace.index, hi, lo);
    }
    const h = fnv(this.offset, key);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return -1;
      const row = slot - 1;
      if (this.hashes[row] === h && this.keyAt(row) === key) return row;
    }
  }

  private grow(): void {
    this.hashes = grownInt32(this.hashes);
    this.traceOf = grownInt32(this.traceOf);
    this.idHi = grownInt32(this.idHi);
    this.idLo = grownInt32(this.idLo);
    this.parentHi = grownInt32(this.parentHi);
    this.parentLo = grownInt32(this.parentLo);
    const flags = new Uint8Array(this.flagList.length * 2);
    flags.set(this.flagList);
    this.flagList = flags;
    const starts = new Float64Array(this.startList.length * 2);
    starts.set(this.startList);
    this.startList = starts;
  }

  private rehash(): void {
    this.slots = rebuiltSlots(this.hashes, this.spanList.length, this.mask + 1);
    this.mask = this.slots.length - 1;
  }
}

/** One trace's rows in the table, its number, and the hash of `traceId/` to continue with a span id. */
export interface TraceRows {
  readonly index: number;
  /** The trace id is lower-case hex of 32 digits: its spans with hex ids are packed. */
  readonly packed: boolean;
  readonly prefix: number;
  readonly rows: number[];
}

const NO_ROWS: readonly number[] = Object.freeze([]);

/** A packed key's hash: the words mixed with the seed (murmur3's finaliser). */
function packedHash(seed: number, trace: number, hi: number, lo: number): number {
  let h = seed ^ Math.imul(trace, 0x9e3779b1);
  h = Math.imul(h ^ hi, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ lo, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}

/** Where packSpanId leaves its two words (no object per call on the hot path). */
const WORDS = { hi: 0, lo: 0 };

/** `text[from, to)` as 16 lower-case hex digits -> WORDS; false (WORDS unspecified) otherwise. */
function packSpanId(text: string, from: number, to: number): boolean {
  if (to - from !== 16) return false;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 8; i++) {
    const d = hexDigit(text.charCodeAt(from + i));
    if (d < 0) return false;
    hi = (hi << 4) | d;
  }
  for (let i = 8; i < 16; i++) {
    const d = hexDigit(text.charCodeAt(from + i));
    if (d < 0) return false;
    lo = (lo << 4) | d;
  }
  WORDS.hi = hi;
  WORDS.lo = lo;
  return true;
}

function isLowerHex(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (hexDigit(text.charCodeAt(i)) < 0) return false;
  return true;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}


function aliasKey(traceId: string, spanId: string): string {
  return `${traceId}\u0000${spanId}`;
}
