/**
 * Properties of reading (issue 7):
 * - generated span sets survive every writer tracelinks has (OTLP JSON, snapshot file, share
 *   URL), read back by `readTraceFile`, with the same summary, diagnostics and spans;
 * - mutated files (text, bytes, gzip, JSON trees) never get past the reader's boundary: no
 *   exception, well-formed spans and `input.*` problems naming the file, an analysis that does
 *   not throw, and `Object.prototype` untouched.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { analyse, type Analysis } from '../analyse';
import type { Diagnostic } from '../diagnostics/types';
import { normaliseSpanId, normaliseTraceId } from '../ids';
import type { AttrMap, AttrValue, Span } from '../model/span';
import { toOtlpJson } from '../share/otlp-writer';
import { buildSnapshot, snapshotText } from '../share/snapshot';
import { DEFAULT_VIEW, NO_REDACTION, type ShareState } from '../share/types';
import { decodeShareFragment, encodeShareFragment } from '../share/url-codec';
import { spanSet } from '../test-support/arbitrary-spans';
import { readTraceFile } from './index';
import { parseJsonText } from './json-text';
import type { ReadResult } from './types';

/** `PROPERTY_RUNS_SCALE=20 npx vitest run …` hunts longer than the default few seconds. */
const SCALE = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);
const runs = (n: number): number => Math.max(1, Math.round(n * SCALE));
/** Each property takes well under 2 s here; the timeout leaves room for slow machines. */
const TIMEOUT = 20_000 * Math.max(1, SCALE);

const STATE: ShareState = { notes: [], view: DEFAULT_VIEW, redaction: NO_REDACTION };

/** What must not change when spans go through a writer that does not keep their files. */
const structural = (d: Diagnostic) => ({ code: d.code, severity: d.severity, traceId: d.traceId, spanId: d.spanId, linkIndex: d.linkIndex, target: d.target, file: d.file, where: d.where });
/** And what the panel and the CLI show besides. */
const shown = (d: Diagnostic) => ({ ...structural(d), message: d.message, hint: d.hint });

const spansOf = (a: Analysis): Span[] => [...a.set.spans.values(), ...a.set.duplicates.map((d) => d.second)];
const named = (spans: readonly Span[], file: string): Span[] => spans.map((s) => ({ ...s, source: file }));

function snapshotDoc(a: Analysis, slim: boolean) {
  return buildSnapshot({ spans: [...a.set.spans.values()], duplicates: a.set.duplicates.map((d) => d.second), problems: [], state: STATE }, { slim });
}

function viaUrl(text: ReturnType<typeof snapshotDoc>, file: string): ReadResult {
  const decoded = decodeShareFragment(`#${encodeShareFragment(text)}`);
  if (!decoded.ok) throw new Error(decoded.message);
  return readTraceFile(file, decoded.text);
}

const EVERY_CODE = [
  'link.invalid-context',
  'link.missing-trace',
  'link.missing-span',
  'link.self',
  'link.duplicate',
  'span.duplicate-id',
  'span.invalid-id',
  'span.missing-parent',
  'span.dropped-links',
  'span.expected-link-absent',
];

