/**
 * One trace file read from chunks of bytes, so that no input has to be one string (a JavaScript
 * string holds at most about 512 MiB): the file goes through a streaming gunzip (when it is
 * gzip), then the chunk scanner, which cuts it into its JSON values (JSON Lines, documents back
 * to back) and a huge OTLP/Tempo document into the elements of its `resourceSpans`/`batches`;
 * each slice is decoded and given to `JSON.parse` and to the same readers readTraceFile uses.
 *
 * A file that stays under `bufferBytes` (64 MiB by default) is kept and read by readTraceFile
 * itself, so its result is that of readTraceFile, whatever the file holds. A larger one is read
 * slice by slice, with the same result for well-formed files; broken ones are reported per
 * value, as JSON Lines are (a cut line loses only itself). When the caller can read the file's
 * bytes again (`readBytes`), its spans are kept as columns and made again from there on demand.
 */
import { ChunkScanner, STREAMED_KEYS } from './chunk-scanner';
import type { ScanBreak, ScanEvent, StreamedKey } from './chunk-scanner';
import { DEFAULT_MAX_INFLATED_BYTES, firstBadUtf8, formatBytes, isGzip, looksBinary, notUtf8Message } from './decode';
import type { DecodeOptions } from './decode';
import { concat, crcUpdate, GzipTooLargeError } from './gunzip';
import { Gunzip } from 'fflate';
import { notJson, readTraceFile, TraceValueReader } from './index';
import { parseJsonText } from './json-text';
import type { JsonSyntaxError } from './json-text';
import { readOtlpDocument } from './otlp';
import { rowsResult } from './read-result';
import { describeJson, detectReader } from './sniff';
import { StreamPlaces } from './stream-places';
import type { ReadBytes } from './stream-places';
import { SpanRows } from '../model/span-rows';
import type { InputProblem, ReadResult, ReaderContext } from './types';

export interface TraceStreamOptions extends DecodeOptions {
  /** Files (inflated) up to this size are read whole by readTraceFile. Default 64 MiB; 0 streams every file. */
  readonly bufferBytes?: number;
  /** A single document is split at its `resourceSpans` elements past this size (ChunkScanner's `splitAbove`). */
  readonly splitAbove?: number;
  /**
   * The file's bytes again, by place (the CLI reads them from disk). When given, a file read in
   * slices (not gzip, not UTF-16) keeps its spans as columns, not objects: each whole span is
   * made again from its line or element when asked for (stream-places.ts). The result is the
   * same. For the 600 MB collector file the CLI's summary took 9.5 s instead of 12.6-13.3 s, in
   * 0.92 GB instead of 1.42 GB: the attributes of 1.8M spans are no longer made and kept.
   */
  readonly readBytes?: ReadBytes;
  /**
   * The longest single value (a line, a document that is not split, one split element) decoded
   * to a string: past it the value is reported, not read. Default MAX_VALUE_BYTES; tests set less.
   */
  readonly maxValueBytes?: number;
}

/**
 * V8's longest string (String::kMaxLength on 64-bit, 2^29 - 24 characters): a value of more UTF-8
 * bytes than this may not decode into one string, and decoding it threw a RangeError that read as
 * an encoding problem.
 */
export const MAX_VALUE_BYTES = 2 ** 29 - 24;

export interface TraceStreamReader {
  /** The next bytes of the file (the reader copies what it keeps: the chunk may be reused after). */
  push(chunk: Uint8Array): void;
  /** The file ended: what readTraceFile gives for the same bytes. */
  finish(): ReadResult;
}

export const DEFAULT_BUFFER_BYTES = 64 * 1024 * 1024;

/** As json-text.ts: past this many broken values, only their count is told. */
const MAX_ERRORS = 20;

