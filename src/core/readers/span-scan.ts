/**
 * One OTLP span's text read for its columns without `JSON.parse` (the walk of otlp-text.ts).
 *
 * Why: `JSON.parse` of a span builds its whole tree (attributes, events, their value objects) only
 * for the walk to read ten members of it and throw the rest away. Here one pass over the text
 * checks it is JSON and notes where the members the columns need are; only those values are made
 * (a slice for a plain string, `JSON.parse` of the value for the rest: status, links). On the
 * 100k-span benchmark file the scan took 95-120 ms where finding each span's end and parsing it
 * took about 175.
 *
 * It takes a strict part of JSON and leaves the rest to `JSON.parse` (it returns NOT_SCANNED):
 * keys with escapes, nesting deeper than MAX_SCAN_DEPTH, and anything that is not JSON. So what it
 * takes is JSON, and each value it gives is the one `JSON.parse` of the span would hold (the last
 * of a repeated key, a string's escapes decoded, a number as `Number` reads it: the same double),
 * with two stand-ins for what only a row is made from (`SpanMembers.value`): attributes without a
 * `messaging.` key are an empty list, and an empty status is one shared frozen object.
 *
 * The scan goes front to back through one text: it keeps where the next backslash and control
 * characters are (`SpanScanner`), and starts that search again if asked for a span behind it.
 */

/** What `SpanScanner.span` returns for a text it does not take: the caller parses it. */
export const NOT_SCANNED = -1;

/**
 * Past this many open arrays and objects inside a member's value the scan gives up (one bit per
 * level tells object from array): `JSON.parse` reads the span, and readSpan cuts what nests past
 * MAX_VALUE_DEPTH (64; so a span the scan takes has nothing to cut).
 */
export const MAX_SCAN_DEPTH = 30;

/** The members a span's columns are made from: each one's index in `SpanMembers`. */
export const TRACE_ID = 0;
export const SPAN_ID = 1;
export const PARENT_SPAN_ID = 2;
export const NAME = 3;
export const KIND = 4;
export const START_TIME = 5;
export const STATUS = 6;
export const LINKS = 7;
export const DROPPED_LINKS = 8;
export const ATTRIBUTES = 9;
const TRACE_ID_SNAKE = 10;
const SPAN_ID_SNAKE = 11;
export const PARENT_SPAN_ID_SNAKE = 12;
export const START_TIME_SNAKE = 13;
export const DROPPED_LINKS_SNAKE = 14;
/** Each member's key, by its index. */
const KEYS = ['traceId', 'spanId', 'parentSpanId', 'name', 'kind', 'startTimeUnixNano', 'status', 'links', 'droppedLinksCount', 'attributes', 'trace_id', 'span_id', 'parent_span_id', 'start_time_unix_nano', 'dropped_links_count'];
const MEMBERS = KEYS.length;

// Character codes, local as in otlp-text.ts and chunk-scanner.ts: imported, each read in a hot loop
// is a property read under Vitest's module transform (the chunk scanner's test ran 4x as long).
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;

/**
 * Where the members a span's columns are made from lie in the text (the last of a repeated key,
 * as `JSON.parse` keeps), and whether each is a plain string (no escape: its characters are its
 * value). The others were checked and skipped. One object serves every span of a scan.
 */
export class SpanMembers {
  /** Where each member's value starts, -1 when the span has none. */
  readonly starts = new Int32Array(MEMBERS);
  readonly ends = new Int32Array(MEMBERS);
  /** 1 for a plain string. */
  readonly plain = new Uint8Array(MEMBERS);
  /** The attributes may hold a `messaging.` key (a string starting so, or an escape that could spell one). */
  messaging = false;

  constructor(readonly text: string) {}

  clear(): void {
    this.starts.fill(-1);
    this.messaging = false;
  }

  /** Whether the span has member `m`. */
  has(m: number): boolean {
    return this.starts[m]! >= 0;
  }

  /** Whether the span has member `m` and it is a plain string. */
  isPlain(m: number): boolean {
    return this.starts[m]! >= 0 && this.plain[m] === 1;
  }

  /**
   * Member `m`'s value as `JSON.parse` of the span holds it (undefined when absent), but for what
   * a row does not read: attributes that hold no `messaging.` key are an empty list, an empty
   * status is one shared frozen object. So it serves the row path only, never a whole span.
   */
  value(m: number): unknown {
    const start = this.starts[m]!;
    if (start < 0) return undefined;
    const t = this.text;
    const end = this.ends[m]!;
    // Not read (`messaging`): as absent, which is all a row reads of attributes without such a key.
    if (m === ATTRIBUTES && !this.messaging) return undefined;
    if (this.plain[m] === 1) return t.slice(start + 1, end - 1);
    if (m === STATUS && end - start === 2 && t.charCodeAt(start) === OPEN_OBJECT) return NO_STATUS;
    const c = t.charCodeAt(start);
    if (c === MINUS || (c >= 0x30 && c <= 0x39)) return Number(t.slice(start, end));
    return JSON.parse(t.slice(start, end));
  }