describe('every writer gives back what was read (property)', () => {
  it('OTLP JSON, snapshot file and share URL: same summary, diagnostics and spans', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(spanSet({ form: 'read' }), fc.boolean(), (spans, slim) => {
        const before = analyse([{ file: 'in.json', spans, problems: [] }]);
        for (const d of before.diagnostics) seen.add(d.code);

        // OTLP JSON keeps everything but the files: messages are those of the spans under its name.
        const otlp = readTraceFile('out.otlp.json', toOtlpJson(spans));
        expect(otlp.problems).toEqual([]);
        expect(otlp.spans).toEqual(named(spans, 'out.otlp.json'));
        const afterOtlp = analyse([otlp]);
        const renamed = analyse([{ file: 'out.otlp.json', spans: named(spans, 'out.otlp.json'), problems: [] }]);
        expect(afterOtlp.summary).toEqual(before.summary);
        expect(afterOtlp.diagnostics.map(structural)).toEqual(before.diagnostics.map(structural));
        expect(afterOtlp.diagnostics.map(shown)).toEqual(renamed.diagnostics.map(shown));
        // Only `span.duplicate-id` names files.
        const noFiles = (a: Analysis) => a.diagnostics.filter((d) => d.code !== 'span.duplicate-id').map(shown);
        expect(noFiles(afterOtlp)).toEqual(noFiles(before));

        // The snapshot and the share URL keep the files too (slim ones drop what no diagnostic reads).
        const doc = snapshotDoc(before, slim);
        for (const back of [readTraceFile('x.tracelinks.json', snapshotText(doc)), viaUrl(doc, 'shared.tracelinks.json')]) {
          expect(back.problems).toEqual([]);
          const after = analyse([back]);
          expect(after.summary).toEqual(before.summary);
          expect(after.diagnostics.map(shown)).toEqual(before.diagnostics.map(shown));
          if (slim) expect([...after.set.spans.keys()]).toEqual([...before.set.spans.keys()]);
          else expect(spansOf(after)).toEqual(spansOf(before));
        }

        // And the writers chained: snapshot -> OTLP JSON -> snapshot.
        const chained = readTraceFile('again.json', snapshotText(snapshotDoc(analyse([readTraceFile('c.otlp.json', toOtlpJson(spansOf(before)))]), false)));
        expect(analyse([chained]).summary).toEqual(before.summary);
      }),
      { numRuns: runs(150) },
    );
    for (const code of EVERY_CODE) expect(seen, code).toContain(code);
  }, TIMEOUT);
});

// ---------------------------------------------------------------------------------------------
// Mutations.

const FIXTURES = [
  'otlp-json/jaeger_link_attributes_trace.json',
  'otlp-json/opentelemetry-proto_examples_trace.json',
  'otlp-jsonl/jaeger-ui_otlp2jaeger-multi-in.jsonl',
  'otlp-jsonl/opentelemetry-bash_context_propagation_http_netcat_otlp.json',
  'tempo/tempo_servicegraphs_trace-with-virtual-nodes.json',
  'jaeger/jaeger_uimodel_ui_01.json',
  'jaeger/jaeger-ui_TraceGraph_testTrace.json',
  'zipkin/zipkin_messaging.json',
  'zipkin/zipkin_skew.json',
  'otel-python-console/monocle_trace3.json',
].map((path) => readFileSync(new URL(`../../../../shared/fixtures/${path}`, import.meta.url), 'utf8'));

/** A valid file: a fixture, or generated spans as OTLP JSON or as a snapshot. */
const validText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...FIXTURES),
  spanSet({ form: 'read', maxSpans: 6 }).map(toOtlpJson),
  spanSet({ maxSpans: 6 }).map((spans) => snapshotText(snapshotDoc(analyse([{ file: 'g.json', spans, problems: [] }]), false))),
);

/** What JSON texts break on, besides random characters. */
const token = fc.oneof(
  fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', '\\u', '\\ud800', 'null', 'true', '-', '0', '1e999', '-1e999', 'NaN', 'Infinity', '\n', '\r\n', '\ufeff', '\u0000', '\ud800', '"__proto__":', '"constructor":{"prototype":{"polluted":1}}', '{"__proto__":{"polluted":1}}'),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);

type TextMutation = (text: string) => string;
const at = (text: string, f: number) => Math.floor(f * (text.length + 1));
/** Uniform in [0, 1) (fc.double is uniform over representations: nearly all of them tiny). */
const fraction = fc.integer({ min: 0, max: 0xffff }).map((n) => n / 0x10000);

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.tuple(fraction, fc.integer({ min: 1, max: 64 })).map(([f, n]): TextMutation => (t) => t.slice(0, at(t, f)) + t.slice(at(t, f) + n)),
  fc.tuple(fraction, token).map(([f, s]): TextMutation => (t) => t.slice(0, at(t, f)) + s + t.slice(at(t, f))),
  fc.tuple(fraction, token).map(([f, s]): TextMutation => (t) => t.slice(0, at(t, f)) + s + t.slice(at(t, f) + s.length)),
  fraction.map((f): TextMutation => (t) => t.slice(0, at(t, f))),
  fc.tuple(fraction, fc.integer({ min: 1, max: 200 }), fraction).map(([f, n, g]): TextMutation => (t) => {
    const slice = t.slice(at(t, f), at(t, f) + n);
    return t.slice(0, at(t, g)) + slice + t.slice(at(t, g));
  }),
);

