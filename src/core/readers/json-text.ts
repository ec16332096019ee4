/**
 * Text -> JSON values, as FORMATS.md section 8 orders it: one document, else JSON Lines, else a
 * stream of concatenated values (pretty-printed objects back to back, CRLF or not).
 *
 * Speed: the happy path is one `JSON.parse` per document or line. Only the stream case scans
 * characters, and only to find where each value ends (strings and escapes respected); the
 * value itself is still parsed by `JSON.parse`. The validator in json-syntax.ts runs on error
 * paths only, to say where a value breaks when the engine's message does not.
 *
 * Python's `json.dumps` writes `NaN`, `Infinity` and `-Infinity`; outside strings they are read
 * as `null` (only tried after `JSON.parse` failed).
 */
import { findJsonError, lineColumn, offsetFromMessage, printable } from './json-syntax';

export type JsonLayout = 'document' | 'lines' | 'stream';

export interface JsonValueAt {
  readonly value: unknown;
  /** 1-based line where the value starts. */
  readonly line: number;
}

export interface JsonSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface ParsedJsonText {
  readonly layout: JsonLayout;
  readonly values: JsonValueAt[];
  /** Values that did not parse (at most MAX_ERRORS), in file order. */
  readonly errors: JsonSyntaxError[];
  /** True when reading stopped early because of too many errors. */
  readonly truncated: boolean;
  /** JSON Lines: broken lines past the first MAX_ERRORS (not in `errors`; every good line was read). */
  readonly moreErrors?: number;
}

const MAX_ERRORS = 20;

/** A failed parse keeps what is needed to locate the error, computed only if it is reported. */
interface Failed {
  readonly ok: false;
  readonly start: number;
  readonly end: number;
  readonly engineMessage: string;
  /** The chunk held NaN/Infinity: the engine's position refers to a rewritten text. */
  readonly nonFinite: boolean;
}
type Attempt = { readonly ok: true; readonly value: unknown } | Failed;

/**
 * @example parseJsonText('{"a":1}\n{"a":2}\n').values.length === 2 // layout 'lines'
 */
export function parseJsonText(text: string): ParsedJsonText {
  const whole = parseSlice(text, 0, text.length);
  if (whole.ok) return { layout: 'document', values: [{ value: whole.value, line: 1 }], errors: [], truncated: false };
  if (text.trim() === '') return { layout: 'document', values: [], errors: [], truncated: false };
  const lines = text.indexOf('\n') >= 0 ? parseLines(text) : undefined;
  return lines ?? parseStream(text, whole);
}

/**
 * JSON Lines: every non-empty line one value. A line that does not parse is an error of its own
 * (a writer that crashed mid-line, then went on appending), and the lines after it are read, as
 * long as broken lines are the exception: the first line parses, at least two do, and more do
 * than not. Anything else (a pretty-printed document or stream: few of its lines parse alone) is
 * undefined, for parseStream, and found out early.
 */
function parseLines(text: string): ParsedJsonText | undefined {
  const values: JsonValueAt[] = [];
  const broken: { failed: Failed; line: number }[] = [];
  let bad = 0;
  let start = 0;
  let line = 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (!isBlank(text, start, end)) {
      const r = parseSlice(text, start, end);
      const several = r.ok ? undefined : valuesOnLine(text, start, end, r);
      if (r.ok) values.push({ value: r.value, line });
      else if (several !== undefined) for (const value of several) values.push({ value, line });
      else {
        if (values.length === 0 || ++bad > values.length + MAX_ERRORS) return undefined;
        if (broken.length < MAX_ERRORS) broken.push({ failed: r, line });
      }
    }
    start = end + 1;
    line++;
  }
  if (values.length < 2 || bad >= values.length) return undefined;
  const errors = broken.map(({ failed, line }) => {
    const at = locate(text, failed);
    return { line, column: lineColumn(text, at.offset).column, message: at.message };
  });
  return bad > errors.length
    ? { layout: 'lines', values, errors, truncated: false, moreErrors: bad - errors.length }
    : { layout: 'lines', values, errors, truncated: false };
}