  /**
   * The span as an object of its members, for `readSpan` to note as a row (`value`'s stand-ins
   * included). Written out, not built from KEYS: every span of a file whose ids are not canonical
   * hex (Tempo's base64) comes here.
   */
  values(): Record<string, unknown> {
    return {
      traceId: this.value(TRACE_ID),
      trace_id: this.value(TRACE_ID_SNAKE),
      spanId: this.value(SPAN_ID),
      span_id: this.value(SPAN_ID_SNAKE),
      parentSpanId: this.value(PARENT_SPAN_ID),
      parent_span_id: this.value(PARENT_SPAN_ID_SNAKE),
      name: this.value(NAME),
      kind: this.value(KIND),
      startTimeUnixNano: this.value(START_TIME),
      start_time_unix_nano: this.value(START_TIME_SNAKE),
      status: this.value(STATUS),
      links: this.value(LINKS),
      droppedLinksCount: this.value(DROPPED_LINKS),
      dropped_links_count: this.value(DROPPED_LINKS_SNAKE),
      attributes: this.value(ATTRIBUTES),
    };
  }
}

/** What a string cannot hold as it is: a backslash starts an escape; the rest are control characters (the last: any other, by `control`). */
const SPECIALS = ['\\', '\n', '\r', '\t', 'any other control character'] as const;

/** Shared by the empty statuses: a row reads only their code. */
const NO_STATUS: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Scans spans of one text, front to back. Where the next backslash and control character are is
 * found once and kept (the scan only goes forward, so each is searched for once per occurrence):
 * a string is then one `indexOf` of its closing quote when neither lies before it, instead of a
 * loop over its characters.
 */
export class SpanScanner {
  /** The last value `valueEnd` passed (or key `stringEnd` passed) holds an escape. */
  private escaped = false;
  /** While the attributes are scanned: note a string that starts with `messaging.` (`messaging`). */
  private watch = false;
  private messaging = false;
  /** Where the next of each of SPECIALS is (-1: not searched yet), and the first of them. */
  private readonly specialAt = new Float64Array(SPECIALS.length).fill(-1);
  private plainUntil = -1;
  /** The furthest place the special characters were searched from (`specialAt` holds past it). */
  private searched = 0;
  /** The control characters JSON allows nowhere (white space aside, which it allows outside strings). */
  // eslint-disable-next-line no-control-regex
  private readonly control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

  constructor(private readonly t: string) {
    this.members = new SpanMembers(t);
  }

  /** What `span` notes of each span (one object for them all, over this scanner's text). */
  readonly members: SpanMembers;

  /**
   * Notes the members of the span object that opens at `i` in `members` and returns where it ends
   * (just past its `}`), or NOT_SCANNED when the text there is not of the part of JSON this takes.
   * @example const scanner = new SpanScanner(text); scanner.span(0); // scanner.members.has(TRACE_ID)
   */
  span(i: number): number {
    const t = this.t;
    const into = this.members;
    into.clear();
    // Behind where the special characters were last searched from (a span before, or inside,
    // one scanned): what was kept may skip some, so the search starts again.
    if (i < this.searched) {
      this.specialAt.fill(-1);
      this.plainUntil = -1;
      this.searched = 0;
    }
    if (t.charCodeAt(i) !== OPEN_OBJECT) return NOT_SCANNED;
    i = spaceEnd(t, i + 1);
    if (t.charCodeAt(i) === CLOSE_OBJECT) return i + 1;
    for (;;) {
      if (t.charCodeAt(i) !== QUOTE) return NOT_SCANNED;
      const keyStart = i + 1;
      this.escaped = false;
      i = this.stringEnd(i);
      if (i < 0 || this.escaped) return NOT_SCANNED;
      const keyEnd = i - 1;
      i = spaceEnd(t, i);
      if (t.charCodeAt(i) !== COLON) return NOT_SCANNED;
      const start = spaceEnd(t, i + 1);
      const m = memberOf(t, keyStart, keyEnd - keyStart);
      this.messaging = false;
      this.watch = m === ATTRIBUTES;
      const end = this.valueEnd(start);
      this.watch = false;
      if (end < 0) return NOT_SCANNED;
      if (m >= 0) {
        into.starts[m] = start;
        into.ends[m] = end;
        into.plain[m] = !this.escaped && t.charCodeAt(start) === QUOTE ? 1 : 0;
        // The attributes are read for a `messaging.` key only: a string that starts so, or an escape that could spell one, sends them to JSON.parse.
        if (m === ATTRIBUTES) into.messaging = this.escaped || this.messaging;
      }
      i = spaceEnd(t, end);
      const c = t.charCodeAt(i);
      if (c === CLOSE_OBJECT) return i + 1;
      if (c !== COMMA) return NOT_SCANNED;
      i = spaceEnd(t, i + 1);
    }
  }