interface TextDecoderLike {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
type TextDecoderCtor = new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoderLike;
const Decoder = (globalThis as unknown as { TextDecoder: TextDecoderCtor }).TextDecoder;
interface TextEncoderLike {
  encode(input: string): Uint8Array;
}
const Encoder = (globalThis as unknown as { TextEncoder: new () => TextEncoderLike }).TextEncoder;

/**
 * @example
 * const reader = createTraceStreamReader('big.jsonl');
 * for await (const chunk of stream) reader.push(chunk);
 * const result = reader.finish(); // as readTraceFile('big.jsonl', allBytes)
 */
export function createTraceStreamReader(file: string, options: TraceStreamOptions = {}): TraceStreamReader {
  const bufferBytes = options.bufferBytes ?? DEFAULT_BUFFER_BYTES;
  const max = options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  let raw: Uint8Array[] | undefined = [];
  let rawBytes = 0;
  let gzip: boolean | undefined;
  let gunzip: GunzipStream | undefined;
  /** Inflated bytes kept while the file may still be read whole. */
  let inflated: Uint8Array[] = [];
  let inflatedBytes = 0;
  let text: TextStage | undefined;
  let fatal: InputProblem | undefined;
  let done: ReadResult | undefined;

  const guard = (f: () => void): void => {
    if (fatal !== undefined) return;
    try {
      f();
    } catch (e) {
      fatal = unreadable(file, e);
    }
  };

  /** The file is too large to read whole: from now on, bytes go to the text stage. */
  const startStreaming = (): void => {
    if (/\.gz$/i.test(file) && gzip === false) {
      fatal = { code: 'input.gzip', file, message: `${file} is named .gz but is not gzip data (no 1f 8b header).` };
      return;
    }
    text = new TextStage(file, options.splitAbove, gzip === true, gzip === true ? undefined : options.readBytes, options.maxValueBytes ?? MAX_VALUE_BYTES);
    const kept = gzip === true ? inflated : raw!;
    raw = undefined;
    inflated = [];
    for (const c of kept) {
      text.push(c);
      if (text.fatal !== undefined) return;
    }
  };

  const onInflated = (bytes: Uint8Array): void => {
    if (text !== undefined) {
      text.push(bytes);
      return;
    }
    inflated.push(bytes);
    inflatedBytes += bytes.length;
    if (inflatedBytes > bufferBytes) startStreaming();
  };

  const push = (chunk: Uint8Array): void => {
    rawBytes += chunk.length;
    if (gzip === undefined && raw !== undefined && rawBytes >= 2) {
      const head = raw.length === 0 ? chunk : concat([...raw, chunk], rawBytes);
      gzip = isGzip(head);
      if (gzip) {
        gunzip = new GunzipStream(max, onInflated);
        for (const c of raw) gunzip.push(c);
      }
    }
    if (gzip === true) {
      if (raw !== undefined) raw.push(chunk.slice());
      gunzip!.push(chunk);
      return;
    }
    if (raw !== undefined) {
      raw.push(chunk.slice());
      if (gzip === false && rawBytes > bufferBytes) startStreaming();
      return;
    }
    text!.push(chunk);
  };

  return {
    push(chunk) {
      if (done !== undefined) throw new Error('push after finish');
      if (fatal !== undefined) {
        rawBytes += chunk.length;
        gunzip?.skip(chunk.length);
        return;
      }
      guard(() => {
        push(chunk);
        if (text?.fatal !== undefined) fatal = text.fatal;
        if (gunzip?.tooLarge === true) fatal = tooLarge(file, max, rawBytes);
      });
    },
    finish() {
      if (done !== undefined) return done;
      let partial: InputProblem | undefined;
      guard(() => {
        if (gzip === true) {
          const end = gunzip!.finish();
          if (gunzip!.tooLarge) fatal = tooLarge(file, max, rawBytes);
          else if (end.damaged !== undefined && text !== undefined) fatal = damaged(file, end.damaged);
          else if (text !== undefined) partial = gzipPartial(file, rawBytes, end, text.bytes);
        }
      });
      if (gunzip?.tooLarge === true) fatal = tooLarge(file, max, rawBytes);
      if (fatal !== undefined) done = { file, spans: [], problems: [fatal] };
      else if (text === undefined) done = readTraceFile(file, concat(raw ?? [], rawBytes), options);
      else {
        const stage = text;
        guard(() => {
          done = stage.finish(partial);
        });
        done ??= { file, spans: [], problems: [fatal!] };
      }
      raw = undefined;
      return done;
    },
  };
}

/** A value some reader other than the OTLP one reads (a value no reader takes gives no spans). */
function isOtherFormat(value: unknown): boolean {
  const kind = detectReader(value);
  return kind !== undefined && kind !== 'otlp';
}

function unreadable(file: string, e: unknown): InputProblem {
  const why = e instanceof Error ? e.message : String(e);
  return { code: 'input.unreadable', file, message: `${file} could not be read: ${why}` };
}

function tooLarge(file: string, max: number, size: number): InputProblem {
  return {
    code: 'input.too-large',
    file,
    message: `${file} inflates to more than ${formatBytes(max)} (from ${formatBytes(size)} of gzip): refused while decompressing, as a zip bomb or a trace too large to read.`,
  };
}

function damaged(file: string, why: string): InputProblem {
  const more = why === '' ? '' : ` (${why})`;
  return { code: 'input.gzip', file, message: `${file} starts as gzip but could not be decompressed${more}: it is damaged.` };
}

function gzipPartial(file: string, size: number, end: GunzipEnd, kept: number): InputProblem | undefined {
  if (end.truncated) {
    const what = kept === 0 ? 'nothing inflated before the cut' : `the ${formatBytes(kept)} inflated before the cut were read`;
    return { code: 'input.gzip', file, where: `byte ${size}`, message: `${file} is cut short: its gzip data stops after ${formatBytes(size)}, before the end of the stream (a truncated download?); ${what}.` };
  }
  if (end.trailingJunk !== undefined) {
    const n = end.trailingJunk;
    return { code: 'input.gzip', file, where: `byte ${size - n}`, message: `${file} has ${formatBytes(n)} after the end of its gzip data that are not gzip; they were ignored.` };
  }
  return undefined;
}

// ---- gzip as a stream -----------------------------------------------------------------------

/** As gunzip.ts: compressed bytes per inflater push, so the ceiling is checked often. */
const PIECE = 16 * 1024;

interface GunzipEnd {
  readonly truncated: boolean;
  readonly trailingJunk?: number;
  /** The stream is damaged (fflate's message, or a CRC mismatch). */
  readonly damaged?: string;
}

/**
 * gunzip.ts's checks, kept as the data streams by: every member, each member's CRC-32 and size
 * against its trailer, the ceiling while inflating, a cut file told apart from a damaged one.
 * The last two pieces of input are kept to find trailers in.
 */
class GunzipStream {
  tooLarge = false;
  failed = false;
  private readonly inflater: Gunzip;
  private total = 0;
  private consumed = 0;
  private crc = 0xffffffff;
  private memberSize = 0;
  private memberInput = 0;
  private failure: unknown;
  private failedAt = 0;
  private badCrc = false;
  private prev: Uint8Array = new Uint8Array(0);
  private prevAt = 0;
  private cur: Uint8Array = new Uint8Array(0);
  private curAt = 0;
  /** Inflated, not yet handed on: given after each piece, so that a throw in `out` is never taken for damaged data. */
  private queue: Uint8Array[] = [];

