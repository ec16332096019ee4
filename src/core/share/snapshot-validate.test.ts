import { describe, expect, it } from 'vitest';
import { analyse } from '../analyse';
import { readTraceFile } from '../readers/index';
import type { ReaderContext } from '../readers/types';
import { readSnapshotDocument } from './snapshot';
import { DEFAULT_VIEW, NO_REDACTION } from './types';

/** Reading hand-written (or tampered) snapshot documents: every field checked, nothing thrown. */
const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const S1 = '00f067aa0ba902b7';
const S2 = '00f067aa0ba902b8';
const good = (spanId: string, extra: Record<string, unknown> = {}) => ({ traceId: T, spanId, name: 'op', service: 'svc', kind: 'server', file: 0, ...extra });
const snapshot = (extra: Record<string, unknown> = {}) => ({ tracelinks: 'snapshot', version: 1, files: ['a.json'], spans: [good(S1)], ...extra });
const read = (doc: unknown) => {
  const ctx: ReaderContext = { file: 'x.tracelinks.json', spans: [], problems: [] };
  const share = readSnapshotDocument(doc, ctx, '');
  return { share, spans: ctx.spans, problems: ctx.problems };
};
const readText = (doc: unknown) => readTraceFile('x.tracelinks.json', JSON.stringify(doc));