type ByteMutation = (bytes: Uint8Array) => Uint8Array;
const byteAt = (b: Uint8Array, f: number) => Math.floor(f * b.length);
const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.tuple(fraction, fc.integer({ min: 0, max: 255 })).map(([f, v]): ByteMutation => (b) => {
    const out = b.slice();
    if (out.length > 0) out[byteAt(b, f)] = v;
    return out;
  }),
  fc.tuple(fraction, fc.uint8Array({ minLength: 1, maxLength: 4 })).map(([f, ins]): ByteMutation => (b) => new Uint8Array([...b.subarray(0, byteAt(b, f)), ...ins, ...b.subarray(byteAt(b, f))])),
  fc.tuple(fraction, fc.integer({ min: 1, max: 16 })).map(([f, n]): ByteMutation => (b) => new Uint8Array([...b.subarray(0, byteAt(b, f)), ...b.subarray(byteAt(b, f) + n)])),
  fraction.map((f): ByteMutation => (b) => b.slice(0, byteAt(b, f))),
);

// JSON trees: a value of another type at a random place, a key dropped, a key renamed to one
// that names a prototype member.
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];
/** An object with an own `__proto__` (or any) key, as JSON.parse makes one. */
function own(entries: readonly [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}
let deep: unknown = 'bottom';
for (let i = 0; i < 200; i++) deep = i % 2 === 0 ? [deep] : { value: deep };
const REPLACEMENTS: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  2 ** 64,
  '',
  'x',
  '0'.repeat(40),
  'AAAAAAAAAAAAAAAAAAAAAA==',
  '99999999999999999999999',
  '-',
  [],
  [null],
  {},
  { stringValue: 1, intValue: {} },
  own([['__proto__', { polluted: 'yes' }]]),
  own([['constructor', { prototype: { polluted: 'yes' } }]]),
  deep,
];

type Tree = unknown;
/** Every place in a tree: the path of keys and indexes that leads to it. */
function places(tree: Tree, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (out.length > 5000) return out;
  if (Array.isArray(tree)) tree.forEach((v, i) => places(v, [...path, i], out));
  else if (typeof tree === 'object' && tree !== null) for (const k of Object.keys(tree)) places((tree as Record<string, unknown>)[k], [...path, k], out);
  return out;
}

/** The tree with `edit` applied to the node at `path` (a copy along the path; `undefined` drops it). */
function edit(tree: Tree, path: readonly (string | number)[], change: (node: Tree, key: string | number | undefined) => [string | number | undefined, Tree] | undefined): Tree {
  if (path.length === 0) return change(tree, undefined)?.[1] ?? null;
  const [head, ...rest] = path;
  const child = Array.isArray(tree) ? tree[head as number] : (tree as Record<string, unknown>)[head as string];
  const replaced = rest.length === 0 ? change(child, head) : ([head, edit(child, rest, change)] as [string | number, Tree]);
  if (Array.isArray(tree)) {
    const copy = tree.slice();
    if (replaced === undefined) copy.splice(head as number, 1);
    else copy[head as number] = replaced[1];
    return copy;
  }
  const entries: [string, unknown][] = [];
  for (const k of Object.keys(tree as object)) {
    if (k !== head) entries.push([k, (tree as Record<string, unknown>)[k]]);
    else if (replaced !== undefined) entries.push([String(replaced[0] ?? k), replaced[1]]);
  }
  return own(entries);
}

