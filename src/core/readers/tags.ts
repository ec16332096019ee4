/**
 * Helpers shared by the Jaeger, Zipkin and Python console readers: tags and plain objects to
 * `Attribute[]`, span kind and status from tags, JSON paths and the `input.bad-span` problem.
 *
 * Invariant: input objects are only ever read (`Object.keys` + index), never spread or assigned
 * onto another object, so keys such as `__proto__` or `constructor` stay plain data.
 */
import { formatAttrValue } from '../model/span';
import type { AttrValue, Attribute, SpanKind, StatusCode } from '../model/span';
import type { ReaderContext } from './types';

/**
 * How deep arrays and maps may nest inside one attribute value. Real values nest a few levels;
 * a hostile file may nest 10,000, which would overflow the stack of every recursive walk
 * (reading, comparing, drawing, saving). Deeper parts are cut (see `CUT_VALUE`), counted in a
 * `ValueCuts`, and the reader reports them as `input.too-deep` on the span.
 */
export const MAX_VALUE_DEPTH = 64;
/** What a part of a value nested deeper than `MAX_VALUE_DEPTH` becomes. */
export const CUT_VALUE = `\u2039cut: nested deeper than ${MAX_VALUE_DEPTH} levels\u203a`;

/** Values cut at `MAX_VALUE_DEPTH` while one span (or resource) was read. */
export interface ValueCuts {
  count: number;
}

/** A fresh counter, for readers that report cut values. */
export function valueCuts(): ValueCuts {
  return { count: 0 };
}

/**
 * Reports the values cut while reading what `path` points at (a span or a resource), then resets
 * the counter. Nothing is reported when nothing was cut.
 */
export function reportCutValues(ctx: ReaderContext, path: string, cuts: ValueCuts, what = 'this span'): void {
  if (cuts.count === 0) return;
  const n = cuts.count;
  cuts.count = 0;
  ctx.problems.push({
    code: 'input.too-deep',
    file: ctx.file,
    where: path === '' ? '(top level)' : path,
    message: `Attribute values of ${what} nest arrays or maps deeper than ${MAX_VALUE_DEPTH} levels: ${n === 1 ? 'one part was' : `${n} parts were`} cut there (the rest was loaded).`,
  });
}

function cut(cuts: ValueCuts | undefined): AttrValue {
  if (cuts !== undefined) cuts.count++;
  return CUT_VALUE;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `data` + `[3]` -> `data[3]`; `data` + `spans` -> `data.spans`; '' + `spans` -> `spans`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/**
 * The path of entry `index` of the list at `listPath` (the list itself when `index` is
 * undefined): what a reader builds only for a problem, never for the thousands of spans that
 * have none.
 */
export function pathAt(listPath: string, index: number | undefined): string {
  return index === undefined ? listPath : childPath(listPath, index);
}

/** Records a span that could not be read; the reader then goes on with the next one. */
export function reportBadSpan(ctx: ReaderContext, path: string, message: string): void {
  ctx.problems.push({ code: 'input.bad-span', file: ctx.file, where: path === '' ? '(top level)' : path, message });
}

/**
 * A count (`droppedLinksCount`): a whole number from 0 to 2^53 - 1. A larger one (`1e300`) is
 * clamped, so it stays a number every writer and reader agrees on; negative or not a number is 0.
 */
export function toCount(value: unknown): number {
  const n = toNumber(value);
  return n !== undefined && n > 0 ? Math.min(Math.floor(n), Number.MAX_SAFE_INTEGER) : 0;
}

/** A number from a JSON number or a decimal string; undefined otherwise. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * Any JSON value as an attribute value; objects become `{ kvlist }` (never plain objects).
 * Arrays and objects nested deeper than `MAX_VALUE_DEPTH` are cut (counted in `cuts`).
 */
export function toAttrValue(value: unknown, cuts?: ValueCuts, depth = 0): AttrValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  // `1e999` parses as Infinity, which no writer can write back: kept as its text, "Infinity".
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) {
    if (depth >= MAX_VALUE_DEPTH) return cut(cuts);
    const out: AttrValue[] = [];
    for (const item of value) out.push(toAttrValue(item, cuts, depth + 1));
    return out;
  }
  if (isRecord(value)) return depth >= MAX_VALUE_DEPTH ? cut(cuts) : { kvlist: objectToAttributes(value, cuts, depth + 1) };
  return String(value);
}

/** A plain JSON object (Python attributes, Zipkin tags) as attributes, in key order. */
export function objectToAttributes(obj: Record<string, unknown>, cuts?: ValueCuts, depth = 0): Attribute[] {
  const out: Attribute[] = [];
  for (const key of Object.keys(obj)) out.push({ key, value: toAttrValue(obj[key], cuts, depth) });
  return out;
}

/**
 * A value where the format wants a string (Zipkin tags): strings as they are, other scalars as
 * text, arrays and objects as one line of text (bounded: cut at `MAX_VALUE_DEPTH`).
 */
export function toText(value: unknown, cuts?: ValueCuts): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  return formatAttrValue(toAttrValue(value, cuts));
}

/** An int64 as a number when it fits a double exactly, else as the decimal string written. */
function int64Value(value: unknown, cuts?: ValueCuts): AttrValue {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') {
    const n = Number(value);
    if (Number.isSafeInteger(n)) return n;
    return value;
  }
  return toAttrValue(value, cuts);
}

