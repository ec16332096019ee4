import { describe, expect, it } from 'vitest';
import { buildGraph } from '../graph/build-graph';
import { addSpans, createSpanSet } from '../model/merge';
import type { Span } from '../model/span';
import { makeLink, makeSpan, spanId, traceId } from '../test-support/make-span';
import { DIAGNOSTIC_CODES } from './codes';
import { diagnose } from './diagnose';
import type { Diagnostic, DiagnosticCode } from './types';

function run(spans: Span[]): Diagnostic[] {
  const set = createSpanSet();
  addSpans(set, spans);
  return diagnose(buildGraph(set), set);
}
const codes = (spans: Span[]): DiagnosticCode[] => run(spans).map((d) => d.code);
const only = (spans: Span[], code: DiagnosticCode): Diagnostic[] => run(spans).filter((d) => d.code === code);

describe('link diagnostics', () => {
  it('link.invalid-context: a non-hex `g`, a wrong length, all zeros', () => {
    const holder = makeSpan({ id: '1', service: 'billing', name: 'charge', links: [makeLink('a', '00f067aa0ba902bg'), makeLink('ab'.repeat(20), '1'), makeLink('0', '2')] });
    const found = only([holder], 'link.invalid-context');
    expect(found.map((d) => d.linkIndex)).toEqual([0, 1, 2]);
    expect(found[0]).toMatchObject({ severity: 'error', traceId: holder.traceId, spanId: holder.spanId, target: { traceId: traceId('a'), spanId: '00f067aa0ba902bg' } });
    expect(found[0]!.message).toContain('billing "charge"');
    expect(found[0]!.message).toContain('non-hex character "g"');
    expect(found[1]!.message).toMatch(/trace id .* 40 characters, not 32/);
    expect(found[2]!.message).toContain('all zeros');
    expect(found[0]!.hint).toBe(DIAGNOSTIC_CODES['link.invalid-context'].hint);
  });

  it('link.invalid-context: not raised for a valid link, loaded or not', () => {
    expect(codes([makeSpan({ id: '1', links: [makeLink('a', '2')] }), makeSpan({ id: '2' })])).not.toContain('link.invalid-context');
    expect(codes([makeSpan({ id: '1', links: [makeLink('b', '2')] })])).not.toContain('link.invalid-context');
  });

  it('link.missing-span: target trace loaded, span not', () => {
    const found = only([makeSpan({ trace: 'a', id: '1' }), makeSpan({ trace: 'b', id: '2', links: [makeLink('a', '9')] })], 'link.missing-span');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', spanId: spanId('2'), linkIndex: 0 });
    expect(only([makeSpan({ trace: 'a', id: '1' }), makeSpan({ trace: 'b', id: '2', links: [makeLink('a', '1')] })], 'link.missing-span')).toEqual([]);
  });

  it('link.missing-trace: target trace not loaded at all', () => {
    const found = only([makeSpan({ trace: 'b', id: '2', links: [makeLink('c', '9')] })], 'link.missing-trace');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('warning');
    expect(only([makeSpan({ trace: 'c', id: '8' }), makeSpan({ trace: 'b', id: '2', links: [makeLink('c', '9')] })], 'link.missing-trace')).toEqual([]);
  });

  it('link.self: a span linking to itself, not to a sibling', () => {
    const found = only([makeSpan({ id: '1', links: [makeLink('a', '1')] })], 'link.self');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('warning');
    expect(only([makeSpan({ id: '1', links: [makeLink('a', '2')] }), makeSpan({ id: '2' })], 'link.self')).toEqual([]);
  });

  it('link.duplicate: the second link to one target, not links to different targets or from different spans', () => {
    const found = only([makeSpan({ id: '1', links: [makeLink('b', '1', { t: 'child_of' }), makeLink('b', '2'), makeLink('b', '1', { t: 'follows_from' })] })], 'link.duplicate');
    expect(found.map((d) => [d.severity, d.linkIndex])).toEqual([['info', 2]]);
    expect(only([makeSpan({ id: '1', links: [makeLink('b', '1'), makeLink('b', '2')] }), makeSpan({ id: '2', links: [makeLink('b', '1')] })], 'link.duplicate')).toEqual([]);
  });

  it('link.duplicate: also on a span with many links (first and last alike)', () => {
    const links = Array.from({ length: 30 }, (_, i) => makeLink('b', (i + 1).toString(16)));
    links.push(makeLink('b', '1'), makeLink('b', '1e'));
    const found = only([makeSpan({ id: '1', links })], 'link.duplicate');
    expect(found.map((d) => d.linkIndex)).toEqual([30, 31]);
  });
});