/** Fields the readers look at, in every format: where a value of another type hurts most. */
const FIELDS = new Set([
  ...['resourceSpans', 'batches', 'result', 'resource', 'scopeSpans', 'scope', 'spans', 'traceId', 'spanId', 'parentSpanId', 'name', 'kind'],
  ...['startTimeUnixNano', 'endTimeUnixNano', 'timeUnixNano', 'status', 'code', 'message', 'attributes', 'key', 'value', 'values', 'events', 'links'],
  ...['traceState', 'droppedLinksCount', 'stringValue', 'intValue', 'doubleValue', 'boolValue', 'arrayValue', 'kvlistValue', 'bytesValue'],
  ...['data', 'traceID', 'spanID', 'references', 'refType', 'startTime', 'duration', 'tags', 'type', 'processID', 'processes', 'serviceName', 'process'],
  ...['id', 'parentId', 'timestamp', 'localEndpoint', 'remoteEndpoint', 'shared', 'annotations', 'binaryAnnotations'],
  ...['context', 'trace_id', 'span_id', 'parent_id', 'start_time', 'end_time', 'status_code', 'description', 'trace_state'],
  ...['tracelinks', 'version', 'files', 'file', 'resources', 'startUs', 'durationUs', 'timeUs', 'problems', 'notes', 'view', 'redaction'],
]);
/** Numbers JSON.stringify cannot write: put in as text markers, turned into raw tokens after. */
const RAW_NUMBERS = ['1e999', '-1e999', '-0', '1e-400', '9007199254740993', '123456789012345678901234567890'];
const RAW = (n: string) => `\u0000raw:${n}`;
const FIELD_VALUES: readonly unknown[] = [...REPLACEMENTS, 2 ** 53, 2 ** 32, -(2 ** 53), 1e300, -1e300, 0.1, 255, 256, 768, 6, 3, '2', '-5', '0x1', ' 1 ', ...RAW_NUMBERS.map(RAW)];
const fromMarkers = (json: string) => json.replace(/"\\u0000raw:([^"]*)"/g, '$1');

type TreeMutation = (tree: Tree) => Tree;
/** A field the readers read given a value of another type, or an extreme one. */
const fieldMutation: fc.Arbitrary<TreeMutation> =
  // The field is picked by name first, so rare ones (`droppedLinksCount`) are hit as often as `key`.
  fc.tuple(fraction, fraction, fc.constantFrom(...FIELD_VALUES)).map(([f, g, v]): TreeMutation => (t) => {
    const byName = new Map<string, (string | number)[][]>();
    for (const p of places(t)) {
      const last = p[p.length - 1];
      const name = typeof last === 'number' ? '[]' : String(last);
      if (FIELDS.has(name) || name === '[]') byName.set(name, [...(byName.get(name) ?? []), p]);
    }
    const names = [...byName.keys()];
    if (names.length === 0) return t;
    const all = byName.get(names[Math.floor(f * names.length)]!)!;
    return edit(t, all[Math.floor(g * all.length)]!, (_, k) => [k, v]);
  });
const treeMutation: fc.Arbitrary<TreeMutation> = fc.oneof(
  { arbitrary: fieldMutation, weight: 4 },
  // A value of another type, anywhere.
  { arbitrary: fc.tuple(fraction, fc.constantFrom(...REPLACEMENTS)).map(([f, v]): TreeMutation => (t) => {
    const all = places(t);
    return edit(t, all[Math.floor(f * all.length)]!, (_, k) => [k, v]);
  }), weight: 1 },
  // The same value under a prototype key (`__proto__`, `constructor`, ...).
  { arbitrary: fc.tuple(fraction, fc.constantFrom(...HOSTILE_KEYS)).map(([f, name]): TreeMutation => (t) => {
    const all = places(t).filter((p) => typeof p[p.length - 1] === 'string');
    if (all.length === 0) return t;
    return edit(t, all[Math.floor(f * all.length)]!, (node) => [name, node]);
  }), weight: 2 },
  // Dropped.
  { arbitrary: fraction.map((f): TreeMutation => (t) => {
    const all = places(t).filter((p) => p.length > 0);
    if (all.length === 0) return t;
    return edit(t, all[Math.floor(f * all.length)]!, () => undefined);
  }), weight: 1 },
);

/** The JSON values of a text mutated, written back one per line. */
function mutateTrees(text: string, mutations: readonly TreeMutation[], pick: number): string {
  const values = parseJsonText(text).values.map((v) => v.value);
  if (values.length === 0) return text;
  const i = Math.floor(pick * values.length);
  values[i] = mutations.reduce((t, m) => m(t), values[i]);
  return values.map((v) => fromMarkers(JSON.stringify(v))).join('\n');
}

