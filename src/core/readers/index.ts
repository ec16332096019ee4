/**
 * The reader dispatcher: one file's bytes (or text) -> spans and `input.*` problems.
 * Decode (gzip, BOM, UTF-16), parse (document, JSON Lines, concatenated stream), then detect the
 * format of each JSON value by its structure (never by the file name) and hand it to its reader.
 * Never throws: even an unexpected exception becomes one `input.*` problem.
 */
import { decodeInput } from './decode';
import type { DecodeOptions } from './decode';
import { readJaeger } from './jaeger';
import { parseJsonText } from './json-text';
import type { JsonValueAt, ParsedJsonText } from './json-text';
import { readOtlpDocument } from './otlp';
import { readOtlpText } from './otlp-text';
import { rowsResult } from './read-result';
import { readPythonConsole } from './python-console';
import { readSnapshotDocument } from '../share/snapshot-read';
import type { ShareState } from '../share/types';
import { describeJson, describeText, detectReader } from './sniff';
import type { ReaderKind } from './sniff';
import type { FormatId, InputProblem, ReadResult, ReaderContext } from './types';
import { readZipkin } from './zipkin';
import { TreeSpans } from './tree-spans';

export type { ReaderKind } from './sniff';
export type { DecodeOptions as ReadOptions } from './decode';
export { DEFAULT_MAX_INFLATED_BYTES } from './decode';

/**
 * Texts longer than this (16 Mi characters) that are one plain OTLP document are read span by
 * span. Below it one `JSON.parse` is faster: its tree dies in the young generation anyway, while
 * 10k parses of one span each cost more (fanout-10k, 3.3 MB: 45 vs 52 ms; at 20 MB the two were
 * even; at 33 MB the walk won by 5-12% and peaked 40 MB lower).
 */
export const WALK_ABOVE = 16 * 2 ** 20;

/** Past this many skipped values, one more problem says how many more there were. */
const MAX_SKIPPED_REPORTS = 20;

/**
 * Reads one trace file. `file` is the name as the user gave it (messages, `Span.source`);
 * the format is detected from the content. `options.maxInflatedBytes` caps what a gzip file may
 * inflate to (default `DEFAULT_MAX_INFLATED_BYTES`).
 * @example const result = readTraceFile('trace.json', new Uint8Array(bytes)); // result.format === 'otlp-json'
 */
export function readTraceFile(file: string, data: Uint8Array | string, options: DecodeOptions = {}): ReadResult {
  try {
    return read(file, data, options);
  } catch (e) {
    // A reader bug must not take the app down: report it as this file's problem, without a stack.
    const why = e instanceof Error ? e.message : String(e);
    return { file, spans: [], problems: [{ code: 'input.unreadable', file, message: `${file} could not be read: ${why}` }] };
  }
}

function read(file: string, data: Uint8Array | string, options: DecodeOptions): ReadResult {
  const decoded = decodeInput(file, data, options);
  if ('problem' in decoded) return { file, spans: [], problems: [decoded.problem] };
  const text = decoded.text;
  // Only part of the file decoded (a cut gzip): why comes first; the part is read as any file.
  const partial = decoded.partial === undefined ? [] : [decoded.partial];
  if (text.trim() === '') {
    return { file, spans: [], problems: partial.length > 0 ? partial : [{ code: 'input.empty', file, message: `${file} is empty.` }] };
  }
  const ctx: ReaderContext = { file, spans: [], problems: partial, ownsInput: true };
  // A large plain OTLP document is read span by span (otlp-text.ts): no tree of the whole file.
  // When the text is not of that shape, the context is handed back as it was, for the general path.
  if (text.length > WALK_ABOVE) {
    const fast = readOtlpText(text, ctx);
    if (fast !== undefined) return rowsResult(file, fast.tempo ? 'tempo' : 'otlp-json', fast.rows, ctx.problems);
  }
  const parsed = parseJsonText(text);
  if (parsed.values.length === 0) return { file, spans: [], problems: [...partial, notJson(file, text, parsed)] };
  const found: { share?: ShareState } = {};
  const kept = allOtlp(parsed) ? new TreeSpans(file) : undefined;
  const format = readValues(parsed, kept === undefined ? ctx : { ...ctx, rows: kept.rows, keep: kept }, found);
  const problems = ctx.problems;
  for (const e of parsed.errors) {
    problems.push({ code: 'input.not-json', file, where: `line ${e.line}, column ${e.column}`, message: `Part of ${file} is not JSON: ${e.message}. The rest was read.` });
  }
  if (parsed.truncated) {
    problems.push({ code: 'input.not-json', file, message: `${file} has too many broken values; reading stopped after ${parsed.errors.length}.` });
  }
  if (parsed.moreErrors !== undefined) {
    problems.push({ code: 'input.not-json', file, message: `${parsed.moreErrors} more lines of ${file} are not JSON; the rest was read.` });
  }
  if (kept !== undefined && format !== undefined) return rowsResult(file, format, kept.rows, problems);
  const share = found.share === undefined ? {} : { share: found.share };
  return format === undefined ? { file, spans: ctx.spans, problems, ...share } : { file, format, spans: ctx.spans, problems, ...share };
}

/** The problem of a file none of whose values parsed (`text`: at least its first 4 KiB). */
export function notJson(file: string, text: string, parsed: Pick<ParsedJsonText, 'errors'>): InputProblem {
  const looks = describeText(text);
  const first = parsed.errors[0];
  const like = looks === undefined ? '' : ` It looks like ${looks}.`;
  if (first === undefined) return { code: 'input.not-json', file, message: `${file} is not JSON.${like}` };
  const where = `line ${first.line}, column ${first.column}`;
  return { code: 'input.not-json', file, where, message: `${file} is not JSON: ${first.message} at ${where}.${like}` };
}