describe('readSnapshotDocument', () => {
  it('reads a minimal snapshot, with the defaults for what is absent', () => {
    const r = read(snapshot());
    expect(r.problems).toEqual([]);
    expect(r.share).toEqual({ notes: [], view: DEFAULT_VIEW, redaction: NO_REDACTION });
    expect(r.spans).toEqual([
      { traceId: T, spanId: S1, validId: true, name: 'op', service: 'svc', kind: 'server', status: 'unset', attributes: [], resource: [], events: [], links: [], droppedLinksCount: 0, source: 'a.json' },
    ]);
  });

  it('is detected by its structure whatever the file is called', () => {
    const r = readTraceFile('whatever.json', JSON.stringify(snapshot()));
    expect(r.format).toBe('tracelinks-snapshot');
    expect(r.spans.length).toBe(1);
    expect(r.share).toEqual({ notes: [], view: DEFAULT_VIEW, redaction: NO_REDACTION });
    expect(readTraceFile('o.json', '{"resourceSpans": []}').share).toBeUndefined();
  });

  it('refuses a newer version with a clear problem, and loads nothing', () => {
    const r = readText(snapshot({ version: 2 }));
    expect(r.spans).toEqual([]);
    expect(r.share).toBeUndefined();
    expect(r.problems).toEqual([
      {
        code: 'input.snapshot-version',
        file: 'x.tracelinks.json',
        where: 'version',
        message: 'x.tracelinks.json was written by a newer tracelinks (snapshot version 2; this one reads version 1): update tracelinks to open it.',
      },
    ]);
    for (const version of ['1', 0, 1.5, null, undefined]) {
      const p = read(snapshot({ version })).problems;
      expect(p.map((x) => x.code)).toEqual(['input.snapshot-version']);
      expect(p[0]!.message).toMatch(/has no snapshot version this tracelinks reads/);
    }
    const d = analyse([r]).diagnostics[0]!;
    expect(d).toMatchObject({ code: 'input.snapshot-version', severity: 'error', file: 'x.tracelinks.json' });
  });

  it('keeps the good spans when some are bad, naming each bad one by its JSON path', () => {
    const spans = [
      good(S1),
      good(S2, { kind: 'bogus' }),
      'a string',
      good(S2, { traceId: 5 }),
      good(S2, { attributes: { k: 'v' } }),
      good(S2, { attributes: [{ key: 'k' }] }),
      good(S2, { links: [{ traceId: T }] }),
      good(S2, { file: 3 }),
      good(S2, { file: undefined }),
      good(S2, { droppedLinksCount: -1 }),
      good(S2, { startUs: '12' }),
      good(S2, { status: 'fine' }),
      good(S2, { events: [{ name: 1 }] }),
      good(S2, { attributes: [{ key: 'k', value: { no: 'kvlist' } }] }),
      good(S2, { resource: 0 }),
      good('00f067aa0ba902b9', { startUs: 5, durationUs: 7, status: 'error', statusMessage: 'boom', scope: 'lib' }),
    ];
    const r = readText(snapshot({ spans }));
    expect(r.spans.map((s) => s.spanId)).toEqual([S1, '00f067aa0ba902b9']);
    expect(r.spans[1]).toMatchObject({ startUs: 5, durationUs: 7, status: 'error', statusMessage: 'boom', scope: 'lib' });
    expect(r.problems.map((p) => [p.code, p.where])).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((i) => ['input.bad-span', `spans[${i}]`]),
    );
    const messages = r.problems.map((p) => p.message);
    expect(messages[0]).toBe('This span could not be read: `kind` "bogus" is not a span kind. The rest was loaded.');
    expect(messages[1]).toBe('This span could not be read: it is a string, not an object. The rest was loaded.');
    expect(messages[2]).toBe('This span could not be read: `traceId` is a number, not a string. The rest was loaded.');
    expect(messages[3]).toMatch(/`attributes` is an object, not an array/);
    expect(messages[4]).toMatch(/`attributes\[0\]` has no value/);
    expect(messages[5]).toMatch(/`links\[0\]\.spanId` is missing/);
    expect(messages[6]).toMatch(/`file` is not the index of an entry in `files` \(3\)/);
    expect(messages[7]).toMatch(/`file` is missing/);
    expect(messages[13]).toMatch(/`resource` is not the index of an entry in `resources`/);
    // In the analysis each is an input.bad-span error naming the snapshot and the place.
    const d = analyse([r]).diagnostics.filter((x) => x.code === 'input.bad-span');
    expect(d.length).toBe(14);
    expect(d[0]!.message).toBe('x.tracelinks.json (spans[1]): This span could not be read: `kind` "bogus" is not a span kind. The rest was loaded.');
  });

  it('reports past 100 bad spans with one count', () => {
    const r = read(snapshot({ spans: Array.from({ length: 150 }, () => 7) }));
    expect(r.problems.length).toBe(101);
    expect(r.problems[100]!.message).toBe('50 more spans could not be read.');
  });

  it('refuses wrong types at the top with a problem and reads the rest', () => {
    const r = read(snapshot({ files: 'a.json', spans: {}, problems: 3, notes: {}, view: [], redaction: 'yes' }));
    expect(r.share).toEqual({ notes: [], view: DEFAULT_VIEW, redaction: NO_REDACTION });
    expect(r.problems.map((p) => [p.code, p.where])).toEqual([
      ['input.bad-snapshot', 'files'],
      ['input.bad-span', 'spans'],
      ['input.bad-snapshot', 'problems'],
      ['input.bad-snapshot', 'notes'],
      ['input.bad-snapshot', 'view'],
      ['input.bad-snapshot', 'redaction'],
    ]);
    expect(read([snapshot()]).problems.map((p) => p.code)).toEqual(['input.unknown-format']);
    expect(read(null).share).toBeUndefined();
  });

  it('validates notes, view and redaction field by field: defaults and a problem for a wrong type, unknown fields ignored', () => {
    const r = read(
      snapshot({
        notes: [
          { target: `trace:${T}`, text: 'a', extra: 1 },
          { target: `${T}/${S1}`, text: 'b' },
          { target: 'nothing', text: 'c' },
          { target: `trace:${T}`, text: 5 },
          { target: `trace:${T}`, text: 'x'.repeat(10_001) },
          'note',
        ],
        view: { level: 'boxes', openTrace: T, selected: 7, causalPath: 'yes', onlyProblems: true, search: 'q', theme: 'blue', zoom: 3, expanded: [T, 5], unstacked: [T] },
        redaction: { values: true, names: 'no', other: true },
        future: { anything: true },
      }),
    );
    expect(r.share).toEqual({
      notes: [
        { target: `trace:${T}`, text: 'a' },
        { target: `${T}/${S1}`, text: 'b' },
      ],
      view: { level: 'spans', openTrace: T, causalPath: false, onlyProblems: true, search: 'q', unstacked: [T] },
      redaction: { values: true, names: false },
    });
    expect(r.problems.map((p) => p.where)).toEqual([
      'notes[2]',
      'notes[3]',
      'notes[4]',
      'notes[5]',
      'view.level',
      'view.selected',
      'view.causalPath',
      'view.theme',
      'view.expanded',
      'redaction.names',
    ]);
    expect(r.problems.every((p) => p.code === 'input.bad-snapshot' && !p.message.includes('\n'))).toBe(true);
  });

  it('gives back the stored problems as they were', () => {
    const problems = [
      { code: 'input.not-json', file: 'b.json', where: 'line 3, column 17', message: 'Unexpected token' },
      { code: 'input.gzip', file: 'c.json.gz', message: 'c.json.gz starts as gzip but could not be decompressed.' },
      { code: 'link.self', file: 'b.json', message: 'not an input problem' },
      { code: 'input.x', file: 'b.json', message: 'm', where: 4 },
    ];
    const r = read(snapshot({ problems }));
    expect(r.problems.slice(0, 2)).toEqual(problems.slice(0, 2));
    expect(r.problems.slice(2).map((p) => [p.code, p.where])).toEqual([
      ['input.bad-snapshot', 'problems[2]'],
      ['input.bad-snapshot', 'problems[3]'],
    ]);
  });

  it('takes a stored id as valid only when it is lower-case hex of the right length and not all zeros', () => {
    const ids: [string, string, boolean][] = [
      [T, S1, true],
      [T.toUpperCase(), S1, false],
      ['0'.repeat(32), S1, false],
      [T, '0'.repeat(16), false],
      [T.slice(1), S1, false],
      ['trace-123', 'span-1', false],
      ['ABEiM0RVZneImaq7zN3u/w==', S1, false],
    ];
    const spans = ids.map(([traceId, spanId], i) => good(spanId, { traceId, name: `n${i}`, links: [{ traceId, spanId }] }));
    const r = read(snapshot({ spans }));
    expect(r.problems).toEqual([]);
    expect(r.spans.map((s) => [s.traceId, s.spanId, s.validId])).toEqual(ids);
    expect(r.spans.map((s) => s.links[0]!.valid)).toEqual(ids.map((x) => x[2]));
  });

  it('keeps __proto__ and constructor keys as data, never on a prototype', () => {
    const text = `{"tracelinks":"snapshot","version":1,"files":["a.json"],"__proto__":{"polluted":true},"spans":[{"traceId":"${T}","spanId":"${S1}","name":"n","service":"s","kind":"internal","file":0,"__proto__":{"validId":false},"attributes":[{"key":"__proto__","value":{"kvlist":[{"key":"constructor","value":"x"},{"key":"__proto__","value":[1,{"kvlist":[]}]}]}}]}],"view":{"__proto__":{"level":"traces"}}}`;
    const r = readTraceFile('p.tracelinks.json', text);
    expect(r.problems).toEqual([]);
    const span = r.spans[0]!;
    expect(span.validId).toBe(true);
    expect(Object.getPrototypeOf(span)).toBe(Object.prototype);
    expect(span.attributes).toEqual([{ key: '__proto__', value: { kvlist: [{ key: 'constructor', value: 'x' }, { key: '__proto__', value: [1, { kvlist: [] }] }] } }]);
    expect(r.share!.view).toEqual(DEFAULT_VIEW);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses values nested too deeply instead of overflowing the stack', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) value = [value];
    const r = read(snapshot({ spans: [good(S1, { attributes: [{ key: 'deep', value }] }), good(S2)] }));
    expect(r.spans.map((s) => s.spanId)).toEqual([S2]);
    expect(r.problems[0]!.message).toMatch(/nested too deeply/);
  });

  it('maps an empty or all-zero parent to a root, as every reader does', () => {
    const r = read(snapshot({ spans: [good(S1, { parentSpanId: '' }), good(S2, { parentSpanId: '0000000000000000' }), good('00f067aa0ba902b9', { parentSpanId: 'p' })] }));
    expect(r.spans.map((s) => s.parentSpanId)).toEqual([undefined, undefined, 'p']);
  });

  it('names a broken snapshot text as such', () => {
    const r = readTraceFile('x.tracelinks.json', '{"tracelinks":"snapshot","version":1,"spans":[');
    expect(r.problems[0]!.message).toMatch(/It looks like broken tracelinks snapshot\./);
  });
});