const KINDS = new Set(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']);
const STATUSES = new Set(['unset', 'ok', 'error']);

/** What is wrong with an attribute value as the model has it (plain data, no undefined, no stray objects). */
function valueProblem(v: AttrValue, depth = 0): string | undefined {
  if (depth > 1000) return 'too deep';
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : `number ${v}`;
  if (Array.isArray(v)) {
    for (const x of v as readonly AttrValue[]) {
      const p = valueProblem(x, depth + 1);
      if (p !== undefined) return p;
    }
    return undefined;
  }
  const map = v as AttrMap;
  if (typeof v === 'object' && Object.keys(v).length === 1 && Array.isArray(map.kvlist)) return attributesProblem(map.kvlist, depth + 1);
  return `value ${typeof v} ${JSON.stringify(v)?.slice(0, 60)}`;
}
function attributesProblem(list: unknown, depth = 0): string | undefined {
  if (!Array.isArray(list)) return 'attributes not a list';
  for (const a of list as unknown[]) {
    if (typeof a !== 'object' || a === null || typeof (a as { key: unknown }).key !== 'string') return 'attribute without a string key';
    const p = valueProblem((a as { value: AttrValue }).value, depth);
    if (p !== undefined) return `${(a as { key: string }).key}: ${p}`;
  }
  return undefined;
}
const optionalNumber = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isFinite(v));
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