/**
 * A line that is not one value may be several side by side (`{…} {…}`): those are read, as the
 * stream reader reads such a line (it hands each line to parseJsonText). Only on a broken line.
 */
function valuesOnLine(text: string, start: number, end: number, failed: Failed): unknown[] | undefined {
  const line = parseStream(text.slice(start, end), failed);
  return line.errors.length === 0 && line.values.length > 1 ? line.values.map((v) => v.value) : undefined;
}

function parseStream(text: string, whole: Failed): ParsedJsonText {
  const values: JsonValueAt[] = [];
  const errors: JsonSyntaxError[] = [];
  const lines = new LineCounter(text);
  let truncated = false;
  let i = skipSpace(text, 0);
  while (i < text.length) {
    const end = valueEnd(text, i);
    const r = parseSlice(text, i, end);
    if (r.ok) {
      values.push({ value: r.value, line: lines.lineAt(i) });
      i = skipSpace(text, end);
      continue;
    }
    // A broken value whose brackets never balance runs over the documents after it: where the
    // next one starts (a line starting with `{` or `[`), it is cut and read on from there, so a
    // document cut short in the middle of a stream loses nothing after it.
    const next = resync(text, i);
    const cut = next < end ? parseSlice(text, i, lineEnd(text, next)) : undefined;
    if (cut?.ok === true) {
      values.push({ value: cut.value, line: lines.lineAt(i) });
      i = next;
      continue;
    }
    // A single broken document: the engine's report on the whole text is the one to give.
    const failed = cut !== undefined ? cut : values.length === 0 && i === skipSpace(text, 0) && end >= text.length ? whole : r;
    const at = locate(text, failed);
    const pos = lineColumn(text, at.offset);
    errors.push({ line: pos.line, column: pos.column, message: at.message });
    if (errors.length >= MAX_ERRORS) {
      truncated = true;
      break;
    }
    i = cut !== undefined ? next : resync(text, at.offset);
  }
  return { layout: values.length > 1 ? 'stream' : 'document', values, errors, truncated };
}

/**
 * After a broken value, go on at the next line that starts (column 1) with `{` or `[`: where the
 * next document of a stream or JSON Lines file begins.
 */
function resync(text: string, offset: number): number {
  let nl = text.indexOf('\n', offset);
  while (nl >= 0) {
    const c = text.charCodeAt(nl + 1);
    if (c === 0x7b || c === 0x5b) return nl + 1;
    nl = text.indexOf('\n', nl + 1);
  }
  return text.length;
}

/** Where the line before the line start `next` ends, its line break (LF or CRLF) left out. */
function lineEnd(text: string, next: number): number {
  const lf = next - 1;
  return lf > 0 && text.charCodeAt(lf - 1) === 0x0d ? lf - 1 : lf;
}

/** One value: `JSON.parse`, then (only if that failed) with NaN/Infinity read as null. */
function parseSlice(text: string, start: number, end: number): Attempt {
  const chunk = start === 0 && end === text.length ? text : text.slice(start, end);
  try {
    return { ok: true, value: JSON.parse(chunk) as unknown };
  } catch (e) {
    const engineMessage = e instanceof Error ? e.message : String(e);
    let nonFinite = false;
    if (mayBeNonFinite(chunk, engineMessage)) {
      const fixed = nonFiniteToNull(chunk);
      if (fixed !== chunk) {
        nonFinite = true;
        try {
          return { ok: true, value: JSON.parse(fixed) as unknown };
        } catch {
          // still broken: located in the original text, if reported
        }
      }
    }
    return { ok: false, start, end, engineMessage, nonFinite };
  }
}

/**
 * Whether `NaN` or `Infinity` may be why `chunk` did not parse: where the engine says it broke,
 * if it says (a JSON Lines file fails at its second line, and need not be searched for them).
 */
