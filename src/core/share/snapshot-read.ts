/**
 * Reading a `.tracelinks.json` snapshot back (see snapshot-format.ts): every field checked; a bad
 * span is one `input.bad-span` problem and the rest loads. Never throws.
 */
import { isCanonicalHexId, type SpanId, type SpanKey, type TraceId } from '../ids';
import type { AttrValue, Attribute, Span, SpanEvent, SpanKind, SpanLink, StatusCode } from '../model/span';
import type { ReaderContext } from '../readers/types';
import { SNAPSHOT_VERSION } from './snapshot-format';
import { DEFAULT_VIEW, NO_REDACTION, type Note, type Redaction, type SharedView, type ShareState, type Theme } from './types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Past this many unreadable spans, one more problem says how many more there were. */
const MAX_SPAN_REPORTS = 100;
const MAX_NOTES = 10_000;
const MAX_NOTE_TEXT = 10_000;
const MAX_NOTE_TARGET = 1_000;
const MAX_SEARCH = 1_000;
/** Nesting of attribute values (arrays, maps) past which a span is refused (stack safety). */
const MAX_VALUE_DEPTH = 64;

const KINDS: ReadonlySet<string> = new Set<SpanKind>(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']);
const STATUSES: ReadonlySet<string> = new Set<StatusCode>(['unset', 'ok', 'error']);

/** A span (or part of one) that is not as written: caught per span, never leaves this module. */
class BadField extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property only: a key such as `__proto__` or `constructor` is never looked up the chain. */
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function bad(field: string, value: unknown, expected: string): never {
  if (value === undefined) throw new BadField(`\`${field}\` is missing`);
  throw new BadField(`\`${field}\` is ${typeName(value)}, not ${expected}`);
}

function str(o: Record<string, unknown>, key: string, field: string): string {
  const v = own(o, key);
  return typeof v === 'string' ? v : bad(at(field, key), v, 'a string');
}

function optStr(o: Record<string, unknown>, key: string, field: string): string | undefined {
  const v = own(o, key);
  return v === undefined || typeof v === 'string' ? v : bad(at(field, key), v, 'a string');
}

function optNum(o: Record<string, unknown>, key: string, field: string): number | undefined {
  const v = own(o, key);
  return v === undefined || (typeof v === 'number' && Number.isFinite(v)) ? v : bad(at(field, key), v, 'a number');
}

function optList(o: Record<string, unknown>, key: string, field: string): readonly unknown[] {
  const v = own(o, key);
  if (v === undefined) return [];
  return Array.isArray(v) ? v : bad(at(field, key), v, 'an array');
}

function readValue(raw: unknown, field: string, depth: number): AttrValue {
  if (raw === null || typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : bad(field, raw, 'a finite number');
  if (depth >= MAX_VALUE_DEPTH) throw new BadField(`\`${field}\` is nested too deeply`);
  if (Array.isArray(raw)) {
    const out: AttrValue[] = [];
    for (let i = 0; i < raw.length; i++) out.push(readValue(raw[i], at(field, i), depth + 1));
    return out;
  }
  if (isRecord(raw)) {
    const list = own(raw, 'kvlist');
    if (Array.isArray(list)) return { kvlist: readAttributeList(list, at(field, 'kvlist'), depth + 1) };
  }
  return bad(field, raw, 'an attribute value');
}

function readAttributeList(list: readonly unknown[], field: string, depth: number): Attribute[] {
  const out: Attribute[] = [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const where = at(field, i);
    if (!isRecord(item)) bad(where, item, 'an attribute ({key, value})');
    const value = own(item, 'value');
    if (value === undefined) throw new BadField(`\`${where}\` has no value`);
    out.push({ key: str(item, 'key', where), value: readValue(value, at(where, 'value'), depth) });
  }
  return out;
}

function readAttributes(o: Record<string, unknown>, key: string, field: string): Attribute[] {
  return readAttributeList(optList(o, key, field), at(field, key), 0);
}

function readLink(raw: unknown, field: string): SpanLink {
  if (!isRecord(raw)) bad(field, raw, 'a link');
  const traceId = str(raw, 'traceId', field);
  const spanId = str(raw, 'spanId', field);
  const traceState = optStr(raw, 'traceState', field);
  const attributes = readAttributes(raw, 'attributes', field);
  const valid = isCanonicalHexId(traceId, 32) && isCanonicalHexId(spanId, 16);
  const link = { traceId: traceId as TraceId, spanId: spanId as SpanId, valid };
  return traceState === undefined ? { ...link, attributes } : { ...link, traceState, attributes };
}

function readEvent(raw: unknown, field: string): SpanEvent {
  if (!isRecord(raw)) bad(field, raw, 'an event');
  const name = str(raw, 'name', field);
  const timeUs = optNum(raw, 'timeUs', field);
  const attributes = readAttributes(raw, 'attributes', field);
  return timeUs === undefined ? { name, attributes } : { name, timeUs, attributes };
}

/** What the spans point into. */
interface ReadTables {
  readonly files: readonly string[];
  readonly resources: readonly (readonly Attribute[])[];
}

function tableIndex(o: Record<string, unknown>, key: string, size: number, what: string): number | undefined {
  const v = own(o, key);
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < size) return v;
  throw new BadField(`\`${key}\` is not the index of an entry in \`${what}\` (${typeof v === 'number' ? v : typeName(v)})`);
}

function readSpan(raw: unknown, tables: ReadTables): Span {
  if (!isRecord(raw)) throw new BadField(`it is ${typeName(raw)}, not an object`);
  const traceId = str(raw, 'traceId', '');
  const spanId = str(raw, 'spanId', '');
  const parent = optStr(raw, 'parentSpanId', '');
  const name = str(raw, 'name', '');
  const service = str(raw, 'service', '');
  const kind = str(raw, 'kind', '');
  if (!KINDS.has(kind)) throw new BadField(`\`kind\` "${kind.slice(0, 40)}" is not a span kind`);
  const status = optStr(raw, 'status', '') ?? 'unset';
  if (!STATUSES.has(status)) throw new BadField(`\`status\` "${status.slice(0, 40)}" is not a status code`);
  const startUs = optNum(raw, 'startUs', '');
  const durationUs = optNum(raw, 'durationUs', '');
  const statusMessage = optStr(raw, 'statusMessage', '');
  const scope = optStr(raw, 'scope', '');
  const dropped = own(raw, 'droppedLinksCount');
  if (dropped !== undefined && !(typeof dropped === 'number' && Number.isSafeInteger(dropped) && dropped >= 0)) {
    bad('droppedLinksCount', dropped, 'a count');
  }
  const fileAt = tableIndex(raw, 'file', tables.files.length, 'files');
  if (fileAt === undefined) throw new BadField('`file` is missing');
  const resourceAt = tableIndex(raw, 'resource', tables.resources.length, 'resources');
  const span: Mutable<Span> = {
    traceId: traceId as TraceId,
    spanId: spanId as SpanId,
    validId: isCanonicalHexId(traceId, 32) && isCanonicalHexId(spanId, 16),
    name,
    service,
    kind: kind as SpanKind,
    status: status as StatusCode,
    attributes: readAttributes(raw, 'attributes', ''),
    resource: resourceAt === undefined ? [] : tables.resources[resourceAt]!,
    events: optList(raw, 'events', '').map((e, i) => readEvent(e, at('events', i))),
    links: optList(raw, 'links', '').map((l, i) => readLink(l, at('links', i))),
    droppedLinksCount: (dropped as number | undefined) ?? 0,
    source: tables.files[fileAt]!,
  };
  // Absent, empty and all-zero parents mark a root (as every reader has it).
  if (parent !== undefined && parent !== '' && !/^0+$/.test(parent)) span.parentSpanId = parent as SpanId;
  if (startUs !== undefined) span.startUs = startUs;
  if (durationUs !== undefined) span.durationUs = durationUs;
  if (statusMessage !== undefined) span.statusMessage = statusMessage;
  if (scope !== undefined) span.scope = scope;
  return span;
}

/** Problems found while reading the snapshot itself (not the stored ones). */
function snapshotProblem(ctx: ReaderContext, where: string, message: string, code: `input.${string}` = 'input.bad-snapshot'): void {
  ctx.problems.push({ code, file: ctx.file, where: where === '' ? '(top level)' : where, message });
}

function readFiles(doc: Record<string, unknown>, ctx: ReaderContext, path: string): string[] {
  const raw = own(doc, 'files');
  if (Array.isArray(raw) && raw.every((f) => typeof f === 'string')) return raw as string[];
  snapshotProblem(ctx, at(path, 'files'), `\`files\` is ${typeName(raw)}, not a list of file names: no span could be read.`);
  return [];
}

function readResources(doc: Record<string, unknown>, ctx: ReaderContext, path: string): (readonly Attribute[])[] {
  const raw = own(doc, 'resources');
  if (raw === undefined) return [];
  const where = at(path, 'resources');
  if (!Array.isArray(raw)) {
    snapshotProblem(ctx, where, `\`resources\` is ${typeName(raw)}, not a list: spans that name a resource could not be read.`);
    return [];
  }
  const out: (readonly Attribute[])[] = [];
  for (let i = 0; i < raw.length; i++) {
    try {
      const list = raw[i];
      out.push(Array.isArray(list) ? readAttributeList(list, `resources[${i}]`, 0) : bad(`resources[${i}]`, list, 'a list of attributes'));
    } catch (e) {
      if (!(e instanceof BadField)) throw e;
      snapshotProblem(ctx, at(where, i), `${e.message}; its attributes were left out.`);
      out.push([]);
    }
  }
  return out;
}

function readSpans(doc: Record<string, unknown>, ctx: ReaderContext, path: string, tables: ReadTables): void {
  const raw = own(doc, 'spans');
  const where = at(path, 'spans');
  if (raw === undefined) return;
  if (!Array.isArray(raw)) {
    snapshotProblem(ctx, where, `\`spans\` is ${typeName(raw)}, not a list of spans.`, 'input.bad-span');
    return;
  }
  let failed = 0;
  for (let i = 0; i < raw.length; i++) {
    try {
      ctx.spans.push(readSpan(raw[i], tables));
    } catch (e) {
      if (!(e instanceof BadField)) throw e;
      if (++failed <= MAX_SPAN_REPORTS) {
        const message = `This span could not be read: ${e.message}. The rest was loaded.`;
        ctx.problems.push({ code: 'input.bad-span', file: ctx.file, where: at(where, i), message });
      }
    }
  }
  if (failed > MAX_SPAN_REPORTS) {
    snapshotProblem(ctx, where, `${failed - MAX_SPAN_REPORTS} more spans could not be read.`, 'input.bad-span');
  }
}

/** The stored problems, as they were: their `input.*` diagnostics come back the same. */
function readProblems(doc: Record<string, unknown>, ctx: ReaderContext, path: string): void {
  const raw = own(doc, 'problems');
  if (raw === undefined) return;
  const where = at(path, 'problems');
  if (!Array.isArray(raw)) {
    snapshotProblem(ctx, where, `\`problems\` is ${typeName(raw)}, not a list: the problems of the files read were left out.`);
    return;
  }
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i];
    const code = isRecord(p) ? own(p, 'code') : undefined;
    const file = isRecord(p) ? own(p, 'file') : undefined;
    const place = isRecord(p) ? own(p, 'where') : undefined;
    const message = isRecord(p) ? own(p, 'message') : undefined;
    if (
      typeof code === 'string' &&
      code.startsWith('input.') &&
      typeof file === 'string' &&
      typeof message === 'string' &&
      (place === undefined || typeof place === 'string')
    ) {
      const problem = { code: code as `input.${string}`, file, message };
      ctx.problems.push(place === undefined ? problem : { code: problem.code, file, where: place, message });
    } else {
      snapshotProblem(ctx, at(where, i), 'A stored problem is not {code: "input.…", file, message}: it was left out.');
    }
  }
}

