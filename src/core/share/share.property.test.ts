import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse } from '../analyse';
import type { SpanId, TraceId } from '../ids';
import type { AttrValue, Attribute, Span, SpanEvent, SpanKind, SpanLink, StatusCode } from '../model/span';
import type { InputProblem, ReadResult } from '../readers/types';
import { redactSpans } from './redact';
import { shown, snapshotOf, spansOf, structural, viaFile, viaFragment } from './roundtrip.testutil';
import type { Note, Redaction, SharedView, ShareState } from './types';

/**
 * Generated span sets (random ids, malformed ones too, parents, links to loaded and missing
 * targets, duplicates, hostile strings and keys) survive the snapshot file and the share fragment
 * with the same summary, diagnostics and spans; redaction keeps the summary and diagnostics.
 */
const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const odd = fc.constantFrom('trace-123', 'span-1', 'A/B', '0'.repeat(32), '0'.repeat(16), 'ABCDEF0123456789', '', ' x ', '\ud800', '__proto__');
const traceIds = fc.array(fc.oneof({ weight: 4, arbitrary: hex(32) }, { weight: 1, arbitrary: odd }), { minLength: 1, maxLength: 4 });
const spanIds = fc.array(fc.oneof({ weight: 4, arbitrary: hex(16) }, { weight: 1, arbitrary: odd }), { minLength: 1, maxLength: 8 });

const text = fc.oneof(
  fc.constantFrom('', 'checkout', 'process', 'receive', '__proto__', 'constructor', 'a\nb', '\ud800', 'span-1', 'service-2', '\u2039redacted\u203a'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const key = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'messaging.operation.type', 'messaging.operation', 'messaging.batch.message_count', 'messaging.system', 'link.type', 'service.name', 'k'),
  fc.string({ maxLength: 8 }),
);
/** Finite numbers without -0 (JSON has no -0; the model compares it equal to 0 anyway). */
const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)));
const { value } = fc.letrec<{ value: AttrValue; attributes: Attribute[] }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    tie('attributes').map((kvlist) => ({ kvlist })),
  ),
  attributes: fc.array(fc.record({ key, value: tie('value') }), { maxLength: 3 }),
}));
const attributes = fc.array(fc.record({ key, value }), { maxLength: 4 });

const kind = fc.constantFrom<SpanKind>('unspecified', 'internal', 'server', 'client', 'producer', 'consumer');
const status = fc.constantFrom<StatusCode>('unset', 'ok', 'error');
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** As the model and the readers have it: lower-case hex of the right length, not all zeros. */
const validHex = (id: string, length: number) => id.length === length && /^[0-9a-f]+$/.test(id) && !/^0+$/.test(id);

function spanSet(): fc.Arbitrary<Span[]> {
  return fc.tuple(traceIds, spanIds).chain(([tids, sids]) => {
    const tid = fc.constantFrom(...tids);
    // Links point at loaded ids and at ids nobody loaded.
    const linkTrace = fc.oneof(tid, hex(32), odd);
    const linkSpan = fc.oneof(fc.constantFrom(...sids), hex(16), odd);
    const link = fc
      .record({ traceId: linkTrace, spanId: linkSpan, traceState: optional(text), attributes })
      .map(({ traceId, spanId, traceState, attributes: a }): SpanLink => {
        const base = { traceId: traceId as TraceId, spanId: spanId as SpanId, valid: validHex(traceId, 32) && validHex(spanId, 16), attributes: a };
        return traceState === undefined ? base : { ...base, traceState };
      });
    const event = fc.record({ name: text, timeUs: optional(fc.integer({ min: 0 })), attributes }).map(({ name, timeUs, attributes: a }): SpanEvent => (timeUs === undefined ? { name, attributes: a } : { name, timeUs, attributes: a }));
    const span = fc
      .record({
        traceId: tid,
        spanId: fc.constantFrom(...sids),
        parent: optional(fc.oneof(fc.constantFrom(...sids), hex(16))),
        name: text,
        service: fc.constantFrom('', 'checkout', 'payments', 'email', 'process'),
        kind,
        status,
        statusMessage: optional(text),
        startUs: optional(fc.integer({ min: 0, max: 2 ** 52 })),
        durationUs: optional(fc.integer({ min: -5, max: 10 ** 7 })),
        attributes,
        resource: attributes,
        scope: optional(text),
        events: fc.array(event, { maxLength: 2 }),
        links: fc.array(link, { maxLength: 4 }),
        droppedLinksCount: fc.constantFrom(0, 0, 0, 1, 3),
        source: fc.constantFrom('a.json', 'b.json.gz', '__proto__', 'd\u00e9j\u00e0.json'),
      })
      .map((s): Span => {
        const out: { -readonly [K in keyof Span]: Span[K] } = {
          traceId: s.traceId as TraceId,
          spanId: s.spanId as SpanId,
          validId: validHex(s.traceId, 32) && validHex(s.spanId, 16),
          name: s.name,
          service: s.service,
          kind: s.kind,
          status: s.status,
          attributes: s.attributes,
          resource: s.resource,
          events: s.events,
          links: s.links,
          droppedLinksCount: s.droppedLinksCount,
          source: s.source,
        };
        if (s.parent !== undefined && s.parent !== '' && !/^0+$/.test(s.parent)) out.parentSpanId = s.parent as SpanId;
        if (s.startUs !== undefined) out.startUs = s.startUs;
        if (s.durationUs !== undefined) out.durationUs = s.durationUs;
        if (s.statusMessage !== undefined) out.statusMessage = s.statusMessage;
        if (s.scope !== undefined) out.scope = s.scope;
        return out;
      });
    return fc.array(span, { maxLength: 25 });
  });
}