function mayBeNonFinite(chunk: string, engineMessage: string): boolean {
  const at = offsetFromMessage(engineMessage, chunk);
  if (at !== undefined && at < chunk.length) {
    const c = chunk.charCodeAt(at);
    // N(aN), I(nfinity), or the sign of -Infinity.
    if (c !== 0x4e && c !== 0x49 && c !== 0x2d) return false;
  }
  return chunk.includes('NaN') || chunk.includes('Infinity');
}

/**
 * Offset and message of a failed parse: the engine's position when it gives one (and the text
 * was not rewritten), else the validator's; the validator's wording when both agree.
 */
function locate(text: string, failed: Failed): { offset: number; message: string } {
  const chunk = text.slice(failed.start, failed.end);
  const found = findJsonError(chunk, failed.nonFinite);
  const fromEngine = failed.nonFinite ? undefined : offsetFromMessage(failed.engineMessage, chunk);
  if (fromEngine === undefined) {
    return { offset: failed.start + (found?.offset ?? chunk.length), message: found?.message ?? cleanMessage(failed.engineMessage) };
  }
  const message = found !== undefined && found.offset === fromEngine ? found.message : cleanMessage(failed.engineMessage);
  return { offset: failed.start + fromEngine, message };
}

/** V8: `Unexpected token 'x', "…snippet…" is not valid JSON` -> `Unexpected token 'x'`. */
export function cleanMessage(message: string): string {
  return printable(message)
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?$/, '')
    .replace(/^JSON\.parse: /, '')
    .replace(/ at line \d+ column \d+ of the JSON data$/, '')
    .trim();
}

/** Replaces NaN, Infinity and -Infinity outside strings by null. */
export function nonFiniteToNull(s: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(s, i);
      continue;
    }
    const token = s.startsWith('NaN', i) ? 3 : s.startsWith('Infinity', i) ? 8 : s.startsWith('-Infinity', i) ? 9 : 0;
    if (token > 0 && !isWordChar(s.charCodeAt(i - 1)) && !isWordChar(s.charCodeAt(i + token))) {
      out += s.slice(last, i) + 'null';
      i += token;
      last = i;
      continue;
    }
    i++;
  }
  return last === 0 ? s : out + s.slice(last);
}

function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e;
}

/** Index just past the string that starts at `i` (a `"`), or the text's end. */
function stringEnd(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 0x5c) j += 2;
    else if (c === 0x22) return j + 1;
    else j++;
  }
  return s.length;
}

/**
 * Where the value starting at `i` ends: the matching close bracket for `{`/`[` (by depth, which is
 * enough to find the boundary; `JSON.parse` checks the rest), the closing quote of a string, or
 * the next space or bracket for a bare word. An unclosed value runs to the end.
 */
function valueEnd(s: string, i: number): number {
  const first = s.charCodeAt(i);
  if (first === 0x22) return stringEnd(s, i);
  if (first !== 0x7b && first !== 0x5b) {
    let j = i + 1;
    while (j < s.length) {
      const c = s.charCodeAt(j);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x7b || c === 0x5b || c === 0x22) break;
      j++;
    }
    return j;
  }
  let depth = 0;
  let j = i;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 0x22) {
      j = stringEnd(s, j);
      continue;
    }
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return s.length;
}

function skipSpace(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

function isBlank(s: string, start: number, end: number): boolean {
  return skipSpace(s, start) >= end;
}

/** Line numbers for increasing offsets, counting newlines once. */
class LineCounter {
  private offset = 0;
  private line = 1;
  constructor(private readonly text: string) {}
  lineAt(target: number): number {
    let nl = this.text.indexOf('\n', this.offset);
    while (nl >= 0 && nl < target) {
      this.line++;
      nl = this.text.indexOf('\n', nl + 1);
    }
    this.offset = target;
    return this.line;
  }
}
