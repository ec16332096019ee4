/**
 * An incremental scanner over UTF-8 JSON bytes, fed in chunks of any size: it finds where each
 * top-level value ends (JSON Lines, pretty-printed documents back to back, one document) and, in
 * a top-level object grown past `splitAbove` bytes, the elements of its `resourceSpans` /
 * `resource_spans` / `batches` arrays one by one, so that a single huge OTLP or Tempo document
 * never has to be one string. It only finds boundaries: strings (with `\"`, `\\`, `\u…`) and
 * bracket depth are tracked across chunk edges; `JSON.parse` of each slice checks the rest.
 *
 * Slices are cut only at ASCII structural bytes, so a multi-byte UTF-8 character is never split.
 * Memory: the bytes of the value being scanned, or, once a value is split, of the element being
 * scanned (plus the document's other keys), never the whole file.
 *
 * A raw line break inside a string (never valid JSON) ends the broken value at that line, and in
 * a file of JSON lines a line that starts with `{` or `[` while a value is still open starts the
 * next value: a line cut short loses only itself. Pure: no Node built-ins.
 */

/** A complete top-level value (or the part of a broken one up to where it broke). */
export interface ScanValue {
  readonly type: 'value';
  readonly bytes: Uint8Array;
  /** Byte offset of its first byte in the scanned stream. */
  readonly offset: number;
  /** 1-based line and column (in bytes) of its first byte. */
  readonly line: number;
  readonly column: number;
}

/** A top-level object that is read in parts: `shell` parts, `element`s, then `split-end`. */
export interface ScanSplitStart {
  readonly type: 'split-start';
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** Bytes of the split object other than its streamed elements: their concatenation is the object with those arrays empty. */
export interface ScanShell {
  readonly type: 'shell';
  readonly bytes: Uint8Array;
}

/** One element of a streamed array of the split object. */
export interface ScanElement {
  readonly type: 'element';
  /** The array's key as written (`resourceSpans`, `resource_spans` or `batches`). */
  readonly key: StreamedKey;
  /** Its index in that array (counted per array, as JSON paths count). */
  readonly index: number;
  readonly bytes: Uint8Array;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** Where the scanner saw the split object break (a comma missing or doubled between elements, the file ending inside it). */
export interface ScanBreak {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface ScanSplitEnd {
  readonly type: 'split-end';
  /** Set when the split object is not well-formed JSON at the level the scanner sees. */
  readonly broken?: ScanBreak;
}

export type ScanEvent = ScanValue | ScanSplitStart | ScanShell | ScanElement | ScanSplitEnd;

export type StreamedKey = 'resourceSpans' | 'resource_spans' | 'batches';
export const STREAMED_KEYS: readonly StreamedKey[] = ['resourceSpans', 'resource_spans', 'batches'];

export interface ChunkScannerOptions {
  /**
   * A top-level object is split into its elements once it holds more than this many bytes
   * (checked at the end of each element of a streamed array). Default 8 MiB; 0 splits every one.
   */
  readonly splitAbove?: number;
}

const DEFAULT_SPLIT_ABOVE = 8 * 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;

const KEY_BYTES: readonly (readonly [StreamedKey, Uint8Array])[] = STREAMED_KEYS.map((k) => [k, asciiBytes(`"${k}"`)] as const);

function asciiBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function isSpace(b: number): boolean {
  return b === SPACE || b === LF || b === CR || b === TAB;
}

/** The kind of top-level value being scanned. */
const enum Top {
  None,
  Container,
  String,
  Word,
}

/**
 * @example
 * const s = new ChunkScanner();
 * const events = [...s.push(bytes.subarray(0, 10)), ...s.push(bytes.subarray(10)), ...s.end()];
 */
export class ChunkScanner {
  private readonly splitAbove: number;
  /** Unconsumed bytes; `buf[0]` is stream offset `base`. */
  private buf = new Uint8Array(0);
  private len = 0;
  private base = 0;
  /** Next byte to scan (buffer index). */
  private pos = 0;
  private line = 1;
  /** Stream offset of the current line's first byte. */
  private lineStart = 0;

  private top = Top.None;
  private depth = 0;
  private inString = false;
  private escape = false;
  /** Current value's start (buffer index), line, column, and whether it started a line. */
  private start = 0;
  private startLine = 1;
  private startColumn = 1;
  /** The current value is an object (its arrays may be streamed). */
  private topObject = false;
  /** A line break (outside strings) was met inside the current value. */
  private multiline = false;
  /** The last value ended on the line it started on, which was its own (JSON Lines so far). */
  private lastWasLine = false;
  /** A line break outside strings inside the current value, in JSON Lines: the next byte may start a value. */
  private pendingBreak = -1;