  constructor(
    private readonly max: number,
    private readonly out: (bytes: Uint8Array) => void,
  ) {
    this.inflater = new Gunzip((chunk) => {
      if (chunk.length === 0) return;
      this.total += chunk.length;
      if (this.total > this.max) throw new GzipTooLargeError(this.max);
      this.crc = crcUpdate(this.crc, chunk, 0, chunk.length);
      this.memberSize += chunk.length;
      this.queue.push(chunk);
    });
    this.inflater.onmember = (offset) => {
      // The member before ends where this one begins: its trailer is the 8 bytes before.
      if (!this.trailerAt(offset, (this.crc ^ 0xffffffff) >>> 0, this.memberSize)) this.badCrc = true;
      this.crc = 0xffffffff;
      this.memberSize = 0;
      this.memberInput = offset;
    };
  }

  /** Bytes that arrived after the stream failed: counted only. */
  skip(n: number): void {
    this.consumed += n;
  }

  push(chunk: Uint8Array): void {
    for (let at = 0; at < chunk.length; at += PIECE) {
      if (this.failed || this.tooLarge) {
        this.consumed += Math.min(PIECE, chunk.length - at);
        continue;
      }
      const piece = chunk.slice(at, Math.min(chunk.length, at + PIECE));
      this.prev = this.cur;
      this.prevAt = this.curAt;
      this.cur = piece;
      this.curAt = this.consumed;
      this.consumed += piece.length;
      try {
        this.inflater.push(piece, false);
      } catch (e) {
        if (e instanceof GzipTooLargeError) this.tooLarge = true;
        else {
          this.failed = true;
          this.failure = e;
          this.failedAt = this.curAt;
        }
      }
      if (this.badCrc) {
        this.failed = true;
        this.failure = new Error('CRC check failed');
      }
      this.drain();
    }
  }

