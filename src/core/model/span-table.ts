import type { SpanId, SpanKey, TraceId } from '../ids';
import { spanKey } from '../ids';
import type { Span } from './span';

/**
 * The loaded spans, one per key `traceId/spanId`, in load order: a read-only Map to everyone
 * but the merge (model/merge.ts), which alone adds rows.
 *
 * Why not a `Map<SpanKey, Span>`: a key is a new string per span, and V8 must flatten and hash
 * it on insert (about 0.4 µs each, 40-50 ms per 100k spans), then hash each parent and link id
 * again to look it up. Here rows live in arrays, ids are hashed once in JavaScript (FNV-1a over
 * the key's characters, computed from the two ids without building the key), and one open-
 * addressing table of row numbers (an Int32Array) answers both "which row has this key" and
 * "which row has these ids". Keys are still built (cheaply: never flattened or hashed by V8)
 * because the graph and the app name spans by them.
 *
 * Malformed ids may hold the key's `/` (`a/b` + `c` and `a` + `b/c` spell one key): a key is
 * one row, as a Map would see it, and the other id pair is kept as an alias of that row.
 */
export class SpanTable implements ReadonlyMap<SpanKey, Span> {
  private readonly keyList: SpanKey[] = [];
  private readonly spanList: Span[] = [];
  private hashes = new Int32Array(1024);
  /** Row + 1 per slot (0: empty); a power of two, at most half full. */
  private slots = new Int32Array(2048);
  private mask = 2047;
  /** Rows by trace id (the trace's own spans, load order), and each trace's hash prefix. */
  private readonly traces = new Map<TraceId, TraceRows>();
  /** Id pairs merged into a row whose own ids differ (malformed ids that spell its key). */
  private aliases: Map<string, number> | undefined;

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
    const keys = this.keyList;
    const spans = this.spanList;
    for (let i = 0; i < spans.length; i++) callback.call(thisArg, spans[i]!, keys[i]!, this);
  }

  *entries(): MapIterator<[SpanKey, Span]> {
    for (let i = 0; i < this.spanList.length; i++) yield [this.keyList[i]!, this.spanList[i]!];
  }

  *keys(): MapIterator<SpanKey> {
    for (let i = 0; i < this.keyList.length; i++) yield this.keyList[i]!;
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
    return this.keyList[row]!;
  }

  /** The key of the span loaded with exactly these ids (or merged under them), if any. */
  keyOf(traceId: TraceId, spanId: SpanId): SpanKey | undefined {
    const row = this.rowOf(traceId, spanId);
    return row < 0 ? undefined : this.keyList[row];
  }

  /** The row of the span loaded with these ids (or merged under them), or -1. */
  rowOf(traceId: TraceId, spanId: SpanId): number {
    const trace = this.traces.get(traceId);
    return trace === undefined ? -1 : this.rowIn(trace, traceId, spanId);
  }

  /** `rowOf` for a caller that holds the trace's rows (`traceRowsOf`): one hash lookup fewer. */
  rowIn(trace: TraceRows, traceId: TraceId, spanId: SpanId): number {
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
    const traceId = span.traceId;
    let trace = this.traces.get(traceId);
    if (trace === undefined) {
      trace = { prefix: fnv(FNV_OFFSET, traceId, 0x2f), rows: [] };
      this.traces.set(traceId, trace);
    }
    return this.insertIn(trace, span);
  }

  /** `insert` for a caller that already holds the trace's rows (a run of one trace's spans). */
  insertIn(trace: TraceRows, span: Span): number {
    const spanId = span.spanId;
    const h = fnv(trace.prefix, spanId);
    const spans = this.spanList;
    let i = h & this.mask;
    for (; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) break;
      const row = slot - 1;
      if (this.hashes[row] !== h) continue;
      const s = spans[row]!;
      if (s.spanId === spanId && s.traceId === span.traceId) return row;
      // Same hash, other ids: the same key only when the two pairs spell it (malformed ids).
      if (s.traceId.length + s.spanId.length === span.traceId.length + spanId.length && this.keyList[row] === spanKey(span.traceId, spanId)) {
        (this.aliases ??= new Map()).set(aliasKey(span.traceId, spanId), row);
        return row;
      }
    }
    const row = spans.length;
    spans.push(span);
    this.keyList.push(spanKey(span.traceId, spanId));
    if (row === this.hashes.length) this.hashes = grown(this.hashes);
    this.hashes[row] = h;
    this.slots[i] = row + 1;
    trace.rows.push(row);
    if ((row + 1) * 2 > this.mask) this.rehash();
    return ~row;
  }

  /** The trace's rows and hash prefix, when any span with that trace id was merged. */
  traceRowsOf(traceId: TraceId): TraceRows | undefined {
    return this.traces.get(traceId);
  }

  /** The trace's rows and hash prefix, created when new (for `insertIn`). */
  traceRows(traceId: TraceId): TraceRows {
    let trace = this.traces.get(traceId);
    if (trace === undefined) {
      trace = { prefix: fnv(FNV_OFFSET, traceId, 0x2f), rows: [] };
      this.traces.set(traceId, trace);
    }
    return trace;
  }

  private rowOfKey(key: string): number {
    const h = fnv(FNV_OFFSET, key);
    const keys = this.keyList;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return -1;
      const row = slot - 1;
      if (this.hashes[row] === h && keys[row] === key) return row;
    }
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    const hashes = this.hashes;
    for (let row = 0; row < this.spanList.length; row++) {
      let i = hashes[row]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = row + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** One trace's rows in the table, and the hash of `traceId/` to continue with a span id. */
export interface TraceRows {
  readonly prefix: number;
  readonly rows: number[];
}

const NO_ROWS: readonly number[] = Object.freeze([]);
const FNV_OFFSET = 0x811c9dc5 | 0;

/** FNV-1a over `text`'s UTF-16 units (then `tail`, a unit, when given), from state `h`. */
function fnv(h: number, text: string, tail?: number): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return tail === undefined ? h : Math.imul(h ^ tail, 0x01000193);
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function aliasKey(traceId: string, spanId: string): string {
  return `${traceId}\u0000${spanId}`;
}