const problem = fc
  .record({ code: fc.constantFrom('input.not-json', 'input.bad-span', 'input.gzip', 'input.x'), file: text, where: optional(text), message: text })
  .map((p): InputProblem => (p.where === undefined ? { code: p.code as `input.${string}`, file: p.file, message: p.message } : (p as InputProblem)));

const note = fc.record({ target: fc.oneof(hex(32).map((t) => `trace:${t}`), fc.tuple(hex(32), hex(16)).map(([t, s]) => `${t}/${s}`)), text: text }) as fc.Arbitrary<Note>;
const view = fc
  .record({
    level: fc.constantFrom<SharedView['level']>('traces', 'spans'),
    openTrace: optional(hex(32)),
    selected: optional(fc.tuple(hex(32), hex(16)).map(([t, s]) => `${t}/${s}`)),
    causalPath: fc.boolean(),
    onlyProblems: fc.boolean(),
    search: text,
    theme: optional(fc.constantFrom<'light' | 'dark'>('light', 'dark')),
  })
  .map((v) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as unknown as SharedView);
const redaction = fc.record({ values: fc.boolean(), names: fc.boolean() });
const NONE: Redaction = { values: false, names: false };

/** The spans split over 1–3 files, in order, with their problems. */
const results = fc.tuple(spanSet(), fc.array(problem, { maxLength: 3 }), fc.integer({ min: 1, max: 3 })).map(([spans, problems, files]): ReadResult[] => {
  const size = Math.ceil(spans.length / files);
  return Array.from({ length: files }, (_, i) => ({ file: `f${i}.json`, spans: spans.slice(i * size, (i + 1) * size), problems: i === 0 ? problems : [] }));
});

describe('share round trips (property)', () => {
  it('a snapshot file and a share fragment give back the same summary, diagnostics and spans', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(results, fc.array(note, { maxLength: 3 }), view, fc.boolean(), (rs, notes, v, slim) => {
        const state: ShareState = { notes, view: v, redaction: NONE };
        const { analysis, doc } = snapshotOf(rs, state, { slim });
        for (const d of analysis.diagnostics) seen.add(d.code);
        for (const back of [viaFile(doc), viaFragment(doc)]) {
          expect(back.share).toEqual(state);
          const again = analyse([back]);
          expect(again.summary).toEqual(analysis.summary);
          expect(again.diagnostics.map(shown)).toEqual(analysis.diagnostics.map(shown));
          if (!slim) expect(spansOf(again)).toEqual(spansOf(analysis));
          else expect([...again.set.spans.keys()]).toEqual([...analysis.set.spans.keys()]);
        }
      }),
      { numRuns: 150 },
    );
    // The generator reaches every case the round trip must keep.
    for (const code of ['link.invalid-context', 'link.missing-trace', 'link.missing-span', 'link.self', 'link.duplicate', 'span.duplicate-id', 'span.invalid-id', 'span.missing-parent', 'span.dropped-links', 'span.expected-link-absent']) {
      expect(seen, code).toContain(code);
    }
  });

  it('redaction keeps the summary and the diagnostics (codes, spans, links), through a snapshot too', () => {
    fc.assert(
      fc.property(results, redaction, (rs, r) => {
        const before = analyse(rs);
        const all = redactSpans(rs.flatMap((x) => x.spans), r);
        const after = analyse([{ file: 'redacted', spans: all, problems: rs.flatMap((x) => x.problems) }]);
        expect(after.summary).toEqual(before.summary);
        expect(after.diagnostics.map(structural)).toEqual(before.diagnostics.map(structural));
        const { doc } = snapshotOf(rs, { notes: [], view: { level: 'spans', causalPath: false, onlyProblems: false, search: 'q' }, redaction: r });
        const back = viaFragment(doc);
        const again = analyse([back]);
        expect(again.summary).toEqual(before.summary);
        expect(again.diagnostics.map(structural)).toEqual(before.diagnostics.map(structural));
        expect(back.share!.view.search).toBe(r.values || r.names ? '' : 'q');
        expect(back.share!.redaction).toEqual(r);
      }),
      { numRuns: 150 },
    );
  });
});
