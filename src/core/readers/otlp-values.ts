/**
 * OTLP JSON values (FORMATS.md sections 1-2): `AnyValue` and `KeyValue` lists, span kind and status
 * as ints or enum names, nanosecond times. camelCase first; the snake_case names the Collector
 * also accepts are looked up only when the camelCase one is absent.
 *
 * Invariant: input objects are only read, never spread, so keys such as `__proto__` stay data.
 */
import type { AttrValue, Attribute, SpanKind, StatusCode } from '../model/span';
import { CUT_VALUE, isRecord, kindFromText, MAX_VALUE_DEPTH, statusFromText, toAttrValue } from './tags';
import type { ValueCuts } from './tags';
import type { TextCache } from './text-cache';

const KINDS: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: readonly StatusCode[] = ['unset', 'ok', 'error'];
const DIGITS = /^\d+$/;

/** An int64 (decimal string or number) as a number when exact, else the string as written. */
function int64(value: unknown, cuts: ValueCuts | undefined, depth: number): AttrValue {
  // `1e999` parses as Infinity, which no writer can write back: kept as its text, as toAttrValue does.
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') {
    const n = Number(value);
    return value.trim() !== '' && Number.isSafeInteger(n) ? n : value;
  }
  return toAttrValue(value, cuts, depth);
}

/** A double: protobuf JSON writes NaN and the infinities as strings; those stay strings. */
function double(value: unknown, cuts: ValueCuts | undefined, depth: number): AttrValue {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') {
    const n = Number(value);
    return value.trim() !== '' && Number.isFinite(n) ? n : value;
  }
  return toAttrValue(value, cuts, depth);
}

/** `arrayValue` / `kvlistValue` nested past `MAX_VALUE_DEPTH`: cut, and counted. */
function tooDeep(cuts: ValueCuts | undefined): AttrValue {
  if (cuts !== undefined) cuts.count++;
  return CUT_VALUE;
}

function arrayValues(list: unknown, cuts: ValueCuts | undefined, depth: number): AttrValue {
  if (depth >= MAX_VALUE_DEPTH) return tooDeep(cuts);
  const out: AttrValue[] = [];
  const values = isRecord(list) ? list.values : undefined;
  if (!Array.isArray(values)) return out;
  for (let i = 0; i < values.length; i++) out.push(anyValue(values[i], cuts, depth + 1));
  return out;
}

function kvlist(list: unknown, cuts: ValueCuts | undefined, depth: number): AttrValue {
  if (depth >= MAX_VALUE_DEPTH) return tooDeep(cuts);
  return { kvlist: keyValues(isRecord(list) ? list.values : undefined, cuts, depth + 1) };
}

/**
 * An OTLP `AnyValue` as an attribute value. `{}` (no value set) is null; `bytesValue` stays the
 * base64 text; `kvlistValue` becomes `{ kvlist }`. A bare JSON value (not wrapped) is taken as is.
 * Arrays and kvlists nested deeper than `MAX_VALUE_DEPTH` are cut there, and counted in `cuts`.
 * @example anyValue({ intValue: '42' }) === 42
 */
export function anyValue(v: unknown, cuts?: ValueCuts, depth = 0): AttrValue {
  if (!isRecord(v)) return toAttrValue(v, cuts, depth);
  let x: unknown = v.stringValue;
  if (x !== undefined) return typeof x === 'string' ? x : toAttrValue(x, cuts, depth);
  x = v.intValue;
  if (x !== undefined) return int64(x, cuts, depth);
  x = v.boolValue;
  if (x !== undefined) return typeof x === 'boolean' ? x : toAttrValue(x, cuts, depth);
  x = v.doubleValue;
  if (x !== undefined) return double(x, cuts, depth);
  x = v.arrayValue;
  if (x !== undefined) return arrayValues(x, cuts, depth);
  x = v.kvlistValue;
  if (x !== undefined) return kvlist(x, cuts, depth);
  x = v.bytesValue;
  if (x !== undefined) return toAttrValue(x, cuts, depth);
  return snakeAnyValue(v, cuts, depth);
}

function snakeAnyValue(v: Record<string, unknown>, cuts: ValueCuts | undefined, depth: number): AttrValue {
  if (v.string_value !== undefined) return toAttrValue(v.string_value, cuts, depth);
  if (v.int_value !== undefined) return int64(v.int_value, cuts, depth);
  if (v.bool_value !== undefined) return toAttrValue(v.bool_value, cuts, depth);
  if (v.double_value !== undefined) return double(v.double_value, cuts, depth);
  if (v.array_value !== undefined) return arrayValues(v.array_value, cuts, depth);
  if (v.kvlist_value !== undefined) return kvlist(v.kvlist_value, cuts, depth);
  if (v.bytes_value !== undefined) return toAttrValue(v.bytes_value, cuts, depth);
  return null;
}

/** Past this many distinct texts an intern table takes no more (a hostile file's million keys). */
const MAX_INTERNED = 8192;

/**
 * One string per distinct text: attribute keys and span names repeat across 100k spans, and each
 * is a new string from `JSON.parse`. Kept once, the repeats die young instead of being copied
 * through the young generation and retained per span (bundle-200MB: 4 keys per span, ~150 bytes).
 */