  private drain(): void {
    const q = this.queue;
    if (q.length === 0) return;
    this.queue = [];
    for (const c of q) this.out(c);
  }

  finish(): GunzipEnd {
    if (!this.failed && !this.tooLarge) {
      try {
        this.inflater.push(new Uint8Array(0), true);
      } catch (e) {
        if (e instanceof GzipTooLargeError) this.tooLarge = true;
        else {
          this.failed = true;
          this.failure = e;
          this.failedAt = this.consumed;
        }
      }
      this.drain();
    }
    if (this.tooLarge) return { truncated: false };
    if (this.badCrc) return { truncated: false, damaged: 'CRC check failed' };
    const message = this.failure instanceof Error ? this.failure.message : this.failure === undefined ? '' : String(this.failure);
    const junkAfter = /invalid gzip data/i.test(message);
    const sum = (this.crc ^ 0xffffffff) >>> 0;
    if (!this.failed || /unexpected EOF/i.test(message) || junkAfter) {
      const to = !this.failed ? this.consumed : Math.min(this.consumed, this.failedAt + PIECE);
      const from = Math.max(this.memberInput + 18, !this.failed ? this.consumed - 3 : this.failedAt - PIECE, this.prevAt + 8);
      for (let e = to; e >= from; e--) {
        if (!this.trailerAt(e, sum, this.memberSize)) continue;
        const junk = this.nonZeroAfter(e);
        return junk > 0 || (junkAfter && e < this.consumed) ? { truncated: false, trailingJunk: this.consumed - e } : { truncated: false };
      }
      if (!this.failed || /unexpected EOF/i.test(message)) {
        if (this.consumed >= this.memberInput + 18 && this.uint32At(this.consumed - 4) === this.memberSize >>> 0) return { truncated: false, damaged: 'CRC check failed' };
        return { truncated: true };
      }
    }
    return { truncated: false, damaged: message };
  }

  private byteAt(abs: number): number | undefined {
    if (abs >= this.curAt && abs < this.curAt + this.cur.length) return this.cur[abs - this.curAt];
    if (abs >= this.prevAt && abs < this.prevAt + this.prev.length) return this.prev[abs - this.prevAt];
    return undefined;
  }

  private uint32At(at: number): number | undefined {
    let v = 0;
    for (let k = 3; k >= 0; k--) {
      const b = this.byteAt(at + k);
      if (b === undefined) return undefined;
      v = v * 256 + b;
    }
    return v;
  }

  private trailerAt(end: number, crc: number, size: number): boolean {
    return end >= 8 && this.uint32At(end - 8) === crc && this.uint32At(end - 4) === size >>> 0;
  }

