import { describe, expect, it } from 'vitest';
import type { Span, SpanKey } from '../../core';
import { spanKey } from '../../core';
import { makeSpan } from '../../core/test-support/make-span';
import { ColumnSpans, isBriefSpan, packSpans, wireBuffers } from './wire-spans';

/** What a brief span keeps of a span: all but its attributes, events, resource and links. */
const briefOf = ({ attributes: _a, events: _e, resource: _r, links: _l, ...rest }: Span) => rest;

/** The spans through the wire: packed, cloned with their buffers transferred, and read back. */
function across(spans: ReadonlyMap<SpanKey, Span>): ColumnSpans {
  const wire = packSpans(spans);
  return new ColumnSpans(structuredClone(wire, { transfer: wireBuffers(wire) }));
}

const mapOf = (spans: readonly Span[]) => new Map(spans.map((s) => [spanKey(s.traceId, s.spanId), s] as const));

describe('spans as columns', () => {
  // Malformed ids as written (with the key's `/` in them, not hex, empty), a root, no times, an error, every kind.
  const odd = [
    makeSpan({ trace: 'a', id: '1', name: 'GET /a', service: 'web', kind: 'server', startUs: 5, durationUs: 7, attributes: { x: 1 } }),
    { ...makeSpan({ trace: 'a', id: '2', parent: '1', name: 'GET /a', service: 'web', kind: 'client', droppedLinksCount: 3 }), status: 'error', statusMessage: 'timed out', scope: 'io.http' },
    makeSpan({ trace: 'not/hex', id: 'b/c', parent: 'zz', name: '', service: '', kind: 'producer' }),
    makeSpan({ trace: 'not', id: 'hex/b/d', name: 'ünïcode ✓', service: 'db', kind: 'consumer', startUs: 0, durationUs: 0 }),
    makeSpan({ trace: 'a', id: '3', parent: '2', kind: 'internal', source: 'other.json' }),
    { ...makeSpan({ trace: 'a', id: '4', kind: 'unspecified' }), status: 'ok' },
  ] as Span[];

  it('come back with every field the canvas, the breadcrumbs and the search read, in order, and are marked brief', () => {
    const spans = mapOf(odd);
    const back = across(spans);
    expect(back.size).toBe(spans.size);
    expect([...back.keys()]).toEqual([...spans.keys()]);
    for (const [key, span] of spans) {
      const got = back.get(key)!;
      expect(briefOf(got)).toEqual(briefOf(span));
      expect(got.parentSpanId === undefined).toBe(span.parentSpanId === undefined);
      expect(isBriefSpan(got)).toBe(true);
      // Made once: the canvas is handed the same object each time.
      expect(back.get(key)).toBe(got);
    }
    expect(isBriefSpan(odd[0]!)).toBe(false);
    expect(back.get('a/none' as SpanKey)).toBeUndefined();
    expect(back.has('not/hex/b/c' as SpanKey)).toBe(true);
    expect([...back.values()].map((s) => s.spanId)).toEqual(odd.map((s) => s.spanId));
    expect([...back].map(([k]) => k)).toEqual([...spans.keys()]);
  });

  it('are indexed a slice of time at a time, and a lookup before the end still finds any key', () => {
    const many = mapOf(Array.from({ length: 4_500 }, (_, i) => makeSpan({ trace: 'f', id: (i + 1).toString(16), name: `op ${i % 7}` }) as Span));
    const back = across(many);
    expect(back.done).toBe(false);
    // No time at all still indexes 1,000 keys a run.
    let runs = 0;
    while (!back.indexSome(0)) runs++;
    expect(runs).toBe(4);
    expect([...back.keys()]).toEqual([...many.keys()]);
    const early = across(many);
    const last = [...many.keys()].at(-1)!;
    expect(early.get(last)?.spanId).toBe(many.get(last)!.spanId);
  });

  it('match a search as the span objects would, without making them', () => {
    const spans = mapOf(odd);
    const back = across(spans);
    for (const q of ['get', 'web', 'hex', 'b/c', '001', 'ü', 'db', 'zz', 'nothing']) {
      const want = odd.filter((s) => s.name.toLowerCase().includes(q) || s.service.toLowerCase().includes(q) || s.traceId.includes(q) || s.spanId.includes(q));
      expect(back.matching(q), q).toEqual(want.map((s) => spanKey(s.traceId, s.spanId)));
    }
  });
});