export function internText(table: TextCache<string>, text: string): string {
  const known = table.get(text);
  if (known !== undefined) return known;
  if (table.size < MAX_INTERNED) table.set(text, text);
  return text;
}

/** String values up to this length are interned (host names, methods, thread names); longer ones are mostly unique (URLs, statements). */
const SHORT_VALUE = 32;

/** A short string value, interned in `values` when given; any other value as it is. */
function shortText(value: AttrValue, values: TextCache<string> | undefined): AttrValue {
  return values !== undefined && typeof value === 'string' && value.length <= SHORT_VALUE ? internText(values, value) : value;
}

/**
 * A `KeyValue[]` as attributes; entries without a string key are skipped, not fatal.
 * `inPlace` (the list was parsed for this read alone): when every entry is exactly `{key, value}`,
 * the entries become the attributes (their values converted) and the list is returned itself.
 * That spares two objects per span that would outlive the read, the largest share of its garbage
 * collection; an entry with any other key is never reused, so nothing else rides into the model.
 * `keys`, `values`: tables the keys and short string values are interned in (`internText`), kept
 * apart so that a file of a million distinct values still has its keys interned.
 */
export function keyValues(list: unknown, cuts?: ValueCuts, depth = 0, inPlace = false, keys?: TextCache<string>, values?: TextCache<string>): Attribute[] {
  if (!Array.isArray(list) || list.length === 0) return [];
  if (inPlace && list.every(isPlainKeyValue)) {
    for (let i = 0; i < list.length; i++) {
      const kv = list[i] as { key: string; value: unknown };
      if (keys !== undefined) kv.key = internText(keys, kv.key);
      kv.value = shortText(anyValue(kv.value, cuts, depth), values);
    }
    return list as Attribute[];
  }
  // Sized up front, trimmed if entries were skipped: the first push onto `[]` reserves 17 slots,
  // and most lists hold one to a few entries (one list per span, 100k spans per file).
  const out = new Array<Attribute>(list.length);
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    const kv: unknown = list[i];
    if (!isRecord(kv) || typeof kv.key !== 'string') continue;
    out[n++] = { key: keys === undefined ? kv.key : internText(keys, kv.key), value: shortText(anyValue(kv.value, cuts, depth), values) };
  }
  if (n < out.length) out.length = n;
  return out;
}

/** Exactly `{key: string, value}`, own keys only (JSON.parse makes no others). */
function isPlainKeyValue(kv: unknown): boolean {
  if (!isRecord(kv) || typeof kv.key !== 'string' || !Object.hasOwn(kv, 'value')) return false;
  let keys = 0;
  for (const k in kv) if (++keys > 2 || (k !== 'key' && k !== 'value')) return false;
  return true;
}

/** `kind` as an int (0-5), a decimal string, or an enum name (`SPAN_KIND_SERVER`). */
export function otlpKind(raw: unknown): SpanKind {
  if (typeof raw === 'number') return KINDS[raw] ?? 'unspecified';
  if (typeof raw === 'string') return DIGITS.test(raw) ? (KINDS[Number(raw)] ?? 'unspecified') : kindFromText(raw);
  return 'unspecified';
}

/** `status.code` as 0/1/2, a decimal string, or a name (`STATUS_CODE_ERROR`); else unset. */
export function otlpStatus(raw: unknown): StatusCode {
  if (typeof raw === 'number') return STATUSES[raw] ?? 'unset';
  if (typeof raw === 'string') return DIGITS.test(raw) ? (STATUSES[Number(raw)] ?? 'unset') : (statusFromText(raw) ?? 'unset');
  return 'unset';
}

/** True when an enum is written as a name (Tempo / gogo jsonpb), not as an int. */
export function isEnumName(raw: unknown): boolean {
  return typeof raw === 'string' && raw !== '' && !DIGITS.test(raw);
}

/**
 * Nanoseconds since the epoch (decimal string or number) -> whole microseconds, or undefined for
 * absent, zero (OTLP's "unset"), negative or non-numeric values. Strings drop their last three
 * digits instead of dividing, so values past 2^53 ns stay exact without BigInt.
 * @example nanosToMicros('1636729665000097000') === 1636729665000097
 */
export function nanosToMicros(raw: unknown): number | undefined {
  let us: number;
  if (typeof raw === 'string') us = decimalNanosToMicros(raw);
  else if (typeof raw === 'number') us = Math.floor(raw / 1000);
  else return undefined;
  return Number.isFinite(us) && us > 0 ? us : undefined;
}

/**
 * A plain decimal string: digits summed by hand, all but the last three (cheaper than
 * slice + Number, and it checks them). Exact while the result is below 2^53 µs (year 2255).
 * Anything else (exponents, spaces) goes through Number.
 */
function decimalNanosToMicros(raw: string): number {
  const len = raw.length;
  if (len === 0 || len > 21) return slowMicros(raw);
  let us = 0;
  for (let i = 0; i < len; i++) {
    const d = raw.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return slowMicros(raw);
    if (i < len - 3) us = us * 10 + d;
  }
  return us;
}

function slowMicros(raw: string): number {
  return raw.trim() === '' ? NaN : Math.floor(Number(raw) / 1000);
}
