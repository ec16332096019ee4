/**
 * A scanned span's row (scanned-span.ts, packed straight from the text) against the row readSpan
 * notes for the same span parsed: the same columns and flags, the same problems, the same Tempo
 * verdict, for ids in every form a file may write them, snake_case keys, and the facts a row keeps.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { SpanId, TraceId } from '../ids';
import { ROW_CONSUMER_WITHOUT_LINKS } from '../model/row-flags';
import { SpanRows } from '../model/span-rows';
import { attributesMatter, consumerWithoutLinks, newReadState, readSpan } from './otlp';
import type { SpanFacts } from './otlp';
import { readOtlpText } from './otlp-text';
import type { ReaderContext } from './types';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';
const PARENT = '00f067aa0ba902b7';
/** What a member may hold (`undefined`: the span has no such key). */
const traceIds = [TRACE, TRACE.toUpperCase(), `0x${TRACE}`, ` ${TRACE} `, 'CvdlGRbNQ92ESOshHIAxnA==', '0'.repeat(32), '', 'abc', null, 7, undefined];
const spanIds = [SPAN, SPAN.toUpperCase(), `0x${SPAN}`, 't61rcWkgMzE=', '0'.repeat(16), '', 'b7ad', null, 12, undefined];
const parentIds = [PARENT, PARENT.toUpperCase(), '0'.repeat(16), '', 'APBnqgupArc=', null, 3, undefined];
const starts = ['1700000000000000000', 1700000000000000000, ' 17 ', '', 'soon', null, undefined];
const kinds = [2, 5, '5', 'SPAN_KIND_CONSUMER', 'odd', null, undefined];
const statuses = [{}, { code: 2 }, { code: 'STATUS_CODE_ERROR', message: 'x' }, { code: '2' }, 'bad', undefined];
const links = [[{ traceId: TRACE, spanId: PARENT, attributes: [{ key: 'k', value: { stringValue: 'v' } }] }], [{ traceId: 'bad', spanId: '' }], [], 'bad', undefined];
const drops = [0, 3, '4', -1, undefined];
const attributes = [
  [{ key: 'messaging.operation.type', value: { stringValue: 'process' } }],
  [{ key: 'messaging.batch.message_count', value: { intValue: '3' } }],
  [{ key: 'm\u00e9ssaging.x', value: { stringValue: 'messaging.y' } }],
  [{ key: 'http.method', value: { stringValue: 'GET' } }],
  'bad',
  undefined,
];
const names = ['GET /', 'a "quoted" \u00e9 name', 7, undefined];

const member = <T>(values: readonly T[]) => fc.constantFrom(...values);
const spanObject = fc
  .record({
    traceId: member(traceIds),
    spanId: member(spanIds),
    parentSpanId: member(parentIds),
    name: member(names),
    kind: member(kinds),
    startTimeUnixNano: member(starts),
    status: member(statuses),
    links: member(links),
    droppedLinksCount: member(drops),
    attributes: member(attributes),
    snake: fc.constantFrom('none', 'trace_id', 'span_id', 'parent_span_id', 'start_time_unix_nano', 'dropped_links_count'),
  })
  .map(({ snake, ...o }) => {
    const span: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (v !== undefined) span[k] = v;
    // A snake_case twin, next to its camelCase key or alone.
    if (snake === 'trace_id') span.trace_id = TRACE;
    if (snake === 'span_id') span.span_id = SPAN;
    if (snake === 'parent_span_id') span.parent_span_id = PARENT;
    if (snake === 'start_time_unix_nano') span.start_time_unix_nano = '1700000000000001000';
    if (snake === 'dropped_links_count') span.dropped_links_count = 2;
    return span;
  });

const LIST_PATH = 'resourceSpans[0].scopeSpans[0].spans';

/** Every column and flag of every row. */
function columns(rows: SpanRows) {
  return Array.from({ length: rows.count }, (_, i) => ({
    traceId: rows.traceIdAt(i),
    spanId: rows.spanIdAt(i),
    parentId: rows.parentIdAt(i),
    name: rows.nameAt(i),
    service: rows.serviceAt(i),
    start: rows.startAt(i),
    flags: rows.flagsAt(i),
    dropped: rows.droppedAt(i),
    links: rows.linksAt(i),
  }));
}

/** The rows readSpan notes for the spans parsed one by one, as the walk's fallback would. */
function byReadSpan(spans: readonly unknown[]) {
  const ctx: ReaderContext = { file: 'f.json', spans: [], problems: [], ownsInput: true };
  const state = newReadState(ctx);
  const rows = new SpanRows(() => {
    throw new Error('not asked');
  });
  state.rows = rows;
  const origin = { resource: [], service: 'svc', scope: undefined };
  spans.forEach((span, i) => readSpan(JSON.parse(JSON.stringify(span)), state, LIST_PATH, i, origin, true));
  return { columns: columns(rows), problems: ctx.problems, tempo: state.info.tempo };
}

