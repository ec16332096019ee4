/**
 * The span-by-span walk of one OTLP document (otlp-text.ts) must read exactly what the tree reader
 * reads from `JSON.parse` of the whole text: the same spans, problems (with their paths) and Tempo
 * verdict, on the shared fixtures, on generated span sets written as OTLP JSON (compact and
 * pretty-printed), and on the odd shapes it hands back, which must leave the context untouched.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toOtlpJson } from '../share/otlp-writer';
import { spanSet } from '../test-support/arbitrary-spans';
import { readTraceFile, WALK_ABOVE } from './index';
import { readOtlpDocument } from './otlp';
import { readOtlpText } from './otlp-text';
import type { InputProblem, ReaderContext } from './types';
import type { Span } from '../model/span';
import { ROW_ID_PACKED, ROW_PARENT_MASK, ROW_VALID_ID, spanFlags } from '../model/row-flags';
import type { SpanRows } from '../model/span-rows';
import { CUT_VALUE, MAX_VALUE_DEPTH } from './tags';

const FIXTURES = new URL('../../../../shared/fixtures/', import.meta.url);

function ctxOf(file = 'f.json'): ReaderContext {
  return { file, spans: [], problems: [], ownsInput: true };
}

/** The tree reader's answer for a text that is one JSON document. */
function byTree(text: string, file = 'f.json') {
  const ctx = ctxOf(file);
  const { tempo } = readOtlpDocument(JSON.parse(text), ctx, '');
  return { spans: ctx.spans, problems: ctx.problems, tempo };
}

/** The walk's answer, or undefined when it handed the text back (then the context must be as it was). */
function byWalk(text: string, file = 'f.json', before: InputProblem[] = []) {
  const ctx: ReaderContext = { file, spans: [], problems: [...before], ownsInput: true };
  const info = readOtlpText(text, ctx);
  if (info === undefined) {
    expect(ctx.spans).toEqual([]);
    expect(ctx.problems).toEqual(before);
    return undefined;
  }
  // The walk keeps columns, and makes each whole span again from the text when asked.
  expect(ctx.spans).toEqual([]);
  const spans = Array.from({ length: info.rows.count }, (_, i) => info.rows.span(i));
  expectColumns(info.rows, spans);
  return { spans, problems: ctx.problems, tempo: info.tempo };
}

/** Each row's columns say what its span says. */
function expectColumns(rows: SpanRows, spans: readonly Span[]): void {
  spans.forEach((span, i) => {
    const columns = {
      traceId: rows.traceIdAt(i),
      spanId: rows.spanIdAt(i),
      parentSpanId: rows.parentIdAt(i),
      name: rows.nameAt(i),
      service: rows.serviceAt(i),
      startUs: Number.isNaN(rows.startAt(i)) ? undefined : rows.startAt(i),
      droppedLinksCount: rows.droppedAt(i),
      links: rows.linksAt(i),
      validId: (rows.flagsAt(i) & ROW_VALID_ID) !== 0,
      // Valid ids, error, links, dropped links, consumer without links: what the span itself says.
      facts: rows.flagsAt(i) & ~(ROW_PARENT_MASK | ROW_ID_PACKED),
    };
    expect(columns).toEqual({
      traceId: span.traceId,
      spanId: span.spanId,
      parentSpanId: span.parentSpanId,
      name: span.name,
      service: span.service,
      startUs: span.startUs,
      droppedLinksCount: span.droppedLinksCount,
      links: span.links,
      validId: span.validId,
      facts: spanFlags(span),
    });
  });
}

const SPAN = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'n', kind: 2 };
const RESOURCE = { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] };

describe('readOtlpText: the shared fixtures', () => {
  for (const folder of ['otlp-json', 'tempo']) {
    for (const name of readdirSync(new URL(`${folder}/`, FIXTURES))) {
      const text = readFileSync(new URL(`${folder}/${name}`, FIXTURES), 'utf8');
      const doc: unknown = JSON.parse(text);
      const plain = typeof doc === 'object' && doc !== null && !Array.isArray(doc) && ['resourceSpans', 'resource_spans', 'batches'].includes(Object.keys(doc)[0]!);
      it(`${folder}/${name}: ${plain ? 'walked, with the tree reader’s result' : 'handed back (not the plain shape)'}`, () => {
        const walked = byWalk(text, name);
        if (!plain) {
          expect(walked).toBeUndefined();
          return;
        }
        expect(walked).toEqual(byTree(text, name));
        expect(walked!.spans.length).toBeGreaterThan(0);
      });
    }
  }
});