function readNotes(doc: Record<string, unknown>, ctx: ReaderContext, path: string): Note[] {
  const raw = own(doc, 'notes');
  const where = at(path, 'notes');
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    snapshotProblem(ctx, where, `\`notes\` is ${typeName(raw)}, not a list: no note was read.`);
    return [];
  }
  const notes: Note[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (notes.length >= MAX_NOTES) {
      snapshotProblem(ctx, where, `Only the first ${MAX_NOTES} notes were read (of ${raw.length}).`);
      break;
    }
    const n = raw[i];
    const target = isRecord(n) ? own(n, 'target') : undefined;
    const text = isRecord(n) ? own(n, 'text') : undefined;
    const targetOk = typeof target === 'string' && target.length <= MAX_NOTE_TARGET && (target.startsWith('trace:') || target.includes('/'));
    if (targetOk && typeof text === 'string' && text.length <= MAX_NOTE_TEXT) notes.push({ target: target as Note['target'], text });
    else {
      const why = !targetOk
        ? 'its target is not a span key (`trace/span`) or `trace:<id>`'
        : typeof text === 'string'
          ? `its text is longer than ${MAX_NOTE_TEXT} characters`
          : 'its text is not a string';
      snapshotProblem(ctx, at(where, i), `A note was left out: ${why}.`);
    }
  }
  return notes;
}

