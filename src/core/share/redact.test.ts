import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse } from '../analyse';
import type { AttrValue, Attribute, Span } from '../model/span';
import type { ReadResult } from '../readers/types';
import { makeLink, makeSpan } from '../test-support/make-span';
import { repoFiles } from '../test-support/repo-files';
import { REDACTED, REDACTION_KEPT_KEYS, REDACTION_VARIANT_KEY, redactSpans } from './redact';
import { structural } from './roundtrip.testutil';
import type { Redaction } from './types';

const files = repoFiles(fs, (p) => new URL(p, import.meta.url));
const fixturePaths = files.fixturePaths();
const { loadFixture, loadDemo } = files;

const CASES: [string, () => ReadResult[]][] = [
  ...fixturePaths.map((p): [string, () => ReadResult[]] => [p, () => [loadFixture(p)]]),
  ['the demo', loadDemo],
  ['every fixture at once', () => fixturePaths.map(loadFixture)],
];
const BOTH: Redaction = { values: true, names: true };
const MODES: Redaction[] = [{ values: true, names: false }, { values: false, names: true }, BOTH];
const KEPT = new Set([...REDACTION_KEPT_KEYS, REDACTION_VARIANT_KEY]);

/** Every file's spans redacted in one list (one name, one placeholder across files), then split back. */
function redactResults(results: readonly ReadResult[], r: Redaction): ReadResult[] {
  const all = redactSpans(results.flatMap((x) => x.spans), r);
  let at = 0;
  return results.map((x) => {
    const spans = all.slice(at, at + x.spans.length);
    at += x.spans.length;
    return { ...x, spans };
  });
}

function leaves(value: AttrValue, out: AttrValue[]): void {
  if (Array.isArray(value)) for (const v of value as readonly AttrValue[]) leaves(v, out);
  else if (value !== null && typeof value === 'object') for (const a of (value as { kvlist: readonly Attribute[] }).kvlist) leaves(a.value, out);
  else out.push(value);
}

function everyAttribute(spans: readonly Span[]): Attribute[] {
  return spans.flatMap((s) => [...s.attributes, ...s.resource, ...s.events.flatMap((e) => e.attributes), ...s.links.flatMap((l) => l.attributes)]);
}

/** Strings an output may hold besides placeholders: keys, kept enumerations, ids, file names, kinds. */
function allowedStrings(spans: readonly Span[]): Set<string> {
  const allowed = new Set<string>();
  const keys = (list: readonly Attribute[]): void => {
    for (const a of list) {
      allowed.add(a.key);
      if (KEPT.has(a.key) && typeof a.value === 'string') allowed.add(a.value);
      if (a.value !== null && typeof a.value === 'object' && !Array.isArray(a.value)) keys((a.value as { kvlist: readonly Attribute[] }).kvlist);
    }
  };
  keys(everyAttribute(spans));
  for (const s of spans) for (const x of [s.traceId, s.spanId, s.parentSpanId ?? '', s.source, s.kind, s.status]) allowed.add(x);
  return allowed;
}

