import type { SpanId, SpanKey, TraceId } from '../ids';
import { spanKey } from '../ids';
import { fnv, grown, grownList, rebuiltSlots, seededOffset } from './open-hash';
import { isLowerHex, packSpanId, WORDS } from './packed-id';
import { parentFlags, ROW_DROPPED_LINKS, ROW_ID_PACKED, ROW_PARENT_MASK, ROW_PARENT_NONE, ROW_PARENT_PACKED, spanFlags } from './row-flags';
import type { Span, SpanLink } from './span';
import { SpanRows } from './span-rows';

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
 * A row merged from reader columns (`insertRowIn`, model/span-rows.ts) holds no span object at
 * all: its ids, name, parent and links are read from those columns (`spanIdAt`, `briefAt`,
 * `linksAt`), and `spanAt` makes the whole span from its source on the first call, then keeps it.
 *
 * Malformed ids may hold the key's `/` (`a/b` + `c` and `a` + `b/c` spell one key): a key is
 * one row, as a Map would see it, and the other id pair is kept as an alias of that row.
 */
export class SpanTable implements ReadonlyMap<SpanKey, Span> {
  /** Per row: its key, built on first request (`keyAt`): the CLI asks for a few thousand of 100k. */
  private keyList: (SpanKey | undefined)[] = new Array<SpanKey | undefined>(1024);
  /**
   * Per row: its span; for a row merged from reader columns (`addRows`), those columns until the
   * span is first asked for (its ids, parent and links are read there).
   */
  private spanList: (Span | SpanRows)[] = new Array<Span | SpanRows>(1024);
  /** Per row from columns: its index in them. */
  private rowIndex = new Int32Array(1024);
  /** Per row: its trace's rows (so a pass over the rows needs no lookup by trace id). */
  private traceList: TraceRows[] = new Array<TraceRows>(1024);
  /**
   * Per row, side by side (`KEY_WORDS` Int32s: one cache line serves a probe's compare): its
   * hash, and for packed rows its trace's number (else -1) and span id's two words.
   */
  private keyWords = new Int32Array(1024 * KEY_WORDS);
  /** Per row: ROW_* flags, the parent id's two words (ROW_PARENT_PACKED), start (NaN: none) and service. */
  private flagList = new Uint8Array(1024);
  private parentHi = new Int32Array(1024);
  private parentLo = new Int32Array(1024);
  private startList = new Float64Array(1024);
  private serviceList: string[] = new Array<string>(1024);
  /**
   * Rows so far. The per-row lists above are allocated with the typed arrays' length and written
   * by index (`grow`, `reserve`): pushing 100k rows onto four growing lists cost 3x as much.
   */
  private count = 0;
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
    return this.count;
  }

  get [Symbol.toStringTag](): string {
    return 'SpanTable';
  }

  get(key: SpanKey): Span | undefined {
    const row = this.rowOfKey(key);
    return row < 0 ? undefined : this.spanAt(row);
  }

  has(key: SpanKey): boolean {
    return this.rowOfKey(key) >= 0;
  }

  forEach(callback: (span: Span, key: SpanKey, map: ReadonlyMap<SpanKey, Span>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.size; i++) callback.call(thisArg, this.spanAt(i), this.keyAt(i), this);
  }

  *entries(): MapIterator<[SpanKey, Span]> {
    for (let i = 0; i < this.size; i++) yield [this.keyAt(i), this.spanAt(i)];
  }

  *keys(): MapIterator<SpanKey> {
    for (let i = 0; i < this.size; i++) yield this.keyAt(i);
  }

  *values(): MapIterator<Span> {
    for (let i = 0; i < this.size; i++) yield this.spanAt(i);
  }

  [Symbol.iterator](): MapIterator<[SpanKey, Span]> {
    return this.entries();
  }

  /**
   * Row `row`'s span and key (rows are numbered in load order from 0). A row merged from reader
   * columns makes its span on the first call, and keeps it.
   */
  spanAt(row: number): Span {
    const held = this.spanList[row]!;
    if (!(held instanceof SpanRows)) return held;
    const span = held.span(this.rowIndex[row]!);
    this.spanList[row] = span;
    return span;
  }
  /** The reader columns row `row` was merged from (`addRows`), while its span was not made. */
  heldRowsAt(row: number): SpanRows | undefined {
    const held = this.spanList[row];
    return held instanceof SpanRows ? held : undefined;
  }
  /** Row `row`'s index in the columns `heldRowsAt` gives. */
  heldIndexAt(row: number): number {
    return this.rowIndex[row]!;
  }
  /** `spanAt`, but a row from columns makes its span without keeping it. */
  spanCopyAt(row: number): Span {
    const held = this.spanList[row]!;
    return held instanceof SpanRows ? held.span(this.rowIndex[row]!) : held;
  }
  keyAt(row: number): SpanKey {
    let key = this.keyList[row];
    if (key === undefined) {
      key = spanKey(this.traceList[row]!.traceId, this.spanIdAt(row));
      this.keyList[row] = key;
    }
    return key;
  }
  /** Row `row`'s span id, without making its span. */
  spanIdAt(row: number): SpanId {
    const held = this.spanList[row]!;
    return held instanceof SpanRows ? held.spanIdAt(this.rowIndex[row]!) : held.spanId;
  }
  /** Row `row`'s span name, without making its span. */
  nameAt(row: number): string {
    const held = this.spanList[row]!;
    return held instanceof SpanRows ? held.nameAt(this.rowIndex[row]!) : held.name;
  }
  /** Row `row`'s ids, name and service (what a message names a span by), without making its span. */
  briefAt(row: number): SpanBrief {
    const held = this.spanList[row]!;
    if (!(held instanceof SpanRows)) return held;
    return { traceId: this.traceList[row]!.traceId, spanId: this.spanIdAt(row), name: this.nameAt(row), service: this.serviceList[row]! };
  }
  /** Row `row`'s `droppedLinksCount`, without making its span. */
  droppedAt(row: number): number {
    const held = this.spanList[row]!;
    return held instanceof SpanRows ? held.droppedAt(this.rowIndex[row]!) : held.droppedLinksCount;
  }
  /** Row `row`'s links, without making its span. */
  linksAt(row: number): readonly SpanLink[] {
    const held = this.spanList[row]!;
    return held instanceof SpanRows ? held.linksAt(this.rowIndex[row]!) : held.links;
  }
  /** Row `row`'s parent id (undefined for a root), without making its span. */
  parentIdAt(row: number): SpanId | undefined {
    const held = this.spanList[row]!;
    return held instanceof SpanRows ? held.parentIdAt(this.rowIndex[row]!) : held.parentSpanId;
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
    return this.rowIn(trace, trace.traceId, this.parentIdAt(row)!);
  }
  /** Row `row`'s trace: its number (`index`, in first-loaded order) and rows. */
  traceAt(row: number): TraceRows {
    return this.traceList[row]!;
  }

  /** The trace id of the span with this key, if loaded, without making the span. */
  traceIdOfKey(key: SpanKey): TraceId | undefined {
    const row = this.rowOfKey(key);
    return row < 0 ? undefined : this.traceList[row]!.traceId;
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
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) break;
      const row = slot - 1;
      if (this.keyWords[row * KEY_WORDS] === h && this.spanIdAt(row) === spanId && this.traceList[row]!.traceId === traceId) return row;
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
    const found = packed ? this.packedRow(trace.index, WORDS.hi, WORDS.lo) : this.findText(trace, span.traceId, spanId);
    if (found >= 0) return found;
    const row = this.claim(trace, span.service);
    this.spanList[row] = span;
    const flags = spanFlags(span) | parentFlags(span.parentSpanId);
    if ((flags & ROW_PARENT_MASK) === ROW_PARENT_PACKED) {
      this.parentHi[row] = WORDS.hi;
      this.parentLo[row] = WORDS.lo;
    }
    this.finishRow(row, flags, span.droppedLinksCount, span.startUs ?? NaN);
    return ~row;
  }

  /**
   * `insertIn` for row `i` of reader columns: its span is made only when first asked for.
   * NOTE: for model/merge.ts only.
   */
  insertRowIn(trace: TraceRows, rows: SpanRows, i: number): number {
    const from = rows.flagsAt(i);
    // A packed id needs no string, unless its trace's ids are kept as text (a malformed trace id).
    const found =
      trace.packed && (from & ROW_ID_PACKED) !== 0 ? this.packedRow(trace.index, rows.idHiAt(i), rows.idLoAt(i)) : this.findText(trace, trace.traceId, rows.spanIdAt(i));
    if (found >= 0) return found;
    const row = this.claim(trace, rows.serviceAt(i));
    this.spanList[row] = rows;
    this.rowIndex[row] = i;
    if ((from & ROW_PARENT_MASK) === ROW_PARENT_PACKED) {
      this.parentHi[row] = rows.parentHiAt(i);
      this.parentLo[row] = rows.parentLoAt(i);
    }
    // The columns hold the table's own flags, and one of their own.
    this.finishRow(row, from & ~ROW_ID_PACKED, rows.droppedAt(i), rows.startAt(i));
    return ~row;
  }

  /**
   * Where the last failed probe (`packedRow`, `findText`) ended: the empty slot a new row takes,
   * and that row's hash and id words (`packed`: a packed row).
   */
  private readonly probe = { slot: 0, hash: 0, packed: false, hi: 0, lo: 0 };

  /**
   * The row with these text ids (or merged under them, which merges them: a malformed pair that
   * spells a loaded row's key becomes its alias), or -1 with `probe` set for `claim`.
   */
  private findText(trace: TraceRows, traceId: TraceId, spanId: SpanId): number {
    const h = fnv(trace.prefix, spanId);
    let i = h & this.mask;
    for (; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) break;
      const row = slot - 1;
      if (this.keyWords[row * KEY_WORDS] !== h) continue;
      const other = this.spanIdAt(row);
      const otherTrace = this.traceList[row]!.traceId;
      if (other === spanId && otherTrace === traceId) return row;
      // Same hash, other ids: the same key only when the two pairs spell it (malformed ids).
      if (otherTrace.length + other.length === traceId.length + spanId.length && this.keyAt(row) === spanKey(traceId, spanId)) {
        (this.aliases ??= new Map()).set(aliasKey(traceId, spanId), row);
        return row;
      }
    }
    this.missed(i, h, false, 0, 0);
    return -1;
  }

  private missed(slot: number, hash: number, packed: boolean, hi: number, lo: number): void {
    const probe = this.probe;
    probe.slot = slot;
    probe.hash = hash;
    probe.packed = packed;
    probe.hi = hi;
    probe.lo = lo;
  }

  /** A new row at the slot the last probe left in `probe`: everything but its span and facts. */
  private claim(trace: TraceRows, service: string): number {
    const { slot, hash, packed, hi, lo } = this.probe;
    const row = this.count++;
    if (row === this.flagList.length) this.grow();
    this.traceList[row] = trace;
    this.serviceList[row] = service;
    const at = row * KEY_WORDS;
    const words = this.keyWords;
    words[at] = hash;
    // Text rows get no trace number, so a packed lookup never takes one for its own.
    words[at + 1] = packed ? trace.index : -1;
    words[at + 2] = packed ? hi : 0;
    words[at + 3] = packed ? lo : 0;
    this.slots[slot] = row + 1;
    trace.rows.push(row);
    return row;
  }

  /** Completes a new row (its parent's words already set): flags, dropped links, start; then rehashes when due. */
  private finishRow(row: number, flags: number, dropped: number, start: number): void {
    if ((flags & ROW_DROPPED_LINKS) !== 0) this.droppedTotal += dropped;
    this.flagList[row] = flags;
    this.startList[row] = start;
    // After the row is complete: the rebuilt slots hold every row up to this one.
    if ((row + 1) * 2 > this.mask) this.rehash();
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
      trace = { traceId, index: this.traces.size, packed, prefix: fnv(this.offset, traceId, 0x2f), rows: [] };
      this.traces.set(traceId, trace);
    }
    return trace;
  }

  /** The row of a packed key (trace number, span id words), or -1 with `probe` set for `claim`. */
  private packedRow(trace: number, hi: number, lo: number): number {
    const h = packedHash(this.offset, trace, hi, lo);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) {
        this.missed(i, h, true, hi, lo);
        return -1;
      }
      const row = slot - 1;
      const at = row * KEY_WORDS;
      const words = this.keyWords;
      if (words[at] === h && words[at + 3] === lo && words[at + 2] === hi && words[at + 1] === trace) return row;
    }
  }

  /** The row of the span with this key, or -1. */
  rowOfKey(key: string): number {
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
      if (this.keyWords[row * KEY_WORDS] === h && this.keyAt(row) === key) return row;
    }
  }

  /**
   * Room for `more` rows: the per-row arrays and the slots grow here, at once, instead of doubling
   * and rehashing step by step as the rows come. NOTE: for model/merge.ts only.
   */
  reserve(more: number): void {
    const need = this.count + more;
    // Once, to the size the rows need (at least twice the room, as a step would give): doubling
    // step by step left each step's arrays to the GC.
    if (need > this.flagList.length) this.grow(Math.max(need, this.flagList.length * 2));
    // A row is added while (rows * 2) <= mask, as `finishRow` checks.
    let size = this.mask + 1;
    while (size - 1 < need * 2) size *= 2;
    if (size === this.mask + 1) return;
    this.slots = rebuiltSlots(this.keyWords, this.count, size / 2, KEY_WORDS);
    this.mask = this.slots.length - 1;
  }

  /** Room for `length` rows (twice the room by default), the rows so far kept. */
  private grow(length = this.flagList.length * 2): void {
    this.keyList = grownList(this.keyList, length, this.count);
    this.spanList = grownList(this.spanList, length, this.count);
    this.traceList = grownList(this.traceList, length, this.count);
    this.serviceList = grownList(this.serviceList, length, this.count);
    this.keyWords = grown(this.keyWords, length * KEY_WORDS);
    this.parentHi = grown(this.parentHi, length);
    this.parentLo = grown(this.parentLo, length);
    this.rowIndex = grown(this.rowIndex, length);
    this.flagList = grown(this.flagList, length);
    this.startList = grown(this.startList, length);
  }

  private rehash(): void {
    this.slots = rebuiltSlots(this.keyWords, this.count, this.mask + 1, KEY_WORDS);
    this.mask = this.slots.length - 1;
  }
}

/** Int32s per row in `keyWords`: hash, trace number, span id high and low words. */
const KEY_WORDS = 4;

/** What a message names a span by: a span, or these of its fields. */
export type SpanBrief = Pick<Span, 'traceId' | 'spanId' | 'name' | 'service'>;

/** One trace's rows in the table, its number, and the hash of `traceId/` to continue with a span id. */
export interface TraceRows {
  readonly traceId: TraceId;
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

function aliasKey(traceId: string, spanId: string): string {
  return `${traceId}\u0000${spanId}`;
}
