/**
 * Properties of the link graph and the merge (issue 7), on generated span sets (malformed ids,
 * ids holding the key's `/`, duplicates, links to loaded, missing and malformed targets):
 * - the summary is what a plain recount of the kept spans gives (brokenLinks is its three parts);
 * - every link edge ends at a loaded span; placeholders exist exactly for the broken targets;
 * - boxes, parent edges and roots are consistent with the spans;
 * - loading the same file again changes nothing; the order of the files does not change the
 *   summary nor the diagnostics (when no two different spans share an id: then the first loaded
 *   is kept, by contract, and only the span and trace counts stay the same).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse } from '../analyse';
import type { Diagnostic } from '../diagnostics/types';
import { addSpans, createSpanSet } from '../model/merge';
import type { Span } from '../model/span';
import { spanSet } from '../test-support/arbitrary-spans';
import { makeLink, makeSpan } from '../test-support/make-span';
import { buildGraph, INVALID_TARGET_PREFIX } from './build-graph';
import type { LinkGraph, Summary } from './types';

/** `PROPERTY_RUNS_SCALE=20 npx vitest run …` hunts longer than the default few seconds. */
const SCALE = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);
const runs = (n: number): number => Math.max(1, Math.round(n * SCALE));
/** Each property takes well under a second here; the timeout leaves room for slow machines. */
const TIMEOUT = 20_000 * Math.max(1, SCALE);

/** Both generator forms: ids as any file may hold them, and as the OTLP reader normalises them. */
const spans = fc.oneof(spanSet(), spanSet({ form: 'read' }));

const flat = (traceId: string, spanId: string) => `${traceId}/${spanId}`;

/** The summary recounted by hand: the first span under each key is kept (DIAGNOSTICS.md "Identity"). */
function recount(list: readonly Span[]): Summary {
  const kept = new Map<string, Span>();
  for (const s of list) if (!kept.has(flat(s.traceId, s.spanId))) kept.set(flat(s.traceId, s.spanId), s);
  const traces = new Set<string>();
  const ids = new Set<string>();
  for (const s of kept.values()) {
    traces.add(s.traceId);
    ids.add(JSON.stringify([s.traceId, s.spanId]));
  }
  const loaded = (t: string, sp: string) => ids.has(JSON.stringify([t, sp]));
  const c: Summary = { traces: traces.size, spans: kept.size, links: 0, brokenLinks: 0, invalidContext: 0, missingTrace: 0, missingSpan: 0, missingParent: 0, droppedLinks: 0 };
  for (const s of kept.values()) {
    c.droppedLinks += s.droppedLinksCount;
    if (s.parentSpanId !== undefined && !loaded(s.traceId, s.parentSpanId)) c.missingParent++;
    for (const l of s.links) {
      c.links++;
      if (!l.valid) c.invalidContext++;
      else if (!traces.has(l.traceId)) c.missingTrace++;
      else if (!loaded(l.traceId, l.spanId)) c.missingSpan++;
    }
  }
  c.brokenLinks = c.invalidContext + c.missingTrace + c.missingSpan;
  return c;
}

/** Every structural invariant of a graph built from `kept` (the set's spans, by key). */
function checkGraph(graph: LinkGraph): void {
  const keys = new Set(graph.spans.keys());
  // Boxes: each loaded span in exactly the box of its trace; a box is a placeholder iff it has no span.
  const boxed = new Map<string, string>();
  for (const [traceId, box] of graph.traces) {
    expect(box.traceId).toBe(traceId);
    expect(box.placeholder).toBe(box.spans.length === 0);
    for (const k of box.spans) {
      expect(keys.has(k), k).toBe(true);
      expect(graph.spans.get(k)!.traceId).toBe(traceId);
      expect(boxed.has(k), `${k} in two boxes`).toBe(false);
      boxed.set(k, traceId);
    }
    if (box.placeholder) expect(box.root).toBeUndefined();
    else expect(box.spans).toContain(box.root);
    for (const p of box.placeholders) expect(graph.placeholders.get(p)?.traceId).toBe(traceId);
  }
  expect(boxed.size).toBe(keys.size);

  // Link edges: one per link record, ending at the span that holds it.
  let links = 0;
  graph.spans.forEach((s) => (links += s.links.length));
  expect(graph.linkEdges).toHaveLength(links);
  const edgeIds = new Set<string>();
  const brokenFrom = new Map<string, string>();
  for (const e of graph.linkEdges) {
    expect(keys.has(e.to), `edge ${e.id} ends at ${e.to}`).toBe(true);
    expect(edgeIds.has(e.id)).toBe(false);
    edgeIds.add(e.id);
    const link = graph.spans.get(e.to)!.links[e.linkIndex]!;
    expect(e.attributes).toBe(link.attributes);
    if (e.status === 'ok') {
      const target = graph.spans.get(e.from);
      expect(target, `ok edge from ${e.from}`).toBeDefined();
      expect([target!.traceId, target!.spanId]).toEqual([link.traceId, link.spanId]);
      expect(graph.placeholders.has(e.from)).toBe(false);
    } else {
      expect(e.status === 'invalid-context').toBe(!link.valid);
      expect(keys.has(e.from), `placeholder ${e.from} is a loaded span`).toBe(false);
      expect(brokenFrom.get(e.from) ?? e.status).toBe(e.status);
      brokenFrom.set(e.from, e.status);
    }
  }
  // Placeholders: exactly the broken targets, each in its box, with the reason of its edges.
  expect(new Set(graph.placeholders.keys())).toEqual(new Set(brokenFrom.keys()));
  for (const [key, p] of graph.placeholders) {
    expect(p.key).toBe(key);
    expect(p.reason).toBe(brokenFrom.get(key));
    const box = graph.traces.get(p.traceId);
    expect(box?.placeholders).toContain(key);
    if (p.reason === 'invalid-context') expect(p.traceId.startsWith(INVALID_TARGET_PREFIX)).toBe(true);
    if (p.reason === 'missing-trace') expect(box!.placeholder).toBe(true);
    if (p.reason === 'missing-span') expect(box!.placeholder).toBe(false);
  }

  // Parent edges: at most one per child, within a trace, to the loaded parent it names, never itself.
  const children = new Set<string>();
  for (const e of graph.parentEdges) {
    const parent = graph.spans.get(e.parent)!;
    const child = graph.spans.get(e.child)!;
    expect(parent && child).toBeTruthy();
    expect(e.parent).not.toBe(e.child);
    expect(child.traceId).toBe(parent.traceId);
    expect(child.parentSpanId).toBe(parent.spanId);
    expect(children.has(e.child)).toBe(false);
    children.add(e.child);
  }
}