/** Everything wrong with a span as the model types it. */
function spanProblems(s: Span): string[] {
  const out: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  check(typeof s.traceId === 'string' && typeof s.spanId === 'string', 'ids');
  check(typeof s.validId === 'boolean', 'validId');
  check(optionalString(s.parentSpanId) && s.parentSpanId !== '', 'parentSpanId');
  check(typeof s.name === 'string' && typeof s.service === 'string', 'name/service');
  check(KINDS.has(s.kind) && STATUSES.has(s.status), 'kind/status');
  check(optionalNumber(s.startUs) && optionalNumber(s.durationUs), 'times');
  check(optionalString(s.statusMessage) && optionalString(s.scope), 'status message/scope');
  check(Number.isSafeInteger(s.droppedLinksCount) && s.droppedLinksCount >= 0, `droppedLinksCount ${s.droppedLinksCount}`);
  for (const [what, list] of [['attributes', s.attributes], ['resource', s.resource]] as const) {
    const p = attributesProblem(list);
    if (p !== undefined) out.push(`${what}: ${p}`);
  }
  check(Array.isArray(s.events) && Array.isArray(s.links), 'events/links');
  for (const e of s.events) {
    check(typeof e.name === 'string' && optionalNumber(e.timeUs), 'event');
    const p = attributesProblem(e.attributes);
    if (p !== undefined) out.push(`event attributes: ${p}`);
  }
  for (const l of s.links) {
    check(typeof l.traceId === 'string' && typeof l.spanId === 'string' && typeof l.valid === 'boolean' && optionalString(l.traceState), 'link');
    const p = attributesProblem(l.attributes);
    if (p !== undefined) out.push(`link attributes: ${p}`);
  }
  check(typeof s.source === 'string', 'source');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Malformed ids are kept in one normal form (ids.ts): reading that form again gives it back,
// still invalid. (These properties found the forms that were not: numbers read back valid.)

/** Invalid ids that reading their own text again would change, or make valid. */
function unstable(traceId: string, spanId: string): boolean {
  const t = normaliseTraceId(traceId);
  const s = normaliseSpanId(spanId);
  return t.id !== traceId || s.id !== spanId || (t.valid && s.valid);
}

/** Where a span's malformed ids are not in their normal form ('' when all are). */
function unstableIds(s: Span): string {
  if (!s.validId && unstable(s.traceId, s.spanId)) return `ids ${s.traceId}/${s.spanId}`;
  if (s.parentSpanId !== undefined && normaliseSpanId(s.parentSpanId).id !== s.parentSpanId) return `parent ${s.parentSpanId}`;
  const link = s.links.find((l) => !l.valid && unstable(l.traceId, l.spanId));
  return link ? `link ${link.traceId}/${link.spanId}` : '';
}

const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
const ARRAY_PROTO_NAMES = Object.getOwnPropertyNames(Array.prototype).sort();

/** Reads a damaged input and checks that nothing got past the boundary. */
function readsSafely(file: string, input: string | Uint8Array): void {
  let result: ReadResult | undefined;
  expect(() => {
    result = readTraceFile(file, input);
  }).not.toThrow();
  const r = result!;
  expect(r.file).toBe(file);
  expect(Array.isArray(r.spans) && Array.isArray(r.problems)).toBe(true);
  for (const p of r.problems) {
    expect(p.file).toBe(file);
    expect(p.code).toMatch(/^input\./);
    expect(typeof p.message).toBe('string');
    expect(p.where === undefined || typeof p.where === 'string').toBe(true);
  }
  // An exception inside a reader is caught at the boundary as `input.unreadable`: still a bug.
  expect(r.problems.filter((p) => p.code === 'input.unreadable').map((p) => p.message)).toEqual([]);
  for (const s of r.spans) {
    expect(spanProblems(s), JSON.stringify(s).slice(0, 300)).toEqual([]);
    // A snapshot keeps its stored ids verbatim (tracelinks writes them in normal form); every
    // other reader gives malformed ids in the normal form.
    if (r.format !== 'tracelinks-snapshot') expect(unstableIds(s)).toBe('');
  }
  let a: Analysis | undefined;
  expect(() => {
    a = analyse([r, r]);
  }).not.toThrow();
  for (const d of a!.diagnostics) {
    expect(typeof d.message === 'string' && typeof d.hint === 'string').toBe(true);
    if (d.code.startsWith('input.')) {
      expect(d.file).toBe(file);
      expect(d.message).toContain(file);
    }
  }
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_NAMES);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(ARRAY_PROTO_NAMES);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const fileName = fc.constantFrom('mutant.json', 'm\u00fct\u00e4nt.jsonl', 'x.json.gz', 'shared.tracelinks.json', '__proto__');

describe('mutated files never get past the reader (property)', () => {
  it('text: characters deleted, inserted, replaced, a slice duplicated, cut short', () => {
    fc.assert(
      fc.property(validText, fc.array(textMutation, { minLength: 1, maxLength: 4 }), fileName, (text, mutations, file) => {
        readsSafely(file, mutations.reduce((t, m) => m(t), text));
      }),
      { numRuns: runs(200) },
    );
  }, TIMEOUT);

  it('bytes: as a file, and gzipped (damaged after or before the compression)', () => {
    fc.assert(
      fc.property(validText, fc.array(byteMutation, { minLength: 1, maxLength: 4 }), fc.constantFrom('plain', 'gzip-then-damage', 'damage-then-gzip'), fileName, (text, mutations, how, file) => {
        const damage = (b: Uint8Array) => mutations.reduce((x, m) => m(x), b);
        const bytes = how === 'plain' ? damage(utf8(text)) : how === 'gzip-then-damage' ? damage(gzipSync(utf8(text))) : gzipSync(damage(utf8(text)));
        readsSafely(file, bytes);
      }),
      { numRuns: runs(150) },
    );
  }, TIMEOUT);

  it('JSON trees: values of another type, keys dropped or renamed to __proto__, constructor and the like', () => {
    fc.assert(
      fc.property(validText, fc.array(treeMutation, { minLength: 1, maxLength: 4 }), fraction, fileName, (text, mutations, pick, file) => {
        readsSafely(file, mutateTrees(text, mutations, pick));
      }),
      { numRuns: runs(200) },
    );
  }, TIMEOUT);
});

/** A damaged file of any format, by JSON tree or by text. */
const damagedText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(validText, fc.array(treeMutation, { minLength: 1, maxLength: 3 }), fraction).map(([t, m, pick]) => mutateTrees(t, m, pick)) },
  { weight: 1, arbitrary: fc.tuple(validText, fc.array(textMutation, { minLength: 1, maxLength: 2 })).map(([t, m]) => m.reduce((x, f) => f(x), t)) },
);
/** JSON has no -0 (nor does a snapshot): compare without it. */
const plain = (spans: readonly Span[]): unknown => JSON.parse(JSON.stringify(spans));
const OTLP_FORMATS = new Set(['otlp-json', 'otlp-jsonl', 'tempo']);
/** OTLP JSON keeps whole microseconds up to 2^53 (year 2255): past that, sums and products round. */
const exactTimes = (s: Span): boolean =>
  [s.startUs, s.durationUs, (s.startUs ?? 0) + (s.durationUs ?? 0), ...s.events.map((e) => e.timeUs)].every((t) => t === undefined || Number.isSafeInteger(t));

