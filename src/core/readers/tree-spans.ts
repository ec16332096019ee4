/**
 * What a span holds besides its columns (SpanRows), kept as columns too, for a document parsed
 * whole (readTraceFile): kind, status, duration, attributes, events and origin. A whole span is
 * made from the two when asked for (`span`), the same one the reader would have made.
 *
 * Why: the tree reader made and kept one Span object per span, and a string per span and parent
 * id, while the merge, the graph and the diagnostics read only the columns. Now the ids stay
 * packed, and a Span is made only for the spans shown or exported. On one machine, parse+build
 * went from 1.93-2.2x `JSON.parse` to 1.80-1.83x on fanout-10k (one 3.3 MB OTLP file), from
 * 1.82-1.89x to 1.60-1.69x on small-2k, and the heap kept fell by 200-240 bytes a span.
 */
import type { Attribute, Span, SpanEvent, SpanKind, StatusCode } from '../model/span';
import { NO_EVENTS } from '../model/span';
import { ROW_VALID_ID } from '../model/row-flags';
import { SpanRows } from '../model/span-rows';
import { grown } from '../model/open-hash';
import type { Origin } from './otlp';

const KINDS: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: readonly StatusCode[] = ['unset', 'ok', 'error'];

export class TreeSpans {
  /** The spans' rows: each row's whole span is made from it and what is noted here. */
  readonly rows: SpanRows = new SpanRows((i) => this.span(i));
  private count = 0;
  private kinds = new Uint8Array(1024);
  private statuses = new Uint8Array(1024);
  /** Duration in microseconds, NaN when none. */
  private durations = new Float64Array(1024);
  private readonly attributes: (readonly Attribute[])[] = [];
  private readonly origins: (Origin | undefined)[] = [];
  /** Of the few rows that have them. */
  private readonly messages = new Map<number, string>();
  private readonly events = new Map<number, readonly SpanEvent[]>();

  constructor(private readonly file: string) {}

  /** The rest of the span just noted as a row. */
  note(kind: SpanKind, status: StatusCode, statusMessage: string | undefined, durationUs: number | undefined, attributes: readonly Attribute[], events: readonly SpanEvent[], origin: Origin | undefined): void {
    const i = this.count++;
    if (i === this.kinds.length) {
      this.kinds = grown(this.kinds);
      this.statuses = grown(this.statuses);
      this.durations = grown(this.durations);
    }
    this.kinds[i] = KINDS.indexOf(kind);
    this.statuses[i] = STATUSES.indexOf(status);
    this.durations[i] = durationUs ?? NaN;
    this.attributes.push(attributes);
    this.origins.push(origin);
    if (statusMessage !== undefined) this.messages.set(i, statusMessage);
    if (events.length > 0) this.events.set(i, events);
  }

  /** Row `i`'s whole span, from its row and what was noted (a new object each call). */
  private span(i: number): Span {
    const rows = this.rows;
    const origin = this.origins[i];
    const start = rows.startAt(i);
    const duration = this.durations[i]!;
    return {
      traceId: rows.traceIdAt(i),
      spanId: rows.spanIdAt(i),
      validId: (rows.flagsAt(i) & ROW_VALID_ID) !== 0,
      parentSpanId: rows.parentIdAt(i),
      name: rows.nameAt(i),
      service: rows.serviceAt(i),
      kind: KINDS[this.kinds[i]!]!,
      startUs: Number.isNaN(start) ? undefined : start,
      durationUs: Number.isNaN(duration) ? undefined : duration,
      status: STATUSES[this.statuses[i]!]!,
      statusMessage: this.messages.get(i),
      attributes: this.attributes[i]!,
      resource: origin?.resource ?? [],
      scope: origin?.scope,
      events: this.events.get(i) ?? NO_EVENTS,
      links: rows.linksAt(i),
      droppedLinksCount: rows.droppedAt(i),
      source: this.file,
    };
  }
}
