import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse } from '../analyse';
import { readTraceFile } from '../readers/index';
import type { ReadResult } from '../readers/types';
import { repoFiles } from '../test-support/repo-files';
import { snapshotOf, shown, spansOf, STATE, viaFile, viaFragment } from './roundtrip.testutil';
import { buildSnapshot, snapshotText } from './snapshot';
import type { ShareState } from './types';

/**
 * Every real fixture, and the demo, through a snapshot file and a share fragment (full and slim):
 * read back, they give the same summary, the same diagnostics (messages, hints, files, places)
 * and, for a full snapshot, the same spans.
 */
const files = repoFiles(fs, (p) => new URL(p, import.meta.url));
const fixturePaths = files.fixturePaths();
const demoFiles = files.demoFiles();
const { loadFixture, loadDemo } = files;

/** Files with problems beside good ones: the `input.*` diagnostics must come back the same. */
const withProblems = (): ReadResult[] => [
  loadFixture('jaeger/jaeger_uimodel_ui_01.json'),
  readTraceFile('broken.json', '{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": 5}, {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "00f067aa0ba902b7", "name": "ok"}]}]}]}'),
  readTraceFile('notjson.json', '{"resourceSpans": [ oops'),
  readTraceFile('empty.json', ''),
  readTraceFile('other.json', '{"resourceMetrics": []}'),
  readTraceFile('lines.jsonl', '{"resourceSpans": []}\n{"what": 1}\n'),
];

const CASES: [string, () => ReadResult[]][] = [
  ...fixturePaths.map((p): [string, () => ReadResult[]] => [p, () => [loadFixture(p)]]),
  ['the demo (3 files)', loadDemo],
  ['every fixture at once', () => fixturePaths.map(loadFixture)],
  ['files with input problems', withProblems],
];

const REVIEW: ShareState = {
  notes: [
    { target: 'trace:4bf92f3577b34da6a3ce929d0e0e4736', text: 'The producer was sampled out.\nSee "INC-42".' },
    { target: '4bf92f3577b34da6a3ce929d0e0e4736/00f067aa0ba902b7' as ShareState['notes'][number]['target'], text: '' },
  ],
  view: { level: 'traces', openTrace: '4bf92f3577b34da6a3ce929d0e0e4736' as never, causalPath: true, onlyProblems: true, search: 'checkout', theme: 'dark' },
  redaction: { values: false, names: false },
};

describe('snapshot round trip', () => {
  it('covers every fixture directory', () => {
    expect(fixturePaths.length).toBeGreaterThanOrEqual(21);
    expect(demoFiles.length).toBe(3);
  });

  for (const [name, load] of CASES) {
    for (const slim of [false, true]) {
      it(`${name}${slim ? ' (slim)' : ''}: same summary, diagnostics and spans through a file and a fragment`, () => {
        const results = load();
        const { analysis, doc } = snapshotOf(results, REVIEW, { slim });
        for (const back of [viaFile(doc), viaFragment(doc)]) {
          expect(back.format).toBe('tracelinks-snapshot');
          expect(back.share).toEqual(REVIEW);
          const again = analyse([back]);
          expect(again.summary).toEqual(analysis.summary);
          expect(again.diagnostics.map(shown)).toEqual(analysis.diagnostics.map(shown));
          expect([...again.set.spans.keys()]).toEqual([...analysis.set.spans.keys()]);
          expect(again.set.duplicates.map((d) => d.key)).toEqual(analysis.set.duplicates.map((d) => d.key));
          if (!slim) expect(spansOf(again)).toEqual(spansOf(analysis));
        }
      });
    }
  }

  it('a second round trip writes the same text', () => {
    const { doc } = snapshotOf(loadDemo(), REVIEW);
    const text = snapshotText(doc);
    const back = viaFile(doc);
    const again = analyse([back]);
    const doc2 = buildSnapshot({ spans: [...again.set.spans.values()], duplicates: again.set.duplicates.map((d) => d.second), problems: back.problems, state: back.share! });
    expect(snapshotText(doc2)).toBe(text);
  });

  it('writes the documented top level, one span per line, and a slim snapshot without the bulk', () => {
    const { doc } = snapshotOf(loadDemo(), REVIEW);
    const text = snapshotText(doc);
    const top = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(top)).toEqual(['tracelinks', 'version', 'files', 'resources', 'spans', 'problems', 'notes', 'view', 'redaction']);
    expect(top.tracelinks).toBe('snapshot');
    expect(top.version).toBe(1);
    expect(top.files).toEqual(demoFiles);
    expect(text.split('\n').filter((l) => l.startsWith('{"traceId"')).length).toBe(doc.spans.length);
    const slim = snapshotOf(loadDemo(), REVIEW, { slim: true }).doc;
    expect(slim.resources).toEqual([]);
    expect(slim.spans.some((s) => s.events !== undefined || s.scope !== undefined || s.statusMessage !== undefined)).toBe(false);
    const kept = new Set(slim.spans.flatMap((s) => (s.attributes ?? []).map((a) => a.key)));
    for (const key of kept) expect(key).toMatch(/^messaging\.(operation|batch)/);
    expect(slim.spans.some((s) => s.links?.some((l) => (l.attributes ?? []).length > 0))).toBe(true);
    expect(snapshotText(slim).length).toBeLessThan(text.length * 0.6);
  });

  it('keeps both spans of a duplicate id whole in a slim snapshot, so they stay two', () => {
    const a = readTraceFile(
      'a.json',
      JSON.stringify({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', name: 'x', attributes: [{ key: 'k', value: { stringValue: '1' } }] },
                  { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', name: 'x', attributes: [{ key: 'k', value: { stringValue: '2' } }] },
                ],
              },
            ],
          },
        ],
      }),
    );
    const { analysis, doc } = snapshotOf([a], STATE, { slim: true });
    expect(analysis.set.duplicates.length).toBe(1);
    const again = analyse([viaFragment(doc)]);
    expect(again.diagnostics.map(shown)).toEqual(analysis.diagnostics.map(shown));
  });

  it('applies the state redaction to what it writes', () => {
    const { doc } = snapshotOf(loadDemo(), { ...REVIEW, redaction: { values: true, names: true } });
    const text = snapshotText(doc);
    expect(text).not.toContain('"checkout"');
    expect(doc.spans.every((s) => s.service === '' || /^service-\d+$/.test(s.service))).toBe(true);
    expect(doc.redaction).toEqual({ values: true, names: true });
  });

  it('keeps attribute keys such as __proto__ as data, through a file and a fragment', () => {
    const text = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: '__proto__', value: { stringValue: 'r' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
                  spanId: '00f067aa0ba902b7',
                  name: 'x',
                  attributes: [
                    { key: '__proto__', value: { stringValue: 'polluted?' } },
                    { key: 'constructor', value: { kvlistValue: { values: [{ key: '__proto__', value: { intValue: '1' } }] } } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const { analysis, doc } = snapshotOf([readTraceFile('p.json', text)]);
    for (const back of [viaFile(doc), viaFragment(doc)]) {
      const span = back.spans[0]!;
      expect(span.attributes).toEqual(analysis.set.spans.values().next().value!.attributes);
      expect(span.attributes[0]).toEqual({ key: '__proto__', value: 'polluted?' });
      expect(span.attributes[1]!.value).toEqual({ kvlist: [{ key: '__proto__', value: 1 }] });
      expect(span.resource).toEqual([{ key: '__proto__', value: 'r' }]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