  /**
   * Just past the JSON value that starts at `i`, or NOT_SCANNED when it is not JSON (or nests
   * deeper than MAX_SCAN_DEPTH). Iterative: one bit per open bracket says object or array. Resets
   * `escaped`, and sets it when any string inside holds an escape.
   */
  private valueEnd(i: number): number {
    const t = this.t;
    this.escaped = false;
    let depth = 0;
    let objects = 0;
    for (;;) {
      // A value at i.
      const c = t.charCodeAt(i);
      if (c === QUOTE) {
        i = this.stringEnd(i);
        if (i < 0) return NOT_SCANNED;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        const object = c === OPEN_OBJECT;
        i = spaceEnd(t, i + 1);
        if (t.charCodeAt(i) === (object ? CLOSE_OBJECT : CLOSE_ARRAY)) i++;
        else {
          if (++depth > MAX_SCAN_DEPTH) return NOT_SCANNED;
          objects = object ? objects | (1 << depth) : objects & ~(1 << depth);
          if (object && (i = this.memberValue(i)) < 0) return NOT_SCANNED;
          continue;
        }
      } else if (c === MINUS || (c >= 0x30 && c <= 0x39)) {
        i = numberEnd(t, i);
        if (i < 0) return NOT_SCANNED;
      } else if (c === 0x74) {
        if (!isWord(t, i, 'true')) return NOT_SCANNED;
        i += 4;
      } else if (c === 0x66) {
        if (!isWord(t, i, 'false')) return NOT_SCANNED;
        i += 5;
      } else if (c === 0x6e) {
        if (!isWord(t, i, 'null')) return NOT_SCANNED;
        i += 4;
      } else return NOT_SCANNED;
      // After a value: close what it ended, or go on to the next element or member.
      for (;;) {
        if (depth === 0) return i;
        i = spaceEnd(t, i);
        const d = t.charCodeAt(i);
        const object = (objects & (1 << depth)) !== 0;
        if (d === COMMA) {
          i = spaceEnd(t, i + 1);
          if (object && (i = this.memberValue(i)) < 0) return NOT_SCANNED;
          break;
        }
        if (d !== (object ? CLOSE_OBJECT : CLOSE_ARRAY)) return NOT_SCANNED;
        i++;
        depth--;
      }
    }
  }

  /** Past a member's key and colon (at its value), or NOT_SCANNED. */
  private memberValue(i: number): number {
    const t = this.t;
    if (t.charCodeAt(i) !== QUOTE) return NOT_SCANNED;
    i = this.stringEnd(i);
    if (i < 0) return NOT_SCANNED;
    i = spaceEnd(t, i);
    if (t.charCodeAt(i) !== COLON) return NOT_SCANNED;
    return spaceEnd(t, i + 1);
  }

  /**
   * Just past the JSON string that opens at `i`, or NOT_SCANNED (a control character, a bad
   * escape, no end). Sets `escaped` when it passes an escape.
   */
  private stringEnd(i: number): number {
    const t = this.t;
    const q = t.indexOf('"', i + 1);
    if (q < 0) return NOT_SCANNED;
    if (this.watch && t.charCodeAt(i + 1) === 0x6d && isWord(t, i + 1, 'messaging.')) this.messaging = true;
    // Nothing but plain characters before the quote: it closes the string.
    if (q < this.plainUntil) return q + 1;
    return this.specialStringEnd(i, q);
  }

  /** `stringEnd` of the string at `i` whose first quote is `q`, when a special character may lie before `q`. */
  private specialStringEnd(i: number, q: number): number {
    const t = this.t;
    const special = this.nextSpecial(i + 1);
    if (q < special) return q + 1;
    return t.charCodeAt(special) === BACKSLASH ? this.escapedStringEnd(special) : NOT_SCANNED;
  }

  /**
   * The first backslash or control character at or after `from` (the text's length when none),
   * kept as `plainUntil`. Each kind is searched for apart, from where the last one found of it
   * was passed: a pretty-printed text searches for its next newline once per line.
   */
  private nextSpecial(from: number): number {
    const t = this.t;
    if (from > this.searched) this.searched = from;
    const at = this.specialAt;
    for (let k = 0; k < SPECIALS.length; k++) {
      if (at[k]! >= from) continue;
      let found: number;
      if (k < SPECIALS.length - 1) found = t.indexOf(SPECIALS[k]!, from);
      else {
        this.control.lastIndex = from;
        found = this.control.exec(t)?.index ?? -1;
      }
      at[k] = found < 0 ? t.length : found;
    }
    let first = t.length;
    for (let k = 0; k < SPECIALS.length; k++) if (at[k]! < first) first = at[k]!;
    this.plainUntil = first;
    return first;
  }