  private nonZeroAfter(from: number): number {
    let n = 0;
    for (let i = from; i < this.curAt + this.cur.length; i++) if ((this.byteAt(i) ?? 0) !== 0) n++;
    // Bytes past the kept pieces (after a failure) are not zero as far as we know.
    return n + Math.max(0, this.consumed - (this.curAt + this.cur.length));
  }
}

// ---- text: bytes -> values -------------------------------------------------------------------

interface SplitDoc {
  readonly line: number;
  readonly spans: number;
  readonly problems: number;
  readonly shell: Uint8Array[];
  shellBytes: number;
  /** The streamed arrays met, and how many elements each had. */
  readonly keys: Map<StreamedKey, number>;
  duplicate: boolean;
  tempo: boolean;
  broken: JsonSyntaxError | undefined;
}

/**
 * After decoding: byte order marks and UTF-16 (re-encoded as UTF-8 for the scanner), the
 * scanner, and every slice decoded, parsed and read.
 */
class TextStage {
  fatal: InputProblem | undefined;
  /** Bytes given (before any re-encoding). */
  bytes = 0;
  private ctx: ReaderContext;
  private values: TraceValueReader;
  /** Columns instead of span objects, with where each came from (`readBytes` given). */
  private rows: SpanRows | undefined;
  private places: StreamPlaces | undefined;
  private readonly scanner: ChunkScanner;
  private readonly utf8 = new Decoder('utf-8', { fatal: true, ignoreBOM: true });
  private head: Uint8Array | undefined = new Uint8Array(0) as Uint8Array;
  /** The first KiB after any BOM (is it binary?), and the first 4 KiB as text (what does it look like?). */
  private first: Uint8Array = new Uint8Array(0);
  private utf16: { decoder: TextDecoderLike; encoder: TextEncoderLike; label: string } | undefined;
  private bomBytes = 0;
  private readonly errors: JsonSyntaxError[] = [];
  private moreErrors = 0;
  private nonSpace = false;
  private doc: SplitDoc | undefined;

  constructor(
    private readonly file: string,
    splitAbove: number | undefined,
    private readonly gzip: boolean,
    readBytes: ReadBytes | undefined,
    private readonly maxValueBytes: number,
  ) {
    if (readBytes !== undefined) {
      const places = new StreamPlaces(file, readBytes);
      const rows: SpanRows = new SpanRows((i) => places.span(i, rows), places);
      this.places = places;
      this.rows = rows;
    }
    this.ctx = { file, spans: [], problems: [], ownsInput: true, ...(this.rows === undefined ? {} : { rows: this.rows }) };
    this.values = new TraceValueReader(this.ctx);
    this.scanner = new ChunkScanner(splitAbove === undefined ? {} : { splitAbove });
  }

  push(bytes: Uint8Array): void {
    this.bytes += bytes.length;
    if (this.fatal !== undefined) return;
    if (this.head !== undefined) {
      // The first 4 bytes tell the encoding.
      const h = concat([this.head, bytes], this.head.length + bytes.length);
      if (h.length < 4) {
        this.head = h.slice();
        return;
      }
      this.head = undefined;
      this.start(h);
      return;
    }
    this.feed(bytes);
  }

  private start(h: Uint8Array): void {
    if (this.gzip && isGzip(h)) {
      this.fatal = { code: 'input.gzip', file: this.file, message: `${this.file} is gzip inside gzip (compressed twice): decompress it once and load the result.` };
      return;
    }
    const b0 = h[0];
    const b1 = h[1];
    let label: string | undefined;
    let skip = 0;
    if (b0 === 0xff && b1 === 0xfe) [label, skip] = ['utf-16le', 2];
    else if (b0 === 0xfe && b1 === 0xff) [label, skip] = ['utf-16be', 2];
    else if (b0 === 0xef && b1 === 0xbb && h[2] === 0xbf) skip = 3;
    else if (h.length >= 4 && b0 !== 0 && b1 === 0 && h[2] !== 0 && h[3] === 0) label = 'utf-16le';
    else if (h.length >= 4 && b0 === 0 && b1 !== 0 && h[2] === 0 && h[3] !== 0) label = 'utf-16be';
    if (label !== undefined) {
      this.utf16 = { decoder: new Decoder(label, { fatal: true, ignoreBOM: true }), encoder: new Encoder(), label };
      // The scanner sees the text re-encoded: its places are not the file's, so spans are kept.
      this.rows = undefined;
      this.places = undefined;
      this.ctx = { file: this.file, spans: [], problems: [], ownsInput: true };
      this.values = new TraceValueReader(this.ctx);
    }
    this.bomBytes = skip;
    this.feed(h.subarray(skip));
  }