/** One field of the view: its value when it has the right type, else the default (and a problem). */
function viewField<T>(v: Record<string, unknown>, key: string, ok: (x: unknown) => x is T, fallback: T, ctx: ReaderContext, where: string, expected: string): T {
  const x = own(v, key);
  if (x === undefined) return fallback;
  if (ok(x)) return x;
  snapshotProblem(ctx, at(where, key), `\`view.${key}\` is ${typeName(x)}, not ${expected}: the default was used.`);
  return fallback;
}

const isBool = (x: unknown): x is boolean => typeof x === 'boolean';
const isLevel = (x: unknown): x is SharedView['level'] => x === 'traces' || x === 'spans';
const isTheme = (x: unknown): x is Theme => x === 'light' || x === 'dark';
const isSearch = (x: unknown): x is string => typeof x === 'string' && x.length <= MAX_SEARCH;
const isIdText = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= MAX_NOTE_TARGET;
/** Trace ids a view lists (expanded traces, opened stacks): bounded, as everything a link carries. */
const MAX_VIEW_TRACES = 10_000;
const isIdList = (x: unknown): x is string[] => Array.isArray(x) && x.length <= MAX_VIEW_TRACES && x.every(isIdText);

function readView(doc: Record<string, unknown>, ctx: ReaderContext, path: string): SharedView {
  const raw = own(doc, 'view');
  const where = at(path, 'view');
  if (raw === undefined) return DEFAULT_VIEW;
  if (!isRecord(raw)) {
    snapshotProblem(ctx, where, `\`view\` is ${typeName(raw)}, not an object: the default view was used.`);
    return DEFAULT_VIEW;
  }
  // Field by field in the contract's order, so the problems come in that order too.
  const level = viewField(raw, 'level', isLevel, DEFAULT_VIEW.level, ctx, where, '"traces" or "spans"');
  const openTrace = viewField<string | undefined>(raw, 'openTrace', isIdText, undefined, ctx, where, 'a trace id');
  const selected = viewField<string | undefined>(raw, 'selected', isIdText, undefined, ctx, where, 'a span key');
  const causalPath = viewField(raw, 'causalPath', isBool, DEFAULT_VIEW.causalPath, ctx, where, 'true or false');
  const onlyProblems = viewField(raw, 'onlyProblems', isBool, DEFAULT_VIEW.onlyProblems, ctx, where, 'true or false');
  const search = viewField(raw, 'search', isSearch, DEFAULT_VIEW.search, ctx, where, `a text of at most ${MAX_SEARCH} characters`);
  const theme = viewField<Theme | undefined>(raw, 'theme', isTheme, undefined, ctx, where, '"light" or "dark"');
  const list = `a list of at most ${MAX_VIEW_TRACES.toLocaleString('en-US')} trace ids`;
  const expanded = viewField<string[] | undefined>(raw, 'expanded', isIdList, undefined, ctx, where, list);
  const unstacked = viewField<string[] | undefined>(raw, 'unstacked', isIdList, undefined, ctx, where, list);
  return {
    level,
    ...(openTrace === undefined ? {} : { openTrace: openTrace as TraceId }),
    ...(selected === undefined ? {} : { selected: selected as SpanKey }),
    causalPath,
    onlyProblems,
    search,
    ...(theme === undefined ? {} : { theme }),
    ...(expanded === undefined || expanded.length === 0 ? {} : { expanded: expanded as TraceId[] }),
    ...(unstacked === undefined || unstacked.length === 0 ? {} : { unstacked: unstacked as TraceId[] }),
  };
}