describe('span diagnostics', () => {
  it('span.dropped-links: droppedLinksCount > 0 only', () => {
    const found = only([makeSpan({ id: '1', droppedLinksCount: 3 })], 'span.dropped-links');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('warning');
    expect(found[0]!.message).toContain('dropped 3 links');
    expect(only([makeSpan({ id: '1', droppedLinksCount: 0 })], 'span.dropped-links')).toEqual([]);
  });

  it('span.missing-parent: parent id set and not loaded; not for roots or loaded parents', () => {
    const found = only([makeSpan({ id: '2', parent: '1' })], 'span.missing-parent');
    expect(found.map((d) => [d.severity, d.spanId])).toEqual([['info', spanId('2')]]);
    expect(only([makeSpan({ id: '1' }), makeSpan({ id: '2', parent: '1' })], 'span.missing-parent')).toEqual([]);
  });

  it('span.invalid-id: own ids not W3C (Jaeger UI test data), not for padded hex', () => {
    const found = only([makeSpan({ trace: 'trace-123', id: 'span-1' })], 'span.invalid-id');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('warning');
    expect(found[0]!.message).toContain('"trace-123"');
    expect(only([makeSpan({ trace: 'abc', id: '1' })], 'span.invalid-id')).toEqual([]);
  });

  it('span.duplicate-id: two different spans under one key, not the same span twice', () => {
    const found = only([makeSpan({ id: '2', name: 'client' }), makeSpan({ id: '2', name: 'server' })], 'span.duplicate-id');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('warning');
    expect(found[0]!.message).toMatch(/"client".*"server"/);
    expect(only([makeSpan({ id: '2' }), makeSpan({ id: '2', source: 'other.json' })], 'span.duplicate-id')).toEqual([]);
  });
});

describe('span.expected-link-absent', () => {
  const flagged = (spans: Span[]) => only(spans, 'span.expected-link-absent').map((d) => d.spanId);

  it('flags a consumer kind, a process/receive operation, or a batch attribute, with no links and no parent', () => {
    expect(flagged([makeSpan({ id: '1', kind: 'consumer' })])).toEqual([spanId('1')]);
    expect(flagged([makeSpan({ id: '2', attributes: { 'messaging.operation.type': 'process' } })])).toEqual([spanId('2')]);
    expect(flagged([makeSpan({ id: '3', attributes: { 'messaging.operation': 'receive' } })])).toEqual([spanId('3')]);
    expect(flagged([makeSpan({ id: '4', attributes: { 'messaging.batch.message_count': 10 } })])).toEqual([spanId('4')]);
    expect(only([makeSpan({ id: '1', kind: 'consumer' })], 'span.expected-link-absent')[0]!.severity).toBe('warning');
  });

  it('flags a consumer whose parent is in the same service, or not loaded', () => {
    expect(flagged([makeSpan({ id: '1', service: 'q' }), makeSpan({ id: '2', parent: '1', service: 'q', kind: 'consumer' })])).toEqual([spanId('2')]);
    expect(flagged([makeSpan({ id: '2', parent: '1', kind: 'consumer' })])).toEqual([spanId('2')]);
  });

  it('does not flag a consumer with a link, a parent in another service, or dropped links', () => {
    expect(flagged([makeSpan({ id: '1', kind: 'consumer', links: [makeLink('b', '1')] })])).toEqual([]);
    expect(flagged([makeSpan({ id: '1', service: 'orders', kind: 'producer' }), makeSpan({ id: '2', parent: '1', service: 'payments', kind: 'consumer' })])).toEqual([]);
    expect(flagged([makeSpan({ id: '1', kind: 'consumer', droppedLinksCount: 200 })])).toEqual([]);
  });

  it('does not flag spans that do not consume: producer, send/publish operation, plain server', () => {
    expect(
      flagged([
        makeSpan({ id: '1', kind: 'producer' }),
        makeSpan({ id: '2', attributes: { 'messaging.operation.type': 'send' } }),
        makeSpan({ id: '3', attributes: { 'messaging.operation': 'publish' } }),
        makeSpan({ id: '4', kind: 'server' }),
      ]),
    ).toEqual([]);
  });
});

describe('diagnose', () => {
  it('orders errors, warnings, info, keeping the order within a severity', () => {
    const found = run([
      makeSpan({ trace: 'a', id: '1', parent: 'f', links: [makeLink('c', '1'), makeLink('a', '9'), makeLink('c', '2'), makeLink('zz', '1')] }),
    ]);
    expect(found.map((d) => d.code)).toEqual(['link.missing-span', 'link.invalid-context', 'link.missing-trace', 'link.missing-trace', 'span.missing-parent']);
    expect(found.map((d) => d.target?.spanId ?? '')).toEqual([spanId('9'), spanId('1'), spanId('1'), spanId('2'), '']);
  });

  it('finds nothing in a clean linked pair', () => {
    expect(run([makeSpan({ trace: 'a', id: '1', kind: 'producer' }), makeSpan({ trace: 'b', id: '2', kind: 'consumer', links: [makeLink('a', '1')] })])).toEqual([]);
  });

  it('keeps messages on one line and names the span', () => {
    const [d] = run([makeSpan({ id: '1', name: 'a\nb', service: 'svc', droppedLinksCount: 1 })]);
    expect(d!.message).not.toMatch(/\n/);
    expect(d!.message).toContain('svc "a b"');
  });
});