/** Diagnostics as a multiset: the order within a severity follows load order. */
const sorted = (ds: readonly Diagnostic[]): string[] =>
  ds.map((d) => JSON.stringify([d.code, d.severity, d.traceId, d.spanId, d.linkIndex, d.target, d.message])).sort();

describe('link graph (property)', () => {
  it('the summary is a recount of the kept spans, and brokenLinks is the sum of its parts', () => {
    fc.assert(
      fc.property(spans, (list) => {
        const { summary } = analyse([{ file: 'f.json', spans: list, problems: [] }]);
        expect(summary.brokenLinks).toBe(summary.invalidContext + summary.missingTrace + summary.missingSpan);
        expect(summary).toEqual(recount(list));
      }),
      { numRuns: runs(200) },
    );
  }, TIMEOUT);

  it('link edges end at loaded spans, placeholders exist exactly for broken targets, boxes and parent edges hold', () => {
    let placeholders = 0;
    fc.assert(
      fc.property(spans, (list) => {
        const set = createSpanSet();
        addSpans(set, list);
        const graph = buildGraph(set);
        placeholders += graph.placeholders.size;
        checkGraph(graph);
      }),
      { numRuns: runs(200) },
    );
    expect(placeholders).toBeGreaterThan(0);
  }, TIMEOUT);

  it('loading the same file again (or again later) changes nothing', () => {
    fc.assert(
      fc.property(spans, spanSet({ maxSpans: 5 }), (list, other) => {
        const a = { file: 'a.json', spans: list, problems: [] };
        const b = { file: 'b.json', spans: other, problems: [] };
        const once = analyse([a, b]);
        for (const again of [analyse([a, a, b]), analyse([a, b, a]), analyse([a, b, b, a])]) {
          expect(again.summary).toEqual(once.summary);
          expect([...again.set.spans.keys()]).toEqual([...once.set.spans.keys()]);
          expect(again.set.duplicates).toHaveLength(once.set.duplicates.length);
          // Only the file list differs (b.json named twice, say): not the diagnostics of the spans.
          expect(sorted(again.diagnostics)).toEqual(sorted(once.diagnostics));
        }
        const set = createSpanSet();
        addSpans(set, list);
        expect(addSpans(set, list)).toEqual({ added: 0, duplicates: 0 });
      }),
      { numRuns: runs(150) },
    );
  }, TIMEOUT);

  it('the order of the files does not change the summary nor the diagnostics', () => {
    // Spans without two different ones under one key, spread over files, some in several.
    const files = spans.chain((list) => {
      const unique = [...new Map(list.map((s) => [flat(s.traceId, s.spanId), s])).values()];
      return fc
        .tuple(
          fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2 }), { minLength: unique.length, maxLength: unique.length }),
          fc.constant(unique),
        )
        .map(([where, kept]) =>
          [0, 1, 2, 3].map((f) => ({ file: `f${f}.json`, spans: kept.filter((_, i) => where[i]!.includes(f)).map((s) => ({ ...s, source: `f${f}.json` })), problems: [] })),
        );
    });
    fc.assert(
      fc.property(files, fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), (rs, keys) => {
        const shuffled = rs.map((r, i) => ({ r, k: keys[i]! })).sort((x, y) => x.k - y.k).map((x) => x.r);
        const a = analyse(rs);
        const b = analyse(shuffled);
        expect(a.set.duplicates).toEqual([]);
        expect(b.summary).toEqual(a.summary);
        expect(sorted(b.diagnostics)).toEqual(sorted(a.diagnostics));
      }),
      { numRuns: runs(150) },
    );
  }, TIMEOUT);

  it('with different spans under one id, any order keeps the span and trace counts (the rest follows the first loaded)', () => {
    fc.assert(
      fc.property(spans, fc.integer({ min: 0, max: 25 }), (list, cut) => {
        const a = { file: 'a.json', spans: list.slice(0, cut), problems: [] };
        const b = { file: 'b.json', spans: list.slice(cut), problems: [] };
        const ab = analyse([a, b]).summary;
        const ba = analyse([b, a]).summary;
        expect([ba.spans, ba.traces]).toEqual([ab.spans, ab.traces]);
        expect(recount([...b.spans, ...a.spans])).toEqual(ba);
      }),
      { numRuns: runs(150) },
    );
  }, TIMEOUT);

  it('a loaded span under trace id "invalid:trace-123" is not also the placeholder of a malformed link target', () => {
    const loaded = makeSpan({ trace: 'invalid:trace-123', id: 'span-1' });
    const holder = makeSpan({ trace: 'a', id: '1', links: [makeLink('trace-123', 'span-1')] });
    const set = createSpanSet();
    addSpans(set, [loaded, holder]);
    checkGraph(buildGraph(set));
  });
});