function readRedaction(doc: Record<string, unknown>, ctx: ReaderContext, path: string): Redaction {
  const raw = own(doc, 'redaction');
  const where = at(path, 'redaction');
  if (raw === undefined) return NO_REDACTION;
  if (!isRecord(raw)) {
    snapshotProblem(ctx, where, `\`redaction\` is ${typeName(raw)}, not an object: no redaction was recorded.`);
    return NO_REDACTION;
  }
  const flag = (key: 'values' | 'names'): boolean => {
    const x = own(raw, key);
    if (x === undefined || typeof x === 'boolean') return x === true;
    snapshotProblem(ctx, at(where, key), `\`redaction.${key}\` is ${typeName(x)}, not true or false: false was used.`);
    return false;
  };
  return { values: flag('values'), names: flag('names') };
}

/**
 * Reads a parsed `.tracelinks.json` document: its spans go to `ctx.spans`, its stored problems
 * (and any met reading it) to `ctx.problems`; returns its notes, view and redaction, or undefined
 * when the document is not a snapshot this version reads. Never throws.
 * Ids: one stored as lower-case hex of the right length, not all zeros, is valid; any other is
 * kept as written and invalid, as the readers keep a malformed id.
 * @example readSnapshotDocument(JSON.parse(text), { file: 'x.tracelinks.json', spans: [], problems: [] }, '')
 */
