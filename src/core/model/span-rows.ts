import type { SpanId, TraceId } from '../ids';
import { grownInt32 } from './open-hash';
import { consumesMessages } from './messaging';
import { packSpanId, unpackSpanId, WORDS } from './packed-id';
import type { Span, SpanLink } from './span';

/**
 * Spans as a reader wrote them, kept as columns: the ids, parent, start, service, links and a few
 * flags the merge, graph and diagnostics need, and nothing else. The whole span (attributes,
 * events, resource, status) is made again from its source only when someone asks (`span(i)`):
 * the CLI's summary asks for a few hundred spans of 100k, the app for those it shows.
 *
 * Why: a reader that keeps 100k span objects, their attribute lists and strings makes the young
 * GC copy them all while it reads (70-160 ms of a 400 ms read at 100k spans). Columns of shared
 * strings and typed arrays are almost free to keep.
 */
export class SpanRows {
  /** Rows so far. */
  count = 0;
  /** Per row (strings shared by a trace's, a resource's, a name's rows: no string per span). */
  readonly traceIds: TraceId[] = [];
  readonly services: string[] = [];
  readonly names: string[] = [];
  /**
   * The span id and parent id as two words each (SPAN_ROW_ID_PACKED, SPAN_ROW_PARENT_PACKED), or
   * as text in `texts` (malformed ids: few), so 100k id strings are not kept alive.
   */
  private idHi = new Int32Array(1024);
  private idLo = new Int32Array(1024);
  private parentHi = new Int32Array(1024);
  private parentLo = new Int32Array(1024);
  private readonly spanTexts = new Map<number, SpanId>();
  private readonly parentTexts = new Map<number, SpanId>();
  /** Start in microseconds, NaN when none. */
  private starts = new Float64Array(1024);
  /** SPAN_ROW_* flags. */
  private flags = new Uint8Array(1024);
  /** `droppedLinksCount` of rows where it is not 0 (few). */
  private readonly dropped = new Map<number, number>();
  /** Links of rows that have any (a fifth of the spans in a linked bundle), and each row's index there (-1: none). */
  private readonly linkLists: (readonly SpanLink[])[] = [];
  private linksOf = new Int32Array(1024);

  /**
   * @param source the file the spans were read from (`Span.source`)
   * @param make the whole span of row `i`, made again from the reader's source
   */
  constructor(
    readonly source: string,
    private readonly make: (index: number) => Span,
  ) {}

  /** Notes `span`'s columns as row `count` (the span itself is not kept). */
  add(span: Span): void {
    const links = span.links;
    const dropped = span.droppedLinksCount;
    const consumer = links.length === 0 && dropped === 0 && consumesMessages(span);
    this.addRow(span.traceId, span.spanId, span.validId, span.parentSpanId, span.name, span.service, span.startUs, dropped, links, span.status === 'error', consumer);
  }

  /**
   * Notes a span's columns as row `count`, for a reader that never made the span object.
   * `consumer`: it has no links, none were dropped, and it consumes messages (model/messaging.ts).
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
    const i = this.count++;
    if (i === this.starts.length) this.grow();
    this.traceIds.push(traceId);
    this.services.push(service);
    this.names.push(name);
    this.starts[i] = startUs ?? NaN;
    if (dropped > 0) this.dropped.set(i, dropped);
    let flags = validId ? SPAN_ROW_VALID_ID : 0;
    if (error) flags |= SPAN_ROW_ERROR;
    if (packSpanId(spanId, 0, spanId.length)) {
      flags |= SPAN_ROW_ID_PACKED;
      this.idHi[i] = WORDS.hi;
      this.idLo[i] = WORDS.lo;
    } else this.spanTexts.set(i, spanId);
    if (parentId !== undefined) {
      if (packSpanId(parentId, 0, parentId.length)) {
        flags |= SPAN_ROW_PARENT_PACKED;
        this.parentHi[i] = WORDS.hi;
        this.parentLo[i] = WORDS.lo;
      } else this.parentTexts.set(i, parentId);
      flags |= SPAN_ROW_HAS_PARENT;
    }
    if (links.length > 0) {
      flags |= SPAN_ROW_HAS_LINKS;
      this.linksOf[i] = this.linkLists.length;
      this.linkLists.push(links);
    } else if (consumer) flags |= SPAN_ROW_CONSUMER_WITHOUT_LINKS;
    this.flags[i] = flags;
  }

  /** Row `i`'s whole span, made again (a new object each call: callers keep what they need). */
  span(i: number): Span {
    return this.make(i);
  }

  /** Row `i`'s span id (made from its words when packed). */
  spanIdAt(i: number): SpanId {
    return (this.flags[i]! & SPAN_ROW_ID_PACKED) !== 0 ? (unpackSpanId(this.idHi[i]!, this.idLo[i]!) as SpanId) : this.spanTexts.get(i)!;
  }
  /** Row `i`'s parent id, undefined for a root. */
  parentIdAt(i: number): SpanId | undefined {
    return (this.flags[i]! & SPAN_ROW_PARENT_PACKED) !== 0 ? (unpackSpanId(this.parentHi[i]!, this.parentLo[i]!) as SpanId) : this.parentTexts.get(i);
  }
  /** The words of row `i`'s span id (SPAN_ROW_ID_PACKED) or parent id (SPAN_ROW_PARENT_PACKED). */
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
  /** Row `i`'s SPAN_ROW_* flags. */
  flagsAt(i: number): number {
    return this.flags[i]!;
  }
  droppedAt(i: number): number {
    return this.dropped.get(i) ?? 0;
  }
  linksAt(i: number): readonly SpanLink[] {
    return (this.flags[i]! & SPAN_ROW_HAS_LINKS) !== 0 ? this.linkLists[this.linksOf[i]!]! : NO_LINKS;
  }

  private grow(): void {
    this.idHi = grownInt32(this.idHi);
    this.idLo = grownInt32(this.idLo);
    this.parentHi = grownInt32(this.parentHi);
    this.parentLo = grownInt32(this.parentLo);
    this.linksOf = grownInt32(this.linksOf);
    const starts = new Float64Array(this.starts.length * 2);
    starts.set(this.starts);
    this.starts = starts;
    const flags = new Uint8Array(this.flags.length * 2);
    flags.set(this.flags);
    this.flags = flags;
  }
}

/** Both own ids are valid W3C ids (`Span.validId`). */
export const SPAN_ROW_VALID_ID = 1;
/** The span holds at least one link. */
export const SPAN_ROW_HAS_LINKS = 2;
/** It consumes messages (model/messaging.ts) yet has no links, and none were dropped. */
export const SPAN_ROW_CONSUMER_WITHOUT_LINKS = 4;
/** The span id is 16 lower-case hex digits, kept as two words. */
export const SPAN_ROW_ID_PACKED = 8;
/** The parent id is 16 lower-case hex digits, kept as two words (else, when set, as text). */
export const SPAN_ROW_PARENT_PACKED = 16;
/** The span has a parent id (of either kind). */
export const SPAN_ROW_HAS_PARENT = 32;
/** Its status is `error`. */
export const SPAN_ROW_ERROR = 64;

const NO_LINKS: readonly SpanLink[] = Object.freeze([]);
