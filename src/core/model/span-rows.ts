import type { SpanId, TraceId } from '../ids';
import { grown, grownList } from './open-hash';
import { packSpanId, unpackSpanId, WORDS } from './packed-id';
import { expectsLinks, factFlags, parentFlags, ROW_HAS_LINKS, ROW_ID_PACKED, ROW_PARENT_MASK, ROW_PARENT_NONE, ROW_PARENT_PACKED, ROW_PARENT_TEXT } from './row-flags';
import type { Span, SpanLink } from './span';
import { NO_LINKS } from './span';

/** Where a reader's rows came from, for the merge to tell a copy without making two spans. */
export interface RowIdentity {
  /** The file the rows were read from: their spans' `source`. */
  readonly source: string;
  /**
   * True when row `i` of these rows and row `j` of `other` hold the same span, `source` aside (as
   * `sameSpan` would find); undefined when it cannot tell (then the spans are made and compared).
   */
  same(i: number, other: SpanRows, j: number): boolean | undefined;
}

/**
 * Spans as a reader wrote them, kept as columns: the ids, parent, start, service, links and a few
 * flags the merge, graph and diagnostics need, and nothing else. The whole span (attributes,
 * events, resource, status) is made again from its source only when someone asks (`span(i)`):
 * the CLI's summary and check ask for none (they describe spans by these columns), the app and
 * the exports for those they show.
 *
 * Why: a reader that keeps 100k span objects, their attribute lists and strings makes the young
 * GC copy them all while it reads (70-160 ms of a 400 ms read at 100k spans). Columns of shared
 * strings and typed arrays are almost free to keep.
 */
export class SpanRows {
  /** Rows so far. */
  count = 0;
  /**
   * Per row (strings shared by a trace's, a resource's, a name's rows: no string per span).
   * Allocated ahead, as the typed arrays are (`grow`): longer than `count`, so read only by row
   * (`traceIdAt`, `serviceAt`, `nameAt`).
   */
  private traceIds: TraceId[] = new Array<TraceId>(1024);
  private services: string[] = new Array<string>(1024);
  private names: string[] = new Array<string>(1024);
  /**
   * The span id and parent id as two words each (ROW_ID_PACKED, ROW_PARENT_PACKED), or as text
   * (malformed ids: few), so 100k id strings are not kept alive.
   */
  private idHi = new Int32Array(1024);
  private idLo = new Int32Array(1024);
  private parentHi = new Int32Array(1024);
  private parentLo = new Int32Array(1024);
  private readonly spanTexts = new Map<number, SpanId>();
  private readonly parentTexts = new Map<number, SpanId>();
  /** Start in microseconds, NaN when none. */
  private starts = new Float64Array(1024);
  /** ROW_* flags (model/row-flags.ts): the span table's own, and ROW_ID_PACKED. */
  private flags = new Uint8Array(1024);
  /** `droppedLinksCount` of rows where it is not 0 (few). */
  private readonly dropped = new Map<number, number>();
  /** Links of rows that have any (a fifth of the spans in a linked bundle), and each such row's index there (ROW_HAS_LINKS). */
  private readonly linkLists: (readonly SpanLink[])[] = [];
  private linksOf = new Int32Array(1024);

  /**
   * @param make the whole span of row `i`, made again from the reader's source
   * @param identity where the rows came from, when the reader can tell two rows the same without
   *   making their spans (stream-places.ts: the same bytes of a file)
   */
  constructor(
    private readonly make: (index: number) => Span,
    readonly identity?: RowIdentity,
  ) {}

  /** Notes `span`'s columns as row `count` (the span itself is not kept). */
  add(span: Span): void {
    const links = span.links;
    const dropped = span.droppedLinksCount;
    this.addRow(span.traceId, span.spanId, span.validId, span.parentSpanId, span.name, span.service, span.startUs, dropped, links, span.status === 'error', expectsLinks(span));
  }

  /**
   * Notes a span's columns as row `count`, for a reader that never made the span object.
   * `consumer`: it has no links, none were dropped, and it consumes messages (`expectsLinks`).
   */
  addRow(
    traceId: TraceId,
    spanId: SpanId,
    validId: boolean,
    parentId: SpanId | undefined,
    name: string,
    service: string,
    startUs: number | undefined,
    dropped: number,
    links: readonly SpanLink[],
    error: boolean,
    consumer: boolean,
  ): void {
    const i = this.push(traceId, name, service, startUs, dropped, links);
    let flags = factFlags(validId, error, links.length, dropped, consumer) | parentFlags(parentId);
    const how = flags & ROW_PARENT_MASK;
    if (how === ROW_PARENT_PACKED) {
      this.parentHi[i] = WORDS.hi;
      this.parentLo[i] = WORDS.lo;
    } else if (how === ROW_PARENT_TEXT) this.parentTexts.set(i, parentId!);
    if (packSpanId(spanId, 0, spanId.length)) {
      flags |= ROW_ID_PACKED;
      this.idHi[i] = WORDS.hi;
      this.idLo[i] = WORDS.lo;
    } else this.spanTexts.set(i, spanId);
    this.flags[i] = flags;
  }