describe('readOtlpText: generated span sets', () => {
  it('reads any span set written as OTLP JSON, compact or pretty-printed, as the tree reader does', () => {
    fc.assert(
      fc.property(spanSet({ maxSpans: 12 }), fc.boolean(), (spans, pretty) => {
        const compact = toOtlpJson(spans);
        const text = pretty ? JSON.stringify(JSON.parse(compact), null, 2) : compact;
        const walked = byWalk(text);
        expect(walked).toBeDefined();
        expect(walked).toEqual(byTree(text));
      }),
      { numRuns: 60 },
    );
  });
});

describe('readOtlpText: mutated texts', () => {
  /** A text edit: delete, insert or replace one character, or repeat a slice. */
  const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('delete', 'insert', 'replace', 'repeat'), char: fc.constantFrom(...'{}[],:"\\ \n0aZ\u00e9'), length: fc.integer({ min: 1, max: 40 }) });
  const apply = (text: string, e: { at: number; kind: string; char: string; length: number }): string => {
    const at = e.at % (text.length + 1);
    if (e.kind === 'delete') return text.slice(0, at) + text.slice(at + 1);
    if (e.kind === 'insert') return text.slice(0, at) + e.char + text.slice(at);
    if (e.kind === 'replace') return text.slice(0, at) + e.char + text.slice(at + 1);
    return text.slice(0, at) + text.slice(at, at + e.length) + text.slice(at);
  };

  it('reads a text only when JSON.parse takes it, and then exactly as the tree reader does', () => {
    let read = 0;
    let handedBack = 0;
    fc.assert(
      fc.property(spanSet({ maxSpans: 6 }), fc.array(edit, { minLength: 1, maxLength: 3 }), (spans, edits) => {
        const text = edits.reduce(apply, toOtlpJson(spans));
        const walked = byWalk(text);
        if (walked === undefined) {
          handedBack++;
          return;
        }
        read++;
        // byTree parses the whole text: it throws if the walk read a text that is not JSON.
        expect(walked).toEqual(byTree(text));
      }),
      { numRuns: 300 },
    );
    // Both ways were taken, many times each.
    expect(read).toBeGreaterThan(30);
    expect(handedBack).toBeGreaterThan(30);
  });
});

