/**
 * Where each part of a streamed file that gave spans lies in the file (a JSON Lines line, or one
 * element of a huge document's `resourceSpans`), and which rows it gave, so that a row's whole
 * span can be made again from the file's bytes instead of being kept. The CLI reads a 600 MB file
 * this way: its spans are kept as columns (model/span-rows.ts), and only the few that are asked
 * for (a span under a key already loaded, to tell a copy from a duplicate) are read again.
 */
import type { Span } from '../model/span';
import type { RowIdentity, SpanRows } from '../model/span-rows';
import { grown } from '../model/open-hash';
import { STREAMED_KEYS } from './chunk-scanner';
import type { StreamedKey } from './chunk-scanner';
import { TraceValueReader } from './index';
import { parseJsonText } from './json-text';
import { readOtlpDocument } from './otlp';
import type { ReaderContext } from './types';

/**
 * The file's bytes `[offset, offset + length)`, read again (the CLI: from disk). Throws when the
 * file is no longer the one that was read.
 */
export type ReadBytes = (offset: number, length: number) => Uint8Array;

interface TextDecoderLike {
  decode(input?: Uint8Array): string;
}
const Decoder = (globalThis as unknown as { TextDecoder: new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoderLike }).TextDecoder;

/**
 * A part of a file read again no longer holds the spans read there the first time: the file was
 * changed (or replaced) while it was being read. The CLI says so and exits 2.
 */
export class InputChangedError extends Error {
  override readonly name = 'InputChangedError';
}

/** Parts whose spans are kept after they were read again (`StreamPlaces.cached`). */
const CACHED_PARTS = 4;

export class StreamPlaces implements RowIdentity {
  private offsets = new Float64Array(256);
  private lengths = new Int32Array(256);
  /** The first row each part gave; rows of one part follow each other. */
  private firstRows = new Int32Array(256);
  /** 0 for a whole value, else 1 + the index in STREAMED_KEYS of the array the element is of. */
  private kinds = new Uint8Array(256);
  private count = 0;
  /**
   * The last parts read again and their spans, the latest first. Spans of one line are asked for
   * together, and a line loaded twice is merged against the line it repeats, span by span: with
   * fewer than two parts kept, each of its spans would read both lines again.
   */
  private cached: { part: number; spans: readonly Span[] }[] = [];
  private readonly utf8 = new Decoder('utf-8', { fatal: true, ignoreBOM: true });

  /** The last two parts compared by `same`, and whether their bytes were equal. */
  private compared = { part: -1, other: undefined as StreamPlaces | undefined, otherPart: -1, equal: false };

  constructor(
    private readonly file: string,
    private readonly readBytes: ReadBytes,
  ) {}

  /** The file the rows were read from (RowIdentity). */
  get source(): string {
    return this.file;
  }

  /**
   * Whether row `i` and row `j` of `other` are the same span, `source` aside (RowIdentity): true
   * when both are the same span of parts with the same bytes (the same line in a file loaded
   * twice, or in two exports), read the same way; the parts' bytes are compared once per pair.
   * Undefined otherwise: then the spans are made and compared.
   */
  same(i: number, other: SpanRows, j: number): boolean | undefined {
    const them = other.identity;
    if (!(them instanceof StreamPlaces)) return undefined;
    const a = this.partOf(i);
    const b = them.partOf(j);
    if (i - this.firstRows[a]! !== j - them.firstRows[b]! || this.kinds[a] !== them.kinds[b] || this.lengths[a] !== them.lengths[b]) return undefined;
    // The same part of the same file: the same bytes.
    if (them === this && a === b) return true;
    const c = this.compared;
    if (c.part !== a || c.other !== them || c.otherPart !== b) {
      c.part = a;
      c.other = them;
      c.otherPart = b;
      c.equal = sameBytes(this.readBytes(this.offsets[a]!, this.lengths[a]!), them.readBytes(them.offsets[b]!, them.lengths[b]!));
    }
    return c.equal ? true : undefined;
  }

