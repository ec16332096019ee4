/**
 * The fast path for the commonest input, one OTLP JSON (or Tempo) document: the text is walked
 * down to its spans; each resource and scope is given to `JSON.parse` alone, and each span is
 * scanned (span-scan.ts) for the members its columns need, then noted as a row (scanned-span.ts)
 * with what the tree reader's `readSpan` would note. A span the scan does not take is given to
 * `JSON.parse` and that `readSpan`.
 *
 * Why: `JSON.parse` of a whole 33 MB document builds one tree of about 150 MB that stays alive
 * until the read ends, so every young-generation GC during the parse copies it (about 40% of the
 * parse), and the reader then visits it from memory, not from cache. Parsing each span alone
 * avoids that; scanning it avoids building its tree at all (at 100k spans the read took 10-20%
 * less than with a parse per span, and stays under one `JSON.parse` of the whole text plus half).
 *
 * Same result, same problems, same paths: only a document of the plain shape is walked (top-level
 * `resourceSpans`, `resource_spans` or `batches` as the first key; arrays of objects below it; no
 * repeated or escaped keys where it looks; `resource` before the scopes, the scope before its
 * spans). Any other shape, and any text `JSON.parse` would refuse, is given back untouched (what
 * was read is taken out of the context again): `readTraceFile` then takes the general path, which
 * also words the errors. Every character is checked: structure and keys here, values by the scan
 * or by `JSON.parse`.
 */
import type { Span } from '../model/span';
import { grown } from '../model/open-hash';
import { SpanRows } from '../model/span-rows';
import { newReadState, readResource, readSpan, RESOURCE_SPANS, SCOPE_SPANS, scopeName } from './otlp';
import type { Origin, OtlpReadInfo, ReadState } from './otlp';
import { readScannedSpan } from './scanned-span';
import { NOT_SCANNED, spaceEnd, SpanScanner } from './span-scan';
import { childPath, MAX_VALUE_DEPTH } from './tags';
import type { ReaderContext } from './types';

/** Thrown inside the walk when the text is not of the shape it reads. */
const NOT_THIS_SHAPE = { notThisShape: true } as const;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const TOP_KEYS: ReadonlySet<string> = new Set(RESOURCE_SPANS);
const SCOPE_LIST_KEYS: ReadonlySet<string> = new Set(SCOPE_SPANS);
const SCOPE_KEYS: ReadonlySet<string> = new Set(['scope', 'instrumentationLibrary', 'instrumentation_library']);

/** What the walk read: whether it looked like Tempo, and the spans, as columns. */
export interface OtlpTextRead extends OtlpReadInfo {
  readonly rows: SpanRows;
}

/**
 * Reads `text` when it is one OTLP document of the plain shape: its problems go into `ctx`, its
 * spans into columns (`rows`; each whole span is made again from its place in `text` when asked
 * for). Undefined (and `ctx` as it was) when it is not of that shape.
 * @example const read = readOtlpText('{"resourceSpans":[]}', ctx); // { tempo: false, rows }
 */
export function readOtlpText(text: string, ctx: ReaderContext): OtlpTextRead | undefined {
  const problems = ctx.problems.length;
  try {
    const state = newReadState(ctx);
    const places = new SpanPlaces(text, ctx.file);
    const rows = new SpanRows((i) => places.span(i));
    state.rows = rows;
    new Walk(text, state, places).document();
    return { tempo: state.info.tempo, rows };
  } catch (e) {
    // Not the shape, or not JSON (a SyntaxError from a slice, a RangeError from its depth).
    if (e !== NOT_THIS_SHAPE && !(e instanceof SyntaxError) && !(e instanceof RangeError)) throw e;
    ctx.problems.length = problems;
    return undefined;
  }
}

/**
 * Where each span read by the walk sits in the text, and the scope it came from, so that the
 * whole span can be read again (the same `readSpan`, with the same origin) when it is asked for.
 */
class SpanPlaces {
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private originOf = new Int32Array(1024);
  private readonly origins: Origin[] = [];
  private count = 0;
  /** The state spans are read again with; its problems were reported by the first read. */
  private rereadState: ReadState | undefined;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  /** A new scope: the origin of the spans noted after it. */
  scope(origin: Origin): void {
    this.origins.push(origin);
  }