  /** Just past the string whose first escape is at `i`, or NOT_SCANNED. */
  private escapedStringEnd(i: number): number {
    const t = this.t;
    this.escaped = true;
    for (; ; i++) {
      const c = t.charCodeAt(i);
      if (c === QUOTE) return i + 1;
      // NaN past the end fails both tests below.
      if (c >= 0x20 && c !== BACKSLASH) continue;
      if (c !== BACKSLASH) return NOT_SCANNED;
      const e = t.charCodeAt(++i);
      if (e === 0x75) {
        // \uXXXX
        for (let k = 0; k < 4; k++) if (!isHexDigit(t.charCodeAt(++i))) return NOT_SCANNED;
      } else if (!(e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74)) return NOT_SCANNED;
    }
  }
}

/** Which member the key of `length` at `t[at]` names, -1 for one the columns do not need. */
function memberOf(t: string, at: number, length: number): number {
  switch (t.charCodeAt(at)) {
    case 0x74: // t
      return isKey(t, at, length, TRACE_ID) ? TRACE_ID : isKey(t, at, length, TRACE_ID_SNAKE) ? TRACE_ID_SNAKE : -1;
    case 0x73: // s
      if (isKey(t, at, length, SPAN_ID)) return SPAN_ID;
      if (isKey(t, at, length, START_TIME)) return START_TIME;
      if (isKey(t, at, length, STATUS)) return STATUS;
      if (isKey(t, at, length, SPAN_ID_SNAKE)) return SPAN_ID_SNAKE;
      return isKey(t, at, length, START_TIME_SNAKE) ? START_TIME_SNAKE : -1;
    case 0x70: // p
      return isKey(t, at, length, PARENT_SPAN_ID) ? PARENT_SPAN_ID : isKey(t, at, length, PARENT_SPAN_ID_SNAKE) ? PARENT_SPAN_ID_SNAKE : -1;
    case 0x6e: // n
      return isKey(t, at, length, NAME) ? NAME : -1;
    case 0x6b: // k
      return isKey(t, at, length, KIND) ? KIND : -1;
    case 0x6c: // l
      return isKey(t, at, length, LINKS) ? LINKS : -1;
    case 0x64: // d
      return isKey(t, at, length, DROPPED_LINKS) ? DROPPED_LINKS : isKey(t, at, length, DROPPED_LINKS_SNAKE) ? DROPPED_LINKS_SNAKE : -1;
    case 0x61: // a
      return isKey(t, at, length, ATTRIBUTES) ? ATTRIBUTES : -1;
    default:
      return -1;
  }
}

/** Each member's key as character codes, which compare faster than a string's characters. */
const KEY_CODES = KEYS.map((key) => Uint16Array.from(key, (c) => c.charCodeAt(0)));

/** Whether the key of `length` at `t[at]`, whose first character `memberOf` matched, is member `m`'s. */
function isKey(t: string, at: number, length: number, m: number): boolean {
  const codes = KEY_CODES[m]!;
  if (length !== codes.length) return false;
  for (let k = 1; k < length; k++) if (t.charCodeAt(at + k) !== codes[k]) return false;
  return true;
}

/** Whether `word` is written at `t[at]`. */
function isWord(t: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (t.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
  return true;
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Just past the JSON number at `t[i]` (`-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`), or NOT_SCANNED. */
function numberEnd(t: string, i: number): number {
  if (t.charCodeAt(i) === MINUS) i++;
  const first = t.charCodeAt(i);
  if (first === 0x30) i++;
  else if (first > 0x30 && first <= 0x39) while (isDigit(t.charCodeAt(++i)));
  else return NOT_SCANNED;
  if (t.charCodeAt(i) === 0x2e) {
    if (!isDigit(t.charCodeAt(++i))) return NOT_SCANNED;
    while (isDigit(t.charCodeAt(++i)));
  }
  const e = t.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    const s = t.charCodeAt(++i);
    if (s === 0x2b || s === MINUS) i++;
    if (!isDigit(t.charCodeAt(i))) return NOT_SCANNED;
    while (isDigit(t.charCodeAt(++i)));
  }
  return i;
}

/** The first index at or after `i` that is not JSON white space (the walk's too). */
export function spaceEnd(t: string, i: number): number {
  for (;;) {
    const c = t.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}