  // The top-level object's keys and streamed arrays (depth 1 and 2).
  /** Buffer index where the last string at depth 1 started, and where it ended. */
  private keyStart = 0;
  private keyEnd = 0;
  private hasKey = false;
  /** The key whose value comes next (after its `:`), when it is a streamed one. */
  private pendingKey: StreamedKey | undefined;
  /** Inside a streamed array (at depth 2): its key, the element count, where the current element started. */
  private arrayKey: StreamedKey | undefined;
  private arrayOpen = -1;
  private index = 0;
  private elemStart = -1;
  private elemLine = 0;
  private elemColumn = 0;
  private elemIsWord = false;
  /** A comma was seen since the last element (or the array opened). */
  private sawComma = false;
  /** Elements of the current array ended before the object was split: [start, end, line, column] each. */
  private elems: number[] = [];
  private elemsFrom = 0;

  /** Split mode: where the next shell part starts; the first break met. */
  private split = false;
  private shellFrom = 0;
  private broken: ScanBreak | undefined;

  private out: ScanEvent[] = [];

  constructor(options: ChunkScannerOptions = {}) {
    this.splitAbove = options.splitAbove ?? DEFAULT_SPLIT_ABOVE;
  }

  /** Scans one more chunk; returns the values (and parts) it completed. */
  push(chunk: Uint8Array): ScanEvent[] {
    this.append(chunk);
    this.scan();
    return this.flush();
  }

  /** The stream ended: what was still open is given as it is (broken, for `JSON.parse` to say so). */
  end(): ScanEvent[] {
    if (this.top === Top.Word) this.endValue(this.len);
    else if (this.top !== Top.None) {
      if (this.split) {
        this.markBroken(this.len, 'Unexpected end of JSON input');
        this.endSplit(this.len);
      } else this.endValue(this.len);
    }
    return this.flush();
  }

  private flush(): ScanEvent[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Appends a chunk, first dropping the consumed bytes before what must be kept. */
  private append(chunk: Uint8Array): void {
    const keep = this.keepFrom();
    if (keep > 0) {
      this.buf.copyWithin(0, keep, this.len);
      this.len -= keep;
      this.base += keep;
      this.shift(keep);
    }
    if (this.len + chunk.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.len + chunk.length, this.buf.length * 2, 64 * 1024));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
  }

  /** The first buffer index still needed. */
  private keepFrom(): number {
    if (this.top === Top.None) return this.pos;
    if (!this.split) return this.start;
    let keep = this.shellFrom;
    if (this.elemStart >= 0) keep = Math.min(keep, this.elemStart);
    return Math.min(keep, this.pos);
  }

  /** Moves every buffer index back by `n` (after dropping `n` bytes). */
  private shift(n: number): void {
    this.pos -= n;
    this.start -= n;
    this.keyStart -= n;
    this.keyEnd -= n;
    this.arrayOpen -= n;
    if (this.elemStart >= 0) this.elemStart -= n;
    if (this.pendingBreak >= 0) this.pendingBreak -= n;
    this.stringStart -= n;
    this.lastElemEnd -= n;
    this.shellFrom -= n;
    for (let i = this.elemsFrom; i < this.elems.length; i += 4) {
      this.elems[i] = this.elems[i]! - n;
      this.elems[i + 1] = this.elems[i + 1]! - n;
    }
  }

  private scan(): void {
    const buf = this.buf;
    const len = this.len;
    let i = this.pos;
    while (i < len) {
      const b = buf[i]!;
      if (this.top === Top.None) {
        if (b === LF) this.newLine(i);
        else if (!isSpace(b)) {
          const next = this.lastWasLine && (b === OPEN_OBJ || b === OPEN_ARR) ? this.wholeLine(i) : -1;
          if (next >= 0) {
            i = next;
            continue;
          }
          this.startValue(i, b);
        }
        i++;
        continue;
      }
      if (this.inString) {
        // Fast path: most bytes of a trace file are inside strings and are none of these.
        if (b !== QUOTE && b !== BACKSLASH && b !== LF && !this.escape) {
          i++;
          while (i < len) {
            const c = buf[i]!;
            if (c === QUOTE || c === BACKSLASH || c === LF) break;
            i++;
          }
          continue;
        }
        if (this.escape) this.escape = false;
        else if (b === BACKSLASH) this.escape = true;
        else if (b === QUOTE) {
          this.inString = false;
          this.stringEnded(i);
        } else if (b === LF) {
          // A raw line break is never inside a JSON string: the value broke on this line.
          if (!this.split) {
            this.endValue(i);
            this.newLine(i);
            i++;
            continue;
          }
          this.newLine(i);
        }
        i++;
        continue;
      }
      if (this.pendingBreak >= 0) {
        const at = this.pendingBreak;
        this.pendingBreak = -1;
        if (b === OPEN_OBJ || b === OPEN_ARR) {
          // JSON Lines: the open value was a line cut short; this line is the next value.
          this.endValue(at);
          this.startValue(i, b);
          i++;
          continue;
        }
      }
      if (this.top === Top.Word) {
        if (isSpace(b) || b === OPEN_OBJ || b === OPEN_ARR || b === QUOTE) {
          this.endValue(i);
          continue; // this byte is scanned again, between values
        }
        i++;
        continue;
      }
      // Inside a container, outside strings; deep inside (an element, a span) only strings,
      // brackets and line breaks matter.
      if (this.depth > 2 && b !== QUOTE && b !== LF && b !== OPEN_OBJ && b !== CLOSE_OBJ && b !== OPEN_ARR && b !== CLOSE_ARR) {
        i++;
        continue;
      }
      this.structural(i, b);
      i++;
    }
    this.pos = i;
  }