/** A Jaeger typed tag value (`type` string/bool/int64/float64/binary) as an attribute value. */
export function jaegerTagValue(type: unknown, value: unknown, cuts?: ValueCuts): AttrValue {
  const t = typeof type === 'string' ? type.toLowerCase() : '';
  if (t === 'bool') {
    if (typeof value === 'string') {
      const lower = value.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
    }
    return toAttrValue(value, cuts);
  }
  if (t === 'int64') return int64Value(value, cuts);
  if (t === 'float64') return toNumber(value) ?? toAttrValue(value, cuts);
  // string and binary (base64, kept as written, as OTLP bytes are) and unknown types.
  return toAttrValue(value, cuts);
}

/**
 * Jaeger `tags`/`fields` (`[{key, type, value}]`) as attributes. Entries that are not objects
 * or have no string key are skipped: a tag is not worth losing the span over.
 */
export function jaegerTagsToAttributes(tags: unknown, cuts?: ValueCuts): Attribute[] {
  const out: Attribute[] = [];
  if (!Array.isArray(tags)) return out;
  for (const tag of tags) {
    if (!isRecord(tag) || typeof tag.key !== 'string') continue;
    out.push({ key: tag.key, value: jaegerTagValue(tag.vType ?? tag.type, tag.value, cuts) });
  }
  return out;
}

/** `server`, `SERVER`, `SpanKind.SERVER`, `SPAN_KIND_SERVER` -> `server`; unknown -> `unspecified`. */
export function kindFromText(value: unknown): SpanKind {
  if (typeof value !== 'string') return 'unspecified';
  let text = value.trim().toLowerCase();
  const dot = text.lastIndexOf('.');
  if (dot >= 0) text = text.slice(dot + 1);
  if (text.startsWith('span_kind_')) text = text.slice('span_kind_'.length);
  switch (text) {
    case 'server':
    case 'client':
    case 'producer':
    case 'consumer':
    case 'internal':
      return text;
    default:
      return 'unspecified';
  }
}

/** `OK`, `ERROR`, `UNSET`, `StatusCode.ERROR`, `STATUS_CODE_ERROR` -> status; else undefined. */
export function statusFromText(value: unknown): StatusCode | undefined {
  if (typeof value !== 'string') return undefined;
  let text = value.trim().toLowerCase();
  const dot = text.lastIndexOf('.');
  if (dot >= 0) text = text.slice(dot + 1);
  if (text.startsWith('status_code_')) text = text.slice('status_code_'.length);
  if (text === 'ok' || text === 'error' || text === 'unset') return text;
  return undefined;
}

/**
 * Tags that the Collector's Jaeger/Zipkin -> OTLP translation moves into span fields. We do the
 * same, so one span read from Jaeger or Zipkin and from OTLP carries the same attributes.
 */
export const STRUCTURAL_TAGS: ReadonlySet<string> = new Set([
  'span.kind',
  'error',
  'otel.status_code',
  'otel.status_description',
  'otel.scope.name',
  'otel.scope.version',
  'otel.library.name',
  'otel.library.version',
  'otel.dropped_links_count',
]);

/** What the structural tags say, read in one pass. */
export interface TagFacts {
  kind: SpanKind;
  status: StatusCode;
  statusMessage?: string;
  scope?: string;
  droppedLinksCount: number;
  /** The other tags, in order. */
  attributes: Attribute[];
}

/**
 * Reads kind, status, scope and dropped links from tags. `otel.status_code` wins; otherwise
 * `error` makes the status an error when `errorWhen(value)` says so (Jaeger: true/"true";
 * Zipkin: present at all). `otel.status_description` is the message.
 */
export function readTagFacts(tags: readonly Attribute[], errorWhen: (value: AttrValue) => boolean): TagFacts {
  const facts: TagFacts = { kind: 'unspecified', status: 'unset', droppedLinksCount: 0, attributes: [] };
  let statusTag: StatusCode | undefined;
  let errorTag = false;
  let errorText: string | undefined;
  for (const tag of tags) {
    if (!STRUCTURAL_TAGS.has(tag.key)) {
      facts.attributes.push(tag);
      continue;
    }
    const v = tag.value;
    switch (tag.key) {
      case 'span.kind':
        facts.kind = kindFromText(v);
        break;
      case 'error':
        errorTag = errorWhen(v);
        errorText = typeof v === 'string' && v !== '' && v.toLowerCase() !== 'true' ? v : undefined;
        break;
      case 'otel.status_code':
        statusTag = statusFromText(v);
        break;
      case 'otel.status_description':
        if (typeof v === 'string' && v !== '') facts.statusMessage = v;
        break;
      case 'otel.scope.name':
      case 'otel.library.name':
        if (typeof v === 'string' && v !== '') facts.scope = v;
        break;
      case 'otel.dropped_links_count':
        facts.droppedLinksCount = toCount(v);
        break;
      default:
        break; // versions: dropped, as the Collector keeps them on the scope
    }
  }
  if (statusTag !== undefined) facts.status = statusTag;
  else if (errorTag) facts.status = 'error';
  if (facts.status === 'error' && facts.statusMessage === undefined && errorText !== undefined) {
    facts.statusMessage = errorText;
  }
  return facts;
}