function byScan(spans: readonly unknown[]) {
  const text = JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeSpans: [{ spans }] }] });
  const ctx: ReaderContext = { file: 'f.json', spans: [], problems: [], ownsInput: true };
  const read = readOtlpText(text, ctx)!;
  return { columns: columns(read.rows), problems: ctx.problems, tempo: read.tempo };
}

describe('readScannedSpan', () => {
  it('notes the row readSpan notes, for ids in every form, snake_case keys and the facts a row keeps', () => {
    fc.assert(
      fc.property(fc.array(spanObject, { minLength: 1, maxLength: 6 }), (spans) => {
        expect(byScan(spans)).toEqual(byReadSpan(spans));
      }),
      { numRuns: 600 },
    );
  });

  it('reads a span’s attributes for its consumer flag only when its links, dropped links and kind leave it open', () => {
    const facts = (links: number, dropped: number, kind: SpanFacts['kind']): SpanFacts => ({ kind, status: 'unset', links: Array.from({ length: links }, () => ({ traceId: TRACE as TraceId, spanId: PARENT as SpanId, valid: true, attributes: [] })), dropped });
    const processing = [{ key: 'messaging.operation.type', value: { stringValue: 'process' } }];
    expect([facts(1, 0, 'server'), facts(0, 2, 'server'), facts(0, 0, 'consumer'), facts(0, 0, 'server')].map(attributesMatter)).toEqual([false, false, false, true]);
    expect(consumerWithoutLinks(facts(1, 0, 'server'), processing)).toBe(false);
    expect(consumerWithoutLinks(facts(0, 0, 'consumer'), undefined)).toBe(true);
    expect(consumerWithoutLinks(facts(0, 0, 'server'), processing)).toBe(true);
    expect(consumerWithoutLinks(facts(0, 0, 'server'), [{ key: 'http.method', value: { stringValue: 'GET' } }])).toBe(false);
    // Scanned: a span with links has its links parsed, never its messaging attributes.
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const link = { traceId: TRACE, spanId: PARENT };
      const read = byScan([{ traceId: TRACE, spanId: SPAN, links: [link], attributes: processing }]);
      const parsed = parse.mock.calls.map(([text]) => text);
      expect(parsed).toContain(JSON.stringify([link]));
      expect(parsed).not.toContain(JSON.stringify(processing));
      expect(read.columns[0]!.flags & ROW_CONSUMER_WITHOUT_LINKS).toBe(0);
    } finally {
      parse.mockRestore();
    }
  });

  it('packs canonical ids straight from the text, and leaves other forms to readSpan', () => {
    const packed = vi.spyOn(SpanRows.prototype, 'addPackedRow');
    const byText = vi.spyOn(SpanRows.prototype, 'addRow');
    try {
      byScan([{ traceId: TRACE, spanId: SPAN, parentSpanId: PARENT }, { traceId: TRACE, spanId: PARENT, parentSpanId: '' }]);
      expect([packed.mock.calls.length, byText.mock.calls.length]).toEqual([2, 0]);
      byScan([{ traceId: TRACE, spanId: 't61rcWkgMzE=' }, { traceId: TRACE, spanId: SPAN, parentSpanId: PARENT.toUpperCase() }, { traceId: TRACE, spanId: SPAN, parent_span_id: PARENT }]);
      // Base64 and upper case go to readSpan's addRow; the snake_case parent to readSpan too,
      // which packs canonical ids of a parsed span itself.
      expect([packed.mock.calls.length, byText.mock.calls.length]).toEqual([3, 2]);
    } finally {
      packed.mockRestore();
      byText.mockRestore();
    }
  });

  it('packs canonical ids straight from the text, and the row says what readSpan says', () => {
    const spans = [
      { traceId: TRACE, spanId: SPAN, parentSpanId: PARENT, name: 'n', kind: 5, startTimeUnixNano: '1700000000000000000', status: { code: 2 } },
      { traceId: TRACE, spanId: PARENT, parentSpanId: '', name: 'n', attributes: [{ key: 'messaging.operation.type', value: { stringValue: 'receive' } }] },
    ];
    const scanned = byScan(spans);
    expect(scanned).toEqual(byReadSpan(spans));
    expect(scanned.columns.map((c) => [c.spanId, c.parentId, c.start])).toEqual([
      [SPAN, PARENT, 1700000000000000],
      [PARENT, undefined, Number.NaN],
    ]);
  });
});