  /**
   * JSON Lines fast path: in a file whose values so far were whole lines, a line that starts with
   * `{` or `[` and ends with `}` or `]` is taken as one value without scanning its bytes (one
   * native search for the line break instead of a JavaScript loop over every byte: the scan was an
   * eighth of the CLI's time on a collector file). What the line holds is still JSON.parse's to
   * judge, and the stream reader reads a line holding several values as it reads any text.
   * @returns the index after the line's break, or -1 to scan the line byte by byte.
   */
  private wholeLine(i: number): number {
    if (this.base + i !== this.lineStart) return -1;
    const buf = this.buf;
    const found = buf.subarray(i, Math.min(this.len, i + this.splitAbove + 1)).indexOf(LF);
    if (found < 0) return -1;
    const lf = i + found;
    let end = lf;
    while (end > i && isSpace(buf[end - 1]!)) end--;
    const last = buf[end - 1];
    if (last !== CLOSE_OBJ && last !== CLOSE_ARR) return -1;
    this.out.push({ type: 'value', bytes: buf.slice(i, end), offset: this.base + i, line: this.line, column: 1 });
    this.reset(end);
    this.newLine(lf);
    return lf + 1;
  }

  private newLine(i: number): void {
    this.line++;
    this.lineStart = this.base + i + 1;
  }

  private startValue(i: number, b: number): void {
    this.start = i;
    this.startLine = this.line;
    this.startColumn = this.base + i - this.lineStart + 1;
    this.multiline = false;
    this.depth = 0;
    this.hasKey = false;
    this.pendingKey = undefined;
    this.arrayKey = undefined;
    this.elemStart = -1;
    this.elems = [];
    this.elemsFrom = 0;
    this.split = false;
    this.broken = undefined;
    this.topObject = b === OPEN_OBJ;
    if (b === OPEN_OBJ || b === OPEN_ARR) {
      this.top = Top.Container;
      this.depth = 1;
    } else if (b === QUOTE) {
      this.top = Top.String;
      this.inString = true;
    } else this.top = Top.Word;
  }

  private endValue(end: number): void {
    this.out.push({ type: 'value', bytes: this.buf.slice(this.start, end), offset: this.base + this.start, line: this.startLine, column: this.startColumn });
    this.lastWasLine = !this.multiline && this.startColumn === 1;
    this.reset(end);
  }

  private reset(end: number): void {
    this.top = Top.None;
    this.inString = false;
    this.escape = false;
    this.pendingBreak = -1;
    this.elems = [];
    this.split = false;
    this.arrayKey = undefined;
    this.elemStart = -1;
    this.start = end;
    this.shellFrom = end;
  }

  private stringEnded(i: number): void {
    if (this.top === Top.String) {
      this.endValue(i + 1);
      return;
    }
    if (this.depth === 1) {
      this.keyStart = this.stringStart;
      this.keyEnd = i + 1;
      this.hasKey = true;
    } else if (this.depth === 2 && this.arrayKey !== undefined && this.elemStart === this.stringStart) this.elementEnded(i + 1);
  }

  /** Buffer index of the last string's opening quote. */
  private stringStart = -1;