describe('readOtlpText: shapes', () => {
  const walkedAsTree = (doc: unknown) => {
    const text = JSON.stringify(doc);
    const walked = byWalk(text);
    expect(walked).toBeDefined();
    expect(walked).toEqual(byTree(text));
    return walked!;
  };

  it('reads `batches` as Tempo, snake_case and pre-0.15 names, and keys it does not read', () => {
    expect(walkedAsTree({ batches: [{ resource: RESOURCE, scopeSpans: [{ spans: [SPAN] }] }] }).tempo).toBe(true);
    expect(walkedAsTree({ resource_spans: [{ resource: RESOURCE, scope_spans: [{ scope: { name: 'lib' }, spans: [SPAN] }] }] }).spans[0]).toMatchObject({ scope: 'lib', service: 'svc' });
    const old = walkedAsTree({ resourceSpans: [{ resource: RESOURCE, instrumentationLibrarySpans: [{ instrumentationLibrary: { name: 'old' }, spans: [SPAN] }] }] });
    expect(old.spans[0]).toMatchObject({ scope: 'old' });
    walkedAsTree({ resourceSpans: [{ resource: RESOURCE, schemaUrl: 'x', scopeSpans: [{ scope: null, schemaUrl: 'y', spans: [SPAN] }] }], extra: { a: [1, '}'] } });
  });

  it('reports bad spans, cut values and empty lists at the same paths', () => {
    // Nested past MAX_VALUE_DEPTH: the walk reads this span whole (not from columns), and cuts it.
    let deep: unknown = { stringValue: 'x' };
    for (let i = 0; i < MAX_VALUE_DEPTH + 6; i++) deep = { arrayValue: { values: [deep] } };
    const r = walkedAsTree({
      resourceSpans: [
        {},
        { resource: RESOURCE, scopeSpans: [] },
        { resource: RESOURCE, scopeSpans: [{}, { spans: [] }, { spans: [7, null, { name: 'no ids' }, { ...SPAN, attributes: [{ key: 'deep', value: deep }] }] }] },
      ],
    });
    expect(r.problems.map((p) => p.where)).toEqual(expect.arrayContaining(['resourceSpans[2].scopeSpans[2].spans[0]', 'resourceSpans[2].scopeSpans[2].spans[2]']));
    expect(r.problems.filter((p) => p.code === 'input.too-deep').map((p) => p.where)).toEqual(['resourceSpans[2].scopeSpans[2].spans[3]']);
    expect(r.spans).toHaveLength(1);
    // The span made again from its place in the text is cut the same way, and reports nothing again.
    let value: unknown = r.spans[0]!.attributes[0]!.value;
    while (Array.isArray(value)) value = value[0];
    expect(value).toBe(CUT_VALUE);
  });

  it('keeps problems already in the context (a cut gzip) before its own', () => {
    const before: InputProblem[] = [{ code: 'input.gzip', file: 'f.json', message: 'cut' }];
    const walked = byWalk(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [7] }] }] }), 'f.json', before);
    expect(walked!.problems.map((p) => p.code)).toEqual(['input.gzip', 'input.bad-span']);
  });

  it.each([
    ['another first key', '{"other":1,"resourceSpans":[]}'],
    ['two list keys', '{"resourceSpans":[],"batches":[]}'],
    ['a snapshot key', '{"resourceSpans":[],"tracelinks":"snapshot"}'],
    ['a repeated key (JSON.parse keeps the last)', '{"resourceSpans":[{"scopeSpans":[{"spans":[],"spans":[{"traceId":"a","spanId":"b"}]}]}]}'],
    ['the resource after the scopes', `{"resourceSpans":[{"scopeSpans":[],"resource":${JSON.stringify(RESOURCE)}}]}`],
    ['an escaped key', '{"resource\\u0053pans":[]}'],
    ['a list that is null', '{"resourceSpans":null}'],
    ['a ResourceSpans that is not an object', '{"resourceSpans":[1]}'],
    ['a second document (JSON lines)', '{"resourceSpans":[]}\n{"resourceSpans":[]}'],
    ['text after the document', '{"resourceSpans":[]} x'],
    ['a broken span', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"a",}]}]}]}'],
    ['a broken value it does not read', '{"resourceSpans":[],"x":[1,}'],
    ['NaN, which only the general path reads', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"a","spanId":"b","x":NaN}]}]}]}'],
    ['a raw line break in a key', '{"resource\nSpans":[]}'],
    ['a cut document', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"a"'],
    ['an array of documents', '[{"resourceSpans":[]}]'],
  ])('hands back %s, untouched', (_, text) => {
    expect(byWalk(text)).toBeUndefined();
  });

  it('leaves the odd shapes to readTraceFile’s general path, which reads them as before', () => {
    const repeated = readTraceFile('f.json', '{"resourceSpans":[{"scopeSpans":[{"spans":[],"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331"}]}]}]}');
    expect(repeated.spans).toHaveLength(1);
    expect(repeated.format).toBe('otlp-json');
    const later = readTraceFile('f.json', `{"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(SPAN)}]}],"resource":${JSON.stringify(RESOURCE)}}]}`);
    expect(later.spans[0]).toMatchObject({ service: 'svc' });
    const broken = readTraceFile('f.json', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"a",}]}]}]}');
    expect(broken.spans).toEqual([]);
    expect(broken.problems[0]).toMatchObject({ code: 'input.not-json', where: 'line 1, column 59' });
  });
});

describe('readTraceFile above WALK_ABOVE characters', () => {
  /** The text with trailing white space past the threshold (JSON allows it; both paths skip it). */
  const large = (text: string) => text + ' '.repeat(WALK_ABOVE + 1 - text.length);
  const parsing = (text: string) => {
    const parse = JSON.parse;
    let calls = 0;
    JSON.parse = ((t: string, r?: Parameters<typeof parse>[1]) => (calls++, parse(t, r))) as typeof parse;
    try {
      return { result: readTraceFile('f.json', text), calls };
    } finally {
      JSON.parse = parse;
    }
  };

  it('reads a plain document span by span, with the result of the general path', () => {
    const text = JSON.stringify({ resourceSpans: [{ resource: RESOURCE, scopeSpans: [{ spans: [SPAN, { ...SPAN, spanId: '00f067aa0ba902b7' }, 7] }] }] });
    const walked = parsing(large(text));
    // The resource, and the value that is not a span: the spans are scanned (span-scan.ts), not parsed.
    expect(walked.calls).toBe(2);
    expect(walked.result).toEqual(parsing(text).result);
    expect(walked.result.spans).toHaveLength(2);
  });

  it('hands another shape to the general path with the context untouched', () => {
    const repeated = `{"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify(SPAN)}],"spans":[]}]}]}`;
    const { result } = parsing(large(repeated));
    // JSON.parse keeps the last `spans`: none, and no trace of the walk's first try.
    expect(result).toEqual({ file: 'f.json', format: 'otlp-json', spans: [], problems: [] });
  });
});