describe('whatever a reader reads, the writers give back (property)', () => {
  it('damaged files of every format: snapshot and share URL give back summary, diagnostics and spans; OTLP JSON what OTLP gave', () => {
    let compared = 0;
    fc.assert(
      fc.property(damagedText, (text) => {
        const file = 'damaged.json';
        const r = readTraceFile(file, text);
        if (r.spans.length === 0) return;
        compared++;
        const before = analyse([r]);
        const doc = buildSnapshot({ spans: [...before.set.spans.values()], duplicates: before.set.duplicates.map((d) => d.second), problems: r.problems, state: STATE });
        for (const back of [readTraceFile(file, snapshotText(doc)), viaUrl(doc, file)]) {
          expect(back.problems).toEqual(r.problems);
          const after = analyse([back]);
          expect(after.summary).toEqual(before.summary);
          expect(after.diagnostics.map(shown)).toEqual(before.diagnostics.map(shown));
          expect(plain(spansOf(after))).toEqual(plain(spansOf(before)));
        }
        if (OTLP_FORMATS.has(r.format ?? '') && r.spans.every(exactTimes)) {
          const otlp = readTraceFile(file, toOtlpJson(r.spans));
          expect(otlp.problems).toEqual([]);
          expect(plain(otlp.spans)).toEqual(plain(r.spans));
          const spansOnly = analyse([{ ...r, problems: [] }]);
          const after = analyse([otlp]);
          expect(after.summary).toEqual(spansOnly.summary);
          expect(after.diagnostics.map(shown)).toEqual(spansOnly.diagnostics.map(shown));
        }
      }),
      { numRuns: runs(200) },
    );
    // Most damaged files still hold spans: the property compares something.
    expect(compared).toBeGreaterThan(runs(200) / 3);
  }, TIMEOUT);
});

describe('reader bugs these properties found, pinned by their minimal examples', () => {
  const T = '4bf92f3577b34da6a3ce929d0e0e4736';
  const S = '00f067aa0ba902b7';
  const otlp = (fields: string) => `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${T}","spanId":"${S}"${fields}}]}]}]}`;
  /** The analysis of a file, and of its snapshot read back. */
  function throughSnapshot(text: string): { before: Analysis; after: Analysis } {
    const before = analyse([readTraceFile('in.json', text)]);
    return { before, after: analyse([readTraceFile('in.json', snapshotText(snapshotDoc(before, false)))]) };
  }

  it('a droppedLinksCount past 2^53 (1e300) keeps its span through a snapshot', () => {
    const { before, after } = throughSnapshot(otlp(',"droppedLinksCount":1e300'));
    expect(after.summary).toEqual(before.summary);
  });

  it('1e999 as a doubleValue is not Infinity in the model', () => {
    const [span] = readTraceFile('in.json', otlp(',"attributes":[{"key":"a","value":{"doubleValue":1e999}}]')).spans;
    expect(span!.attributes[0]!.value).not.toBe(Infinity);
  });

  it('a link span id written as the number 1234567890123456 stays invalid through a snapshot', () => {
    const { before, after } = throughSnapshot(otlp(`,"links":[{"traceId":"${T}","spanId":1234567890123456}]`));
    expect(before.summary.invalidContext).toBe(1);
    expect(after.summary).toEqual(before.summary);
  });

  it('a link span id "0x0xAB" reads back the same through OTLP JSON', () => {
    const r = readTraceFile('in.json', otlp(',"links":[{"traceId":"x","spanId":"0x0xAB"}]'));
    expect(readTraceFile('in.json', toOtlpJson(r.spans)).spans).toEqual(r.spans);
  });
});