  private structural(i: number, b: number): void {
    const d = this.depth;
    if (b === LF) {
      this.multiline = true;
      this.newLine(i);
      if (this.lastWasLine && this.startColumn === 1 && !this.split) this.pendingBreak = i;
    }
    if (d === 2 && this.arrayKey !== undefined) {
      this.inStreamedArray(i, b);
      return;
    }
    if (b === QUOTE) {
      this.inString = true;
      this.stringStart = i;
      return;
    }
    if (d === 1) {
      if (b === COLON) {
        this.pendingKey = this.hasKey ? this.streamedKey(this.keyStart, this.keyEnd) : undefined;
        this.hasKey = false;
        return;
      }
      if (b === OPEN_ARR && this.pendingKey !== undefined && this.topObject) {
        this.arrayKey = this.pendingKey;
        this.pendingKey = undefined;
        this.arrayOpen = i;
        this.lastElemEnd = i + 1;
        this.index = 0;
        this.sawComma = false;
        this.elems = [];
        this.elemsFrom = 0;
        this.depth = 2;
        if (this.split) this.shell(i + 1);
        return;
      }
      if (!isSpace(b)) this.pendingKey = undefined;
    }
    if (b === OPEN_OBJ || b === OPEN_ARR) this.depth = d + 1;
    else if (b === CLOSE_OBJ || b === CLOSE_ARR) {
      this.depth = d - 1;
      if (this.depth === 0) {
        if (this.split) this.endSplit(i + 1);
        else this.endValue(i + 1);
      } else if (this.depth === 2 && this.arrayKey !== undefined && this.elemStart >= 0) this.elementEnded(i + 1);
    }
  }

  /** A byte directly inside a streamed array (depth 2, outside strings). */
  private inStreamedArray(i: number, b: number): void {
    if (this.elemStart >= 0 && this.elemIsWord) {
      if (isSpace(b) || b === COMMA || b === CLOSE_ARR) this.elementEnded(i);
      else return;
    }
    if (isSpace(b)) return;
    if (b === COMMA) {
      if (this.sawComma || this.index === 0) this.markBroken(i, "Unexpected token ','");
      this.sawComma = true;
      return;
    }
    if (b === CLOSE_ARR) {
      if (this.sawComma) this.markBroken(i, "Unexpected token ']'");
      if (this.split) this.shellFrom = this.lastElemEnd;
      this.arrayKey = undefined;
      this.elems = [];
      this.elemsFrom = 0;
      this.depth = 1;
      return;
    }
    // An element starts.
    if (this.index > 0 && !this.sawComma) this.markBroken(i, "Expected ',' or ']' after array element");
    this.sawComma = false;
    this.elemStart = i;
    this.elemLine = this.line;
    this.elemColumn = this.base + i - this.lineStart + 1;
    this.elemIsWord = false;
    if (b === QUOTE) {
      this.inString = true;
      this.stringStart = i;
    } else if (b === OPEN_OBJ || b === OPEN_ARR) this.depth = 3;
    else this.elemIsWord = true;
  }

  private lastElemEnd = 0;

  private elementEnded(end: number): void {
    const start = this.elemStart;
    this.elemStart = -1;
    this.lastElemEnd = end;
    const key = this.arrayKey!;
    if (this.split) {
      this.element(key, this.index, start, end, this.elemLine, this.elemColumn);
    } else {
      this.elems.push(start, end, this.elemLine, this.elemColumn);
      if (end - this.start > this.splitAbove) this.startSplit(key);
    }
    this.index++;
  }

  /** The object outgrew `splitAbove`: give its start and the elements so far, then go on in parts. */
  private startSplit(key: StreamedKey): void {
    this.split = true;
    this.pendingBreak = -1;
    this.out.push({ type: 'split-start', offset: this.base + this.start, line: this.startLine, column: this.startColumn });
    this.shellFrom = this.start;
    this.shell(this.arrayOpen + 1);
    const elems = this.elems;
    const first = this.index + 1 - elems.length / 4;
    for (let k = 0; k < elems.length; k += 4) this.element(key, first + k / 4, elems[k]!, elems[k + 1]!, elems[k + 2]!, elems[k + 3]!);
    this.elems = [];
    this.elemsFrom = 0;
    this.shellFrom = this.lastElemEnd;
  }

  private shell(end: number): void {
    if (end > this.shellFrom) this.out.push({ type: 'shell', bytes: this.buf.slice(this.shellFrom, end) });
    this.shellFrom = end;
  }

  private element(key: StreamedKey, index: number, start: number, end: number, line: number, column: number): void {
    this.out.push({ type: 'element', key, index, bytes: this.buf.slice(start, end), offset: this.base + start, line, column });
    this.shellFrom = end;
  }

  private endSplit(end: number): void {
    this.shell(end);
    this.out.push(this.broken === undefined ? { type: 'split-end' } : { type: 'split-end', broken: this.broken });
    this.lastWasLine = false;
    this.reset(end);
  }

  private markBroken(i: number, message: string): void {
    if (this.broken !== undefined) return;
    this.broken = { offset: this.base + i, line: this.line, column: this.base + i - this.lineStart + 1, message };
  }

  private streamedKey(from: number, to: number): StreamedKey | undefined {
    const n = to - from;
    for (const [key, bytes] of KEY_BYTES) {
      if (bytes.length !== n) continue;
      let same = true;
      for (let k = 0; k < n; k++) {
        if (this.buf[from + k] !== bytes[k]) {
          same = false;
          break;
        }
      }
      if (same) return key;
    }
    return undefined;
  }
}