  private feed(bytes: Uint8Array): void {
    let utf8 = bytes;
    if (this.utf16 !== undefined) {
      try {
        utf8 = this.utf16.encoder.encode(this.utf16.decoder.decode(bytes, { stream: true }));
      } catch {
        const name = this.utf16.label.toUpperCase();
        this.fatal = { code: 'input.encoding', file: this.file, message: `${this.file} looks like ${name} but is not valid ${name}.` };
        return;
      }
    }
    if (this.first.length < 4096) this.first = concat([this.first, utf8.subarray(0, 4096 - this.first.length)], Math.min(4096, this.first.length + utf8.length));
    this.handle(this.scanner.push(utf8));
  }

  private handle(events: readonly ScanEvent[]): void {
    for (const e of events) {
      if (this.fatal !== undefined) return;
      switch (e.type) {
        case 'value':
          this.value(e.bytes, e.offset, e.line, e.column);
          break;
        case 'split-start':
          this.doc = { line: e.line, spans: this.spanCount(), problems: this.ctx.problems.length, shell: [], shellBytes: 0, keys: new Map(), duplicate: false, tempo: false, broken: undefined };
          this.nonSpace = true;
          break;
        case 'shell':
          this.doc!.shell.push(e.bytes);
          this.doc!.shellBytes += e.bytes.length;
          break;
        case 'element':
          this.element(e.key, e.index, e.bytes, e.offset, e.line, e.column);
          break;
        case 'split-end':
          this.endDoc(e.broken);
          break;
      }
    }
  }

  /** Decodes a slice (fatally: a file that is not UTF-8 is refused as a whole, as readTraceFile does). */
  private decode(bytes: Uint8Array, offset: number): string | undefined {
    try {
      return this.utf8.decode(bytes);
    } catch {
      const at = firstBadUtf8(bytes);
      const where = `byte ${offset + (at < 0 ? 0 : at)}`;
      const message = notUtf8Message(this.file, where, looksBinary(this.first.subarray(0, 1024)));
      this.fatal = { code: 'input.encoding', file: this.file, where, message };
      return undefined;
    }
  }

  /** True (and the value reported) when `size` bytes are too many to decode into one string. */
  private tooLong(size: number, line: number, what: string): boolean {
    if (size <= this.maxValueBytes) return false;
    this.ctx.problems.push({
      code: 'input.too-large',
      file: this.file,
      where: `line ${line}`,
      message: `${this.file} holds ${what} of ${formatBytes(size)} at line ${line}, longer than a JavaScript string can hold (${formatBytes(this.maxValueBytes)}), so it was not read. Large OTLP and Tempo documents are read a resourceSpans or batches element at a time, and JSON Lines a line at a time: export the traces in one of those shapes, or in smaller files.`,
    });
    return true;
  }

  private value(bytes: Uint8Array, offset: number, line: number, column: number): void {
    if (this.tooLong(bytes.length, line, 'one JSON value')) {
      this.nonSpace = true;
      return;
    }
    const text = this.decode(bytes, offset);
    if (text === undefined) return;
    if (text.trim() !== '') this.nonSpace = true;
    const parsed = parseJsonText(text);
    if (this.rows !== undefined && parsed.values.some((v) => isOtherFormat(v.value))) this.toObjects();
    const first = this.spanCount();
    for (const v of parsed.values) this.values.add({ value: v.value, line: line + v.line - 1 });
    for (const err of parsed.errors) this.error(err, line, column);
    this.noted(first, offset, bytes.length);
  }