export function readSnapshotDocument(doc: unknown, ctx: ReaderContext, path: string): ShareState | undefined {
  const top = path === '' ? '(top level)' : path;
  if (!isRecord(doc) || own(doc, 'tracelinks') !== 'snapshot') {
    snapshotProblem(ctx, top, 'This is not a tracelinks snapshot (no `"tracelinks": "snapshot"`).', 'input.unknown-format');
    return undefined;
  }
  const version = own(doc, 'version');
  if (version !== SNAPSHOT_VERSION) {
    const newer = typeof version === 'number' && Number.isInteger(version) && version > SNAPSHOT_VERSION;
    const message = newer
      ? `${ctx.file} was written by a newer tracelinks (snapshot version ${version}; this one reads version ${SNAPSHOT_VERSION}): update tracelinks to open it.`
      : `${ctx.file} has no snapshot version this tracelinks reads (\`version\` is ${typeof version === 'number' ? version : typeName(version)}, expected ${SNAPSHOT_VERSION}).`;
    snapshotProblem(ctx, at(path, 'version'), message, 'input.snapshot-version');
    return undefined;
  }
  try {
    const tables: ReadTables = { files: readFiles(doc, ctx, path), resources: readResources(doc, ctx, path) };
    readSpans(doc, ctx, path, tables);
    readProblems(doc, ctx, path);
    return { notes: readNotes(doc, ctx, path), view: readView(doc, ctx, path), redaction: readRedaction(doc, ctx, path) };
  } catch (e) {
    // Not expected (every field is checked), but a snapshot must never take the app down.
    snapshotProblem(ctx, top, `The snapshot could not be read: ${e instanceof Error ? e.message : String(e)}.`);
    return undefined;
  }
}