  /**
   * The part at `[offset, offset + length)` of the file gave the rows from `firstRow` on: a whole
   * value, or an element of the top-level array `key` (read as the only element of its array).
   */
  note(offset: number, length: number, firstRow: number, key?: StreamedKey): void {
    const i = this.count++;
    if (i === this.offsets.length) {
      this.offsets = grown(this.offsets);
      this.lengths = grown(this.lengths);
      this.firstRows = grown(this.firstRows);
      this.kinds = grown(this.kinds);
    }
    this.offsets[i] = offset;
    this.lengths[i] = length;
    this.firstRows[i] = firstRow;
    this.kinds[i] = key === undefined ? 0 : STREAMED_KEYS.indexOf(key) + 1;
  }

  /** Forgets the parts that gave rows from `rows` on (the rows were taken back: `SpanRows.truncate`). */
  truncate(rows: number): void {
    while (this.count > 0 && this.firstRows[this.count - 1]! >= rows) this.count--;
    this.cached = [];
    this.compared.part = -1;
  }

  /**
   * Row `row`'s whole span, read again from its part of the file, as the first read made it (a
   * new object each call). Throws when the part no longer gives that row's span (the file changed).
   */
  span(row: number, rows: SpanRows): Span {
    const part = this.partOf(row);
    const spans = this.spansAt(part);
    const end = part + 1 < this.count ? this.firstRows[part + 1]! : rows.count;
    const first = this.firstRows[part]!;
    const span = spans[row - first];
    if (span === undefined || spans.length !== end - first || span.traceId !== rows.traceIdAt(row) || span.spanId !== rows.spanIdAt(row)) throw this.changed(part);
    return { ...span };
  }

  /** Part `part`'s spans, from the cache or read again. */
  private spansAt(part: number): readonly Span[] {
    const cached = this.cached;
    const at = cached.findIndex((c) => c.part === part);
    const hit = at < 0 ? { part, spans: this.spansOf(part) } : cached[at]!;
    if (at !== 0) {
      if (at > 0) cached.splice(at, 1);
      cached.unshift(hit);
      if (cached.length > CACHED_PARTS) cached.pop();
    }
    return hit.spans;
  }

  /** The part that gave row `row`: the last one whose first row is at most `row`. */
  private partOf(row: number): number {
    let lo = 0;
    let hi = this.count - 1;
    if (hi < 0 || this.firstRows[0]! > row) throw new RangeError(`row ${row} was not read from ${this.file}`);
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.firstRows[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private changed(part: number): InputChangedError {
    return new InputChangedError(`${this.file} changed while tracelinks read it: byte ${this.offsets[part]} on no longer holds the spans read there. Run it again once nothing is writing the file.`);
  }

  /** Every span of part `part`, read again as stream.ts read it the first time. */
  private spansOf(part: number): Span[] {
    let text: string;
    try {
      text = this.utf8.decode(this.readBytes(this.offsets[part]!, this.lengths[part]!));
    } catch (e) {
      // Bytes that are no longer UTF-8 (TextDecoder's TypeError); the reader's own errors pass.
      if (e instanceof TypeError) throw this.changed(part);
      throw e;
    }
    const ctx: ReaderContext = { file: this.file, spans: [], problems: [], ownsInput: true };
    const kind = this.kinds[part]!;
    if (kind > 0) {
      // As stream.ts read the element: through parseJsonText (NaN and Infinity as null).
      const parsed = parseJsonText(text);
      if (parsed.values.length !== 1 || parsed.errors.length > 0) throw this.changed(part);
      readOtlpDocument({ [STREAMED_KEYS[kind - 1]!]: [parsed.values[0]!.value] }, ctx, '');
    } else {
      const values = new TraceValueReader(ctx);
      for (const v of parseJsonText(text).values) values.add(v);
    }
    return ctx.spans;
  }
}

/** Whether two byte strings are equal (four bytes at a time where both start aligned). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  let k = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = n >>> 2;
    const x = new Int32Array(a.buffer, a.byteOffset, words);
    const y = new Int32Array(b.buffer, b.byteOffset, words);
    for (; k < words; k++) if (x[k] !== y[k]) return false;
    k = words << 2;
  }
  for (; k < n; k++) if (a[k] !== b[k]) return false;
  return true;
}