  /**
   * A value of another format than OTLP: the file is read into span objects from here on, and the
   * rows so far become objects (made again from the file). Other readers work on the whole list of
   * spans read (Zipkin merges the two halves of a shared span across values), and a line holding
   * OTLP and other values would give its rows out of file order.
   */
  private toObjects(): void {
    const rows = this.rows!;
    this.rows = undefined;
    this.places = undefined;
    const spans = this.ctx.spans;
    for (let i = 0; i < rows.count; i++) spans.push(rows.span(i));
    // The context's readers read `rows` when they start a document: from now on there are none.
    (this.ctx as { rows?: SpanRows }).rows = undefined;
  }

  /** Spans read so far (as columns or as objects). */
  private spanCount(): number {
    return this.rows?.count ?? this.ctx.spans.length;
  }

  /**
   * With columns, the part at `offset` is noted as the place of the rows from `first` on, when it
   * gave any. (Only the OTLP reader writes while there are columns: any other format's value
   * turns the file to objects first, `toObjects`.)
   */
  private noted(first: number, offset: number, length: number, key?: StreamedKey): void {
    const rows = this.rows;
    if (rows !== undefined && rows.count > first) this.places!.note(this.bomBytes + offset, length, first, key);
  }

  private error(err: JsonSyntaxError, line: number, column: number): void {
    if (this.errors.length >= MAX_ERRORS) {
      this.moreErrors++;
      return;
    }
    this.errors.push({ line: line + err.line - 1, column: err.line === 1 ? err.column + column - 1 : err.column, message: err.message });
  }

  private element(key: StreamedKey, index: number, bytes: Uint8Array, offset: number, line: number, column: number): void {
    const doc = this.doc!;
    const seen = doc.keys.get(key);
    if (index === 0 && seen !== undefined) doc.duplicate = true;
    doc.keys.set(key, index + 1);
    if (doc.broken !== undefined) return;
    if (this.tooLong(bytes.length, line, `one element of \`${key}\``)) return;
    const text = this.decode(bytes, offset);
    if (text === undefined) return;
    const parsed = parseJsonText(text);
    const err = parsed.errors[0];
    if (err !== undefined || parsed.values.length !== 1) {
      doc.broken = err === undefined ? { line, column, message: 'Expected one JSON value' } : { line: line + err.line - 1, column: err.line === 1 ? err.column + column - 1 : err.column, message: err.message };
      return;
    }
    const ctx = this.ctx;
    const from = ctx.problems.length;
    const first = this.spanCount();
    // The element is read as the only one of its array; its problems' paths get its index back.
    if (readOtlpDocument({ [key]: [parsed.values[0]!.value] }, ctx, '').tempo) doc.tempo = true;
    this.noted(first, offset, bytes.length, key);
    if (index > 0) {
      const at = `${key}[0]`;
      for (let i = from; i < ctx.problems.length; i++) {
        const p = ctx.problems[i]!;
        if (p.where?.startsWith(at) === true) ctx.problems[i] = { ...p, where: `${key}[${index}]${p.where.slice(at.length)}` };
      }
    }
  }