  /** The span just read lies at `text[start, end)`, under the last scope. */
  note(start: number, end: number): void {
    const i = this.count++;
    if (i === this.starts.length) {
      this.starts = grown(this.starts);
      this.ends = grown(this.ends);
      this.originOf = grown(this.originOf);
    }
    this.starts[i] = start;
    this.ends[i] = end;
    this.originOf[i] = this.origins.length - 1;
  }

  span(i: number): Span {
    const state = (this.rereadState ??= newReadState({ file: this.file, spans: [], problems: [], ownsInput: true }));
    const raw: unknown = JSON.parse(this.text.slice(this.starts[i]!, this.ends[i]!));
    readSpan(raw, state, 'spans', i, this.origins[this.originOf[i]!]);
    state.ctx.problems.length = 0;
    return state.ctx.spans.pop()!;
  }
}

class Walk {
  private i = 0;
  /** The deepest bracket nesting of the last value `valueEnd` passed over. */
  private deepest = 0;
  /** Scans each span for its members (`scan.members`). */
  private readonly scan: SpanScanner;

  constructor(
    private readonly t: string,
    private readonly state: ReadState,
    private readonly places: SpanPlaces,
  ) {
    this.scan = new SpanScanner(t);
  }

  document(): void {
    this.skipSpace();
    this.expect(OPEN_OBJECT);
    this.skipSpace();
    const key = this.key();
    if (!TOP_KEYS.has(key)) throw NOT_THIS_SHAPE;
    if (key === 'batches') this.state.info.tempo = true;
    this.list((index) => this.resourceSpans(`${key}[${index}]`));
    // Other keys are not read, but must be JSON; another list key, or a snapshot's, changes what the document is.
    while (this.more(CLOSE_OBJECT)) {
      const other = this.key();
      if (TOP_KEYS.has(other) || other === 'tracelinks') throw NOT_THIS_SHAPE;
      this.parseValue();
    }
    this.skipSpace();
    if (this.i !== this.t.length) throw NOT_THIS_SHAPE;
  }

  /** One ResourceSpans at `path`: its resource, then its scopes. */
  private resourceSpans(path: string): void {
    if (!this.opens(OPEN_OBJECT, CLOSE_OBJECT)) return;
    let origin: { resource: Origin['resource']; service: string } | undefined;
    let scopes = false;
    do {
      const key = this.key();
      if (key === 'resource') {
        if (origin !== undefined || scopes) throw NOT_THIS_SHAPE;
        origin = readResource(this.parseValue(), this.state, path);
      } else if (SCOPE_LIST_KEYS.has(key)) {
        if (scopes) throw NOT_THIS_SHAPE;
        scopes = true;
        origin ??= readResource(undefined, this.state, path);
        const scopesPath = childPath(path, key);
        const { resource, service } = origin;
        this.list((index) => this.scopeSpans(`${scopesPath}[${index}]`, resource, service));
      } else this.parseValue();
    } while (this.more(CLOSE_OBJECT));
  }

  /** One ScopeSpans at `path`: its scope, then its spans, each parsed and read alone. */
  private scopeSpans(path: string, resource: Origin['resource'], service: string): void {
    if (!this.opens(OPEN_OBJECT, CLOSE_OBJECT)) return;
    const scope: Record<string, unknown> = {};
    let spans = false;
    do {
      const key = this.key();
      if (SCOPE_KEYS.has(key)) {
        if (spans || key in scope) throw NOT_THIS_SHAPE;
        scope[key] = this.parseValue();
      } else if (key === 'spans') {
        if (spans) throw NOT_THIS_SHAPE;
        spans = true;
        const origin: Origin = { resource, service, scope: scopeName(scope) };
        const listPath = childPath(path, 'spans');
        const state = this.state;
        const rows = state.rows!;
        const places = this.places;
        places.scope(origin);
        const members = this.scan.members;
        this.list((index) => {
          const start = this.i;
          const before = rows.count;
          const end = this.scan.span(start);
          if (end !== NOT_SCANNED) {
            // Its row from the members scanned (at most MAX_SCAN_DEPTH deep in a member: nothing to cut at MAX_VALUE_DEPTH).
            this.i = end;
            readScannedSpan(members, state, listPath, index, origin);
          } else {
            // Not the part of JSON the scan takes: parsed (a SyntaxError here ends the walk).
            const raw = this.parseValue();
            // A span whose text nests less than MAX_VALUE_DEPTH brackets has no value to cut.
            readSpan(raw, state, listPath, index, origin, this.deepest < MAX_VALUE_DEPTH);
          }
          // A value that is not a span is reported and left out: only spans have a place.
          if (rows.count > before) places.note(start, this.i);
        }, false);
      } else this.parseValue();
    } while (this.more(CLOSE_OBJECT));
  }