/**
 * Whether every value of a file is an OTLP document: then its spans are kept as columns
 * (tree-spans.ts). Other readers make span objects, and a file's spans stay in file order.
 */
function allOtlp(parsed: ParsedJsonText): boolean {
  for (const at of parsed.values) if (detectReader(at.value) !== 'otlp') return false;
  return true;
}

/**
 * Runs the right reader on each value; returns the file's format (from the first value read).
 * A snapshot's notes, view and redaction go to `found` (the first snapshot's).
 */
function readValues(parsed: ParsedJsonText, ctx: ReaderContext, found: { share?: ShareState }): FormatId | undefined {
  const reader = new TraceValueReader(ctx);
  for (const at of parsed.values) reader.add(at);
  const format = reader.finish();
  if (reader.share !== undefined) found.share = reader.share;
  return format;
}

/**
 * A file's JSON values read one at a time, as readTraceFile reads them (stream.ts feeds it the
 * values of a file read in chunks). `added` counts a value read outside (a huge OTLP document,
 * element by element) as one value of its kind.
 */
export class TraceValueReader {
  /** A snapshot's notes, view and redaction (the first snapshot's). */
  share: ShareState | undefined;
  private readonly skipped: JsonValueAt[] = [];
  private first: ReaderKind | undefined;
  private otlpDocs = 0;
  private tempo = false;
  private values = 0;
  /** The first value's problems, prefixed with its line once a second value shows the file holds several. */
  private pending: { from: number; to: number; line: number } | undefined;

  constructor(private readonly ctx: ReaderContext) {}

  /** How many values were given (read or skipped). */
  get count(): number {
    return this.values;
  }

  add(at: JsonValueAt): void {
    const kind = detectReader(at.value);
    if (kind === undefined) {
      this.counted();
      this.skipped.push(at);
      return;
    }
    const ctx = this.ctx;
    const from = ctx.problems.length;
    let tempo = false;
    if (kind === 'otlp') tempo = readOtlpDocument(at.value, ctx, '').tempo;
    else if (kind === 'jaeger') readJaeger(at.value, ctx, '');
    else if (kind === 'zipkin') readZipkin(at.value, ctx, '');
    else if (kind === 'snapshot') this.share ??= readSnapshotDocument(at.value, ctx, '');
    else readPythonConsole(at.value, ctx, '');
    this.added(kind, at.line, from, tempo);
  }

  /** A value of `kind` starting on `line` was read into the context; its problems start at `from`. */
  added(kind: ReaderKind, line: number, from: number, tempo: boolean): void {
    this.counted();
    this.first ??= kind;
    if (kind === 'otlp') {
      this.otlpDocs++;
      if (tempo) this.tempo = true;
    }
    if (this.values > 1) prefixWhere(this.ctx.problems, from, line);
    else this.pending = { from, to: this.ctx.problems.length, line };
  }

  finish(): FormatId | undefined {
    const multi = this.values > 1;
    reportSkipped(this.skipped, this.ctx, multi, this.first !== undefined);
    const first = this.first;
    if (first === undefined) return undefined;
    if (first === 'otlp') return this.tempo ? 'tempo' : this.otlpDocs > 1 ? 'otlp-jsonl' : 'otlp-json';
    if (first === 'jaeger') return 'jaeger';
    if (first === 'zipkin') return 'zipkin';
    if (first === 'snapshot') return 'tracelinks-snapshot';
    return 'otel-python-console';
  }

  private counted(): void {
    this.values++;
    if (this.values === 2 && this.pending !== undefined) {
      const p = this.pending;
      this.pending = undefined;
      prefixWhere(this.ctx.problems, p.from, p.line, p.to);
    }
  }
}

/** In a multi-document file a JSON path is relative to its document: say which line that starts on. */
function prefixWhere(problems: InputProblem[], from: number, line: number, to = problems.length): void {
  for (let i = from; i < to; i++) {
    const p = problems[i]!;
    const where = p.where === undefined || p.where === '(top level)' ? `line ${line}` : `line ${line}: ${p.where}`;
    problems[i] = { ...p, where };
  }
}

function reportSkipped(skipped: readonly JsonValueAt[], ctx: ReaderContext, multi: boolean, anyRead: boolean): void {
  const file = ctx.file;
  if (!anyRead) {
    // Nothing fit: one problem for the file, describing its first value.
    const v = skipped[0];
    const count = skipped.length > 1 ? ` (all ${skipped.length} JSON values)` : '';
    ctx.problems.push({
      code: 'input.unknown-format',
      file,
      where: multi && v !== undefined ? `line ${v.line}` : '(top level)',
      message: `${file} is not a trace format tracelinks reads${count}: it holds ${describeJson(v?.value)}.`,
    });
    return;
  }
  for (let i = 0; i < skipped.length && i < MAX_SKIPPED_REPORTS; i++) {
    const v = skipped[i]!;
    ctx.problems.push({ code: 'input.unknown-format', file, where: `line ${v.line}`, message: `Skipped a value that is not a trace: ${describeJson(v.value)}.` });
  }
  if (skipped.length > MAX_SKIPPED_REPORTS) {
    ctx.problems.push({ code: 'input.unknown-format', file, message: `${skipped.length - MAX_SKIPPED_REPORTS} more values in ${file} were skipped.` });
  }
}
