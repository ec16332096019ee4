import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse } from '../analyse';
import type { InputProblem, ReadResult } from '../readers/types';
import { hex, optional, spanSet, text } from '../test-support/arbitrary-spans';
import { redactSpans } from './redact';
import { shown, snapshotOf, spansOf, structural, viaFile, viaFragment } from './roundtrip.testutil';
import type { Note, Redaction, SharedView, ShareState } from './types';

/**
 * Generated span sets (random ids, malformed ones too, parents, links to loaded and missing
 * targets, duplicates, hostile strings and keys) survive the snapshot file and the share fragment
 * with the same summary, diagnostics and spans; redaction keeps the summary and diagnostics.
 */
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
    expanded: optional(fc.array(hex(32), { minLength: 1, maxLength: 3 })),
    unstacked: optional(fc.array(hex(32), { minLength: 1, maxLength: 3 })),
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