  /**
   * The array here: `each(index)` per element, at the element. Elements must be objects unless
   * `objects` is false (spans: `readSpan` reports any other value itself).
   */
  private list(each: (index: number) => void, objects = true): void {
    if (!this.opens(OPEN_ARRAY, CLOSE_ARRAY)) return;
    let index = 0;
    do {
      if (objects && this.t.charCodeAt(this.i) !== OPEN_OBJECT) throw NOT_THIS_SHAPE;
      each(index++);
    } while (this.more(CLOSE_ARRAY));
  }

  /**
   * Past the `open` bracket here (anything else is not this shape): true at the first member,
   * false past `close` when there is none.
   */
  private opens(open: number, close: number): boolean {
    this.expect(open);
    this.skipSpace();
    if (this.t.charCodeAt(this.i) !== close) return true;
    this.i++;
    return false;
  }

  /** After a member: true past a comma (at the next one), false past `close`. */
  private more(close: number): boolean {
    this.skipSpace();
    const c = this.t.charCodeAt(this.i++);
    if (c === COMMA) {
      this.skipSpace();
      return true;
    }
    if (c === close) return false;
    throw NOT_THIS_SHAPE;
  }

  /** A member's key and its colon; keys with escapes or control characters are not this shape. */
  private key(): string {
    const t = this.t;
    if (t.charCodeAt(this.i) !== QUOTE) throw NOT_THIS_SHAPE;
    const start = this.i + 1;
    const end = t.indexOf('"', start);
    if (end < 0) throw NOT_THIS_SHAPE;
    for (let j = start; j < end; j++) {
      const c = t.charCodeAt(j);
      if (c < 0x20 || c === BACKSLASH) throw NOT_THIS_SHAPE;
    }
    this.i = end + 1;
    this.skipSpace();
    this.expect(COLON);
    this.skipSpace();
    return t.slice(start, end);
  }

  /** The value here, parsed by `JSON.parse` (which checks it). */
  private parseValue(): unknown {
    const start = this.i;
    const end = this.valueEnd();
    this.i = end;
    return JSON.parse(this.t.slice(start, end));
  }

  /** Where the value starting here ends: strings and bracket depth respected, nothing checked. */
  private valueEnd(): number {
    const t = this.t;
    const n = t.length;
    let i = this.i;
    let depth = 0;
    let deepest = 0;
    for (;;) {
      if (i >= n) throw NOT_THIS_SHAPE;
      const c = t.charCodeAt(i);
      if (c === QUOTE) {
        i = stringEnd(t, i);
        if (depth === 0) return this.passed(i, 0);
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (++depth > deepest) deepest = depth;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (depth === 0) return this.passed(i, deepest);
        if (--depth === 0) return this.passed(i + 1, deepest);
      } else if (depth === 0 && (c === COMMA || c <= 0x20)) return this.passed(i, deepest);
      i++;
    }
  }

  /** `end`, noting how deep the value that ends there nested. */
  private passed(end: number, deepest: number): number {
    this.deepest = deepest;
    return end;
  }

  private expect(c: number): void {
    if (this.t.charCodeAt(this.i) !== c) throw NOT_THIS_SHAPE;
    this.i++;
  }

  private skipSpace(): void {
    this.i = spaceEnd(this.t, this.i);
  }
}

/** Just past the string that opens at `i` (its closing quote is the first not escaped). */
function stringEnd(t: string, i: number): number {
  for (;;) {
    const q = t.indexOf('"', i + 1);
    if (q < 0) throw NOT_THIS_SHAPE;
    let backslashes = 0;
    while (t.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) return q + 1;
    i = q;
  }
}