  private endDoc(broken: ScanBreak | undefined): void {
    const doc = this.doc!;
    this.doc = undefined;
    const ctx = this.ctx;
    const rollback = (): void => {
      if (this.rows === undefined) ctx.spans.length = doc.spans;
      else {
        this.rows.truncate(doc.spans);
        this.places!.truncate(doc.spans);
      }
      ctx.problems.length = doc.problems;
    };
    if (doc.broken === undefined && broken !== undefined) doc.broken = { line: broken.line, column: broken.column, message: broken.message };
    // The document's other keys, all but the split list, must decode into one string too.
    if (doc.broken === undefined && doc.shellBytes > this.maxValueBytes) {
      rollback();
      this.tooLong(doc.shellBytes, doc.line, 'the rest of a split document (all but its split list)');
      return;
    }
    const text = doc.broken === undefined ? this.decode(concat(doc.shell, doc.shellBytes), 0) : undefined;
    if (this.fatal !== undefined) return;
    let shell: unknown;
    if (text !== undefined) {
      const parsed = parseJsonText(text);
      if (parsed.errors.length > 0 || parsed.values.length !== 1) doc.broken = { line: doc.line, column: 1, message: parsed.errors[0]?.message ?? 'Expected one JSON value' };
      else shell = parsed.values[0]!.value;
    }
    if (doc.broken !== undefined) {
      rollback();
      this.error({ line: 1, column: doc.broken.column, message: doc.broken.message }, doc.broken.line, 1);
      return;
    }
    // readTraceFile reads the document by its first key present of resourceSpans, resource_spans,
    // batches; what was streamed must be that list, once, and the document OTLP.
    const o = shell as Record<string, unknown>;
    const chosen = STREAMED_KEYS.find((k) => o[k] !== undefined);
    const streamed = [...doc.keys.keys()];
    if (detectReader(shell) !== 'otlp' || doc.duplicate || streamed.length !== 1 || chosen === undefined || chosen !== streamed[0] || !Array.isArray(o[chosen])) {
      rollback();
      ctx.problems.push({
        code: 'input.unreadable',
        file: this.file,
        where: `line ${doc.line}`,
        message: `${this.file} holds a document too large to read whole (${describeJson(shell)}) whose keys change how it is read; it was not read.`,
      });
      return;
    }
    this.values.added('otlp', doc.line, doc.problems, doc.tempo || chosen === 'batches');
  }

  finish(partial: InputProblem | undefined): ReadResult {
    const file = this.file;
    if (this.fatal === undefined && this.head !== undefined) {
      const h = this.head;
      this.head = undefined;
      this.start(h);
    }
    if (this.fatal === undefined && this.utf16 !== undefined) {
      try {
        const rest = this.utf16.decoder.decode(new Uint8Array(0), { stream: false });
        if (rest !== '') this.handle(this.scanner.push(this.utf16.encoder.encode(rest)));
      } catch {
        const name = this.utf16.label.toUpperCase();
        this.fatal = { code: 'input.encoding', file, message: `${file} looks like ${name} but is not valid ${name}.` };
      }
    }
    if (this.fatal === undefined) this.handle(this.scanner.end());
    if (this.fatal !== undefined) return { file, spans: [], problems: [this.fatal] };
    const pre = partial === undefined ? [] : [partial];
    const jsonErrors = (problems: InputProblem[]): InputProblem[] => {
      for (const e of this.errors) {
        problems.push({ code: 'input.not-json', file, where: `line ${e.line}, column ${e.column}`, message: `Part of ${file} is not JSON: ${e.message}. The rest was read.` });
      }
      if (this.moreErrors > 0) problems.push({ code: 'input.not-json', file, message: `${this.moreErrors} more lines of ${file} are not JSON; the rest was read.` });
      return problems;
    };
    if (this.values.count === 0) {
      // A file none of whose values was read because they were too long says so (tooLong).
      if (this.ctx.problems.length > 0) return { file, spans: [], problems: jsonErrors([...pre, ...this.ctx.problems]) };
      if (!this.nonSpace && this.errors.length === 0) return { file, spans: [], problems: pre.length > 0 ? pre : [{ code: 'input.empty', file, message: `${file} is empty.` }] };
      return { file, spans: [], problems: [...pre, notJson(file, new Decoder('utf-8').decode(this.first), { errors: this.errors })] };
    }
    const format = this.values.finish();
    const problems = jsonErrors([...pre, ...this.ctx.problems]);
    const share = this.values.share === undefined ? {} : { share: this.values.share };
    if (this.rows !== undefined && format !== undefined && this.rows.count > 0) return rowsResult(file, format, this.rows, problems);
    return format === undefined ? { file, spans: this.ctx.spans, problems, ...share } : { file, format, spans: this.ctx.spans, problems, ...share };
  }
}