  /**
   * `addRow` for a reader that packed the span id, and the parent id when there is one, itself
   * (`packSpanId`, straight from its text: otlp-text.ts).
   */
  addPackedRow(
    traceId: TraceId,
    idHi: number,
    idLo: number,
    parent: boolean,
    parentHi: number,
    parentLo: number,
    name: string,
    service: string,
    startUs: number | undefined,
    dropped: number,
    links: readonly SpanLink[],
    validId: boolean,
    error: boolean,
    consumer: boolean,
  ): void {
    const i = this.push(traceId, name, service, startUs, dropped, links);
    this.idHi[i] = idHi;
    this.idLo[i] = idLo;
    if (parent) {
      this.parentHi[i] = parentHi;
      this.parentLo[i] = parentLo;
    }
    this.flags[i] = factFlags(validId, error, links.length, dropped, consumer) | ROW_ID_PACKED | (parent ? ROW_PARENT_PACKED : ROW_PARENT_NONE);
  }

  /** The columns every row has, as row `count`; returns its index. */
  private push(traceId: TraceId, name: string, service: string, startUs: number | undefined, dropped: number, links: readonly SpanLink[]): number {
    const i = this.count++;
    if (i === this.starts.length) this.grow();
    this.traceIds[i] = traceId;
    this.services[i] = service;
    this.names[i] = name;
    this.starts[i] = startUs ?? NaN;
    if (dropped > 0) this.dropped.set(i, dropped);
    if (links.length > 0) {
      this.linksOf[i] = this.linkLists.length;
      this.linkLists.push(links);
    }
    return i;
  }

  /**
   * Keeps only the first `count` rows (a reader taking back what it noted from a part of a file
   * that turned out broken: stream.ts).
   */
  truncate(count: number): void {
    if (count >= this.count) return;
    let links = this.linkLists.length;
    for (let i = count; i < this.count; i++) {
      if ((this.flags[i]! & ROW_HAS_LINKS) !== 0) {
        links = this.linksOf[i]!;
        break;
      }
    }
    this.linkLists.length = links;
    for (const map of [this.spanTexts, this.parentTexts, this.dropped]) {
      for (const i of map.keys()) if (i >= count) map.delete(i);
    }
    this.count = count;
  }

  /** Row `i`'s whole span, made again (a new object each call: callers keep what they need). */
  span(i: number): Span {
    return this.make(i);
  }

  /** Row `i`'s trace id, service and name. */
  traceIdAt(i: number): TraceId {
    return this.traceIds[i]!;
  }
  serviceAt(i: number): string {
    return this.services[i]!;
  }
  nameAt(i: number): string {
    return this.names[i]!;
  }
  /** Row `i`'s span id (made from its words when packed). */
  spanIdAt(i: number): SpanId {
    return (this.flags[i]! & ROW_ID_PACKED) !== 0 ? (unpackSpanId(this.idHi[i]!, this.idLo[i]!) as SpanId) : this.spanTexts.get(i)!;
  }
  /** Row `i`'s parent id, undefined for a root. */
  parentIdAt(i: number): SpanId | undefined {
    return (this.flags[i]! & ROW_PARENT_MASK) === ROW_PARENT_PACKED ? (unpackSpanId(this.parentHi[i]!, this.parentLo[i]!) as SpanId) : this.parentTexts.get(i);
  }
  /** The words of row `i`'s span id (ROW_ID_PACKED) or parent id (ROW_PARENT_PACKED). */
  idHiAt(i: number): number {
    return this.idHi[i]!;
  }
  idLoAt(i: number): number {
    return this.idLo[i]!;
  }
  parentHiAt(i: number): number {
    return this.parentHi[i]!;
  }
  parentLoAt(i: number): number {
    return this.parentLo[i]!;
  }
  /** Row `i`'s start in microseconds, NaN when it has none. */
  startAt(i: number): number {
    return this.starts[i]!;
  }
  /** Row `i`'s ROW_* flags. */
  flagsAt(i: number): number {
    return this.flags[i]!;
  }
  droppedAt(i: number): number {
    return this.dropped.get(i) ?? 0;
  }
  linksAt(i: number): readonly SpanLink[] {
    return (this.flags[i]! & ROW_HAS_LINKS) !== 0 ? this.linkLists[this.linksOf[i]!]! : NO_LINKS;
  }

  /** Twice the room; the rows before the one being added (`push` counted it) are kept. */
  private grow(): void {
    const rows = this.count - 1;
    const length = this.starts.length * 2;
    this.traceIds = grownList(this.traceIds, length, rows);
    this.services = grownList(this.services, length, rows);
    this.names = grownList(this.names, length, rows);
    this.idHi = grown(this.idHi);
    this.idLo = grown(this.idLo);
    this.parentHi = grown(this.parentHi);
    this.parentLo = grown(this.parentLo);
    this.linksOf = grown(this.linksOf);
    this.starts = grown(this.starts);
    this.flags = grown(this.flags);
  }
}