describe('redactSpans', () => {
  for (const [name, load] of CASES) {
    it(`${name}: the same summary and diagnostics on the same spans, and nothing of the originals left`, () => {
      const results = load();
      const before = analyse(results);
      const untouched = structuredClone(results.map((r) => r.spans));
      for (const mode of MODES) {
        const redacted = redactResults(results, mode);
        const after = analyse(redacted);
        expect(after.summary).toEqual(before.summary);
        expect(after.diagnostics.map(structural)).toEqual(before.diagnostics.map(structural));
        if (!mode.names) expect(after.diagnostics.map((d) => d.message)).toEqual(before.diagnostics.map((d) => d.message));
        const spans = redacted.flatMap((r) => r.spans);
        if (mode.values) {
          for (const a of everyAttribute(spans)) {
            if (KEPT.has(a.key)) continue;
            const found: AttrValue[] = [];
            leaves(a.value, found);
            for (const v of found) expect(v).toBe(REDACTED);
          }
          expect(spans.some((s) => s.statusMessage !== undefined || s.links.some((l) => l.traceState !== undefined))).toBe(false);
        }
        if (mode.names) {
          expect(spans.every((s) => s.service === '' || /^service-\d+$/.test(s.service))).toBe(true);
          expect(spans.every((s) => s.name === '' || /^span-\d+$/.test(s.name))).toBe(true);
          expect(spans.every((s) => s.scope === undefined && s.events.every((e) => /^(event-\d+)?$/.test(e.name)))).toBe(true);
        }
        if (mode.values && mode.names) {
          const text = JSON.stringify(spans);
          const allowed = allowedStrings(spans);
          const originals = results.flatMap((r) => r.spans.flatMap((s) => [s.service, s.name, ...s.events.map((e) => e.name)]));
          for (const n of new Set(originals)) {
            if (n === '' || allowed.has(n)) continue;
            expect(text.includes(JSON.stringify(n)), `"${n}" left in the output`).toBe(false);
          }
        }
      }
      expect(results.map((r) => r.spans)).toEqual(untouched);
    });
  }

  it('maps one name to one placeholder, in order of first appearance', () => {
    const spans = [
      makeSpan({ id: '1', service: 'checkout', name: 'POST /orders' }),
      makeSpan({ id: '2', service: 'payments', name: 'charge', parent: '1' }),
      makeSpan({ id: '3', service: 'checkout', name: 'charge', parent: '1' }),
      makeSpan({ id: '4', service: '', name: '' }),
    ];
    const out = redactSpans(spans, { values: false, names: true });
    expect(out.map((s) => [s.service, s.name])).toEqual([
      ['service-1', 'span-1'],
      ['service-2', 'span-2'],
      ['service-1', 'span-2'],
      ['', ''],
    ]);
    // Names only: the resource service.name, and values that are exactly a name, get the placeholder.
    expect(out[1]!.resource).toEqual([{ key: 'service.name', value: 'service-2' }]);
  });

  it('keeps the protocol enumerations, and only the presence of batch counts', () => {
    const span = makeSpan({
      id: '1',
      kind: 'consumer',
      attributes: { 'messaging.operation.type': 'process', 'messaging.system': 'kafka', 'messaging.batch.message_count': 12, 'user.email': 'a@b.c', nested: { kvlist: [{ key: 'k', value: [1, 'x', null] }] } as AttrValue },
      links: [makeLink('b', '1', { 'link.type': 'producer', 'messaging.message.id': 'm-1' })],
    });
    const [out] = redactSpans([{ ...span, statusMessage: 'secret', scope: 'lib', events: [{ name: 'exception', timeUs: 5, attributes: [{ key: 'exception.message', value: 'boom' }] }] }], BOTH);
    expect(out!.attributes).toEqual([
      { key: 'messaging.operation.type', value: 'process' },
      { key: 'messaging.system', value: 'kafka' },
      { key: 'messaging.batch.message_count', value: REDACTED },
      { key: 'user.email', value: REDACTED },
      { key: 'nested', value: { kvlist: [{ key: 'k', value: [REDACTED, REDACTED, REDACTED] }] } },
    ]);
    expect(out!.links[0]!.attributes).toEqual([
      { key: 'link.type', value: 'producer' },
      { key: 'messaging.message.id', value: REDACTED },
    ]);
    expect(out!.events).toEqual([{ name: 'event-1', timeUs: 5, attributes: [{ key: 'exception.message', value: REDACTED }] }]);
    expect(out!.statusMessage).toBeUndefined();
    expect(out!.scope).toBeUndefined();
    expect(out).toMatchObject({ traceId: span.traceId, spanId: span.spanId, kind: 'consumer', startUs: span.startUs, durationUs: span.durationUs, links: [{ traceId: span.links[0]!.traceId, valid: true }] });
  });

  it('redacting again changes nothing, whatever the order', () => {
    const results = loadDemo();
    const once = redactSpans(results.flatMap((r) => r.spans), BOTH);
    expect(redactSpans(once, BOTH)).toEqual(once);
    const reversed = [...once].reverse();
    expect(redactSpans(reversed, BOTH)).toEqual(reversed);
    const named = redactSpans(results.flatMap((r) => r.spans), { values: false, names: true });
    expect(redactSpans([...named].reverse(), { values: false, names: true })).toEqual([...named].reverse());
  });

  it('keeps two spans under one id apart when they differed only in what was redacted', () => {
    const a = makeSpan({ id: '1', attributes: { 'order.id': 'A' }, source: 'a.json' });
    const b = makeSpan({ id: '1', attributes: { 'order.id': 'B' }, source: 'b.json' });
    const copy = { ...a, source: 'c.json' };
    const scoped = [
      { ...makeSpan({ id: '2' }), scope: 'x' },
      { ...makeSpan({ id: '2' }), scope: 'y' },
    ];
    const input = [a, b, copy, ...scoped];
    const before = analyse([{ file: 'all', spans: input, problems: [] }]);
    expect(before.diagnostics.filter((d) => d.code === 'span.duplicate-id').length).toBe(2);
    for (const mode of MODES) {
      const out = redactSpans(input, mode);
      const after = analyse([{ file: 'all', spans: out, problems: [] }]);
      expect(after.diagnostics.map(structural)).toEqual(before.diagnostics.map(structural));
      expect(redactSpans(out, mode)).toEqual(out);
    }
    const out = redactSpans(input, BOTH);
    expect(out[1]!.attributes).toContainEqual({ key: REDACTION_VARIANT_KEY, value: 2 });
    expect(out[0]!.attributes.some((x) => x.key === REDACTION_VARIANT_KEY)).toBe(false);
    expect(out[2]!.attributes).toEqual(out[0]!.attributes);
  });

  it('without redaction gives copies of the spans', () => {
    const spans = [makeSpan({ id: '1' })];
    const out = redactSpans(spans, { values: false, names: false });
    expect(out).toEqual(spans);
    expect(out[0]).not.toBe(spans[0]);
  });
});
