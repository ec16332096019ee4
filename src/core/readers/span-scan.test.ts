/**
 * The span scanner (span-scan.ts) against `JSON.parse`: whatever text it takes must be JSON, end
 * where the JSON value ends, and give each member the value `JSON.parse` gives it. It may leave a
 * text to `JSON.parse` (NOT_SCANNED) only for what it says it does not take.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toOtlpJson } from '../share/otlp-writer';
import { spanSet } from '../test-support/arbitrary-spans';
import { ATTRIBUTES, MAX_SCAN_DEPTH, NOT_SCANNED, SpanScanner, STATUS } from './span-scan';

const MEMBER_KEYS = ['traceId', 'trace_id', 'spanId', 'span_id', 'parentSpanId', 'parent_span_id', 'name', 'kind', 'startTimeUnixNano', 'start_time_unix_nano', 'status', 'links', 'droppedLinksCount', 'dropped_links_count', 'attributes'] as const;

/** Scans the span at `at` of `text`: its end and its members' values, or undefined when not taken. */
function scan(text: string, at = 0) {
  const scanner = new SpanScanner(text);
  const end = scanner.span(at);
  return end === NOT_SCANNED ? undefined : { end, values: scanner.members.values(), members: scanner.members };
}

/** Whether a parsed attribute list holds a string that starts with `messaging.` (what the scan must not miss). */
function mentionsMessaging(v: unknown): boolean {
  if (typeof v === 'string') return v.startsWith('messaging.');
  if (Array.isArray(v)) return v.some(mentionsMessaging);
  if (typeof v === 'object' && v !== null) return Object.entries(v).some(([k, x]) => k.startsWith('messaging.') || mentionsMessaging(x));
  return false;
}

/** The scan's answer for `text` (a span at 0) agrees with `JSON.parse`; returns whether it was taken. */
function agrees(text: string): boolean {
  const scanned = scan(text);
  let parsed: unknown;
  let json = true;
  try {
    parsed = JSON.parse(text);
  } catch {
    json = false;
  }
  if (scanned === undefined) return false;
  // Taken: the text up to its end is one JSON object, and only white space may follow in a text that parses.
  const value: unknown = JSON.parse(text.slice(0, scanned.end));
  expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
  if (json) expect(text.slice(scanned.end).trim()).toBe('');
  const whole = value as Record<string, unknown>;
  for (const key of MEMBER_KEYS) {
    const got = scanned.values[key];
    if (key === 'attributes' && scanned.members.has(ATTRIBUTES) && !scanned.members.messaging) {
      // Left unread (as absent): then no string in it starts with `messaging.`.
      expect(got).toBeUndefined();
      expect(mentionsMessaging(whole.attributes)).toBe(false);
      continue;
    }
    expect(got).toEqual(whole[key]);
  }
  if (json) expect(parsed).toEqual(value);
  return true;
}

describe('SpanScanner.span', () => {
  it('reads the members of a plain span, and ends just past it', () => {
    const span = '{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","parentSpanId":"","name":"GET /","kind":2,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000001000000","attributes":[{"key":"http.method","value":{"stringValue":"GET"}}],"status":{}}';
    const text = `[${span},{}]`;
    const s = scan(text, 1)!;
    expect(s.end).toBe(1 + span.length);
    expect(s.values).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', parentSpanId: '', name: 'GET /', kind: 2, startTimeUnixNano: '1700000000000000000', status: {} });
    // No `messaging.` key: the attributes are not read at all.
    expect(s.values.attributes).toBeUndefined();
    expect(agrees(span)).toBe(true);
  });

  it('gives the values JSON.parse gives: escapes, numbers, literals, nested values, repeated keys, snake_case', () => {
    const cases = [
      '{"name":"a\\"b\\\\c\\/d\\u00e9\\n","kind":"SPAN_KIND_SERVER"}',
      '{"kind":-0,"droppedLinksCount":1.5e3,"dropped_links_count":0.25E-2,"startTimeUnixNano":12345678901234567890}',
      '{"traceId":null,"trace_id":"abc","span_id":true,"parent_span_id":false}',
      '{"name":"first","name":"last","kind":1,"kind":5}',
      '{ "status" : { "code" : 2 , "message" : "boom" } , "links" : [ { "traceId" : "x" , "attributes" : [ ] } ] }',
      '{"attributes":[{"key":"messaging.operation.type","value":{"stringValue":"process"}}]}',
      '{"attributes":[{"key":"m\\u0065ssaging.system","value":{"stringValue":"kafka"}}]}',
      '{"attributes":[{"key":"a","value":{"arrayValue":{"values":[{"intValue":"1"},{"kvlistValue":{"values":[]}}]}}}],"events":[{"name":"e"}]}',
      '{"name":"\u00e9\u4e2d\ud83d\ude00 emoji","other":{"deep":[[[[1]]]]}}',
      '{}',
      '{"status":{}}',
    ];
    for (const text of cases) expect(agrees(text), text).toBe(true);
  });

  it('takes no text that is not JSON', () => {
    const bad = [
      '{"name":"a\u0001b"}', // a control character in a string
      '{"name":"a\tb"}',
      '{"name":"a\nb"}',
      '{"name":"a\\qb"}', // not an escape
      '{"name":"a\\u12g4"}',
      '{"kind":01}',
      '{"kind":1.}',
      '{"kind":.5}',
      '{"kind":1e}',
      '{"kind":-}',
      '{"kind":+1}',
      '{"kind":tru}',
      '{"kind":nul}',
      '{"kind":True}',
      '{"kind":1,}',
      '{"kind" 1}',
      '{"a":[1,]}',
      '{"a":[1 2]}',
      '{"a":{"b":1,}}',
      '{"a":{"b"}}',
      '{"a":{1:2}}',
      "{'a':1}",
      '{"a":1',
      '{"a":"1',
      '{"a":[1}',
      '{"a":{]}',
      '{"a":NaN}',
      '{"a":\u00a01}', // no-break space is not JSON white space
    ];
    for (const text of bad) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(scan(text), text).toBeUndefined();
    }
  });

  it('leaves to JSON.parse the keys with escapes and nesting past MAX_SCAN_DEPTH', () => {
    expect(scan('{"trace\\u0049d":"ab"}')).toBeUndefined();
    const deep = (n: number) => `{"a":${'['.repeat(n)}1${']'.repeat(n)}}`;
    expect(scan(deep(MAX_SCAN_DEPTH))).toBeDefined();
    expect(scan(deep(MAX_SCAN_DEPTH + 1))).toBeUndefined();
  });

  it('shares one empty status, and parses one that says something', () => {
    const s = scan('{"status":{},"links":[]}')!;
    expect(Object.isFrozen(s.members.value(STATUS))).toBe(true);
    expect(scan('{"status":{"code":2}}')!.values.status).toEqual({ code: 2 });
  });

  it('finds each span of a text scanned front to back, escapes and control characters anywhere in it', () => {
    const spans = ['{"name":"a\\"b"}', '{"name":"plain"}', '{"name":"tab\\tin"}', '{"name":"after"}'];
    const text = `[\n\t${spans.join(',\n\t')}\n]`;
    const scanner = new SpanScanner(text);
    let at = text.indexOf('{');
    const names: unknown[] = [];
    while (at >= 0) {
      const end = scanner.span(at);
      expect(end).not.toBe(NOT_SCANNED);
      names.push(scanner.members.values().name);
      at = text.indexOf('{', end);
    }
    expect(names).toEqual(['a"b', 'plain', 'tab\tin', 'after']);
  });

  it('answers as a fresh scanner does when asked out of order, and after a span it did not take', () => {
    const spans = ['{"a":"x\ny"}', '{"b":"z"}', '{"trace\\u0049d":"e"}', '{"c":"tab\\there"}', '{"d":"raw\ttab"}', '{"name":"\u0001"}', '{"name":"ok"}'];
    const text = spans.join(',');
    const starts = spans.map((_, i) => spans.slice(0, i).join(',').length + (i > 0 ? 1 : 0));
    const fresh = starts.map((at) => new SpanScanner(text).span(at));
    // Not taken: the raw newline, the escaped key, the raw tab, the control character.
    expect(fresh.map((end) => end !== NOT_SCANNED)).toEqual([false, true, false, true, false, false, true]);
    const scanner = new SpanScanner(text);
    for (const order of [starts, [...starts].reverse(), [starts[6]!, starts[0]!, starts[4]!, starts[1]!]]) {
      for (const at of order) expect(scanner.span(at)).toBe(fresh[starts.indexOf(at)]);
    }
  });

  it('reads a span inside one it scanned as a fresh scanner does (its escapes were passed already)', () => {
    // Scanned whole first, the outer span passes the escape in `name` and the one after it.
    const text = '{"a":{"name":"x\\\\"},"c":"y\\n"}';
    const scanner = new SpanScanner(text);
    expect(scanner.span(0)).toBe(text.length);
    const inner = text.indexOf('{', 1);
    expect(scanner.span(inner)).toBe(text.indexOf('}') + 1);
    expect(scanner.members.values().name).toBe(JSON.parse(text).a.name);
    expect(scanner.members.values().name).toBe('x\\');
  });
});

describe('SpanScanner.span: generated and mutated texts', () => {
  /** A span-like object: the members the scan reads and others, with any JSON values. */
  const spanLike = fc.dictionary(fc.constantFrom(...MEMBER_KEYS, 'endTimeUnixNano', 'events', 'flags', 'x', 'messaging.x'), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 8 });
  const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('delete', 'insert', 'replace'), char: fc.constantFrom(...'{}[],:"\\ \t\n\u00010123456789.-+eEtrufalsn\u00e9/'), count: fc.integer({ min: 1, max: 3 }) });
  const apply = (text: string, e: { at: number; kind: string; char: string; count: number }): string => {
    const at = e.at % (text.length + 1);
    if (e.kind === 'delete') return text.slice(0, at) + text.slice(at + e.count);
    if (e.kind === 'insert') return text.slice(0, at) + e.char.repeat(e.count) + text.slice(at);
    return text.slice(0, at) + e.char + text.slice(at + 1);
  };

  it('takes every span-like JSON object without escaped keys, compact or spaced, with JSON.parse’s values', () => {
    fc.assert(
      fc.property(spanLike, fc.boolean(), (o, spaced) => {
        const text = spaced ? JSON.stringify(o, null, 2) : JSON.stringify(o);
        const escapedKey = Object.keys(o).some((k) => JSON.stringify(k) !== `"${k}"`);
        expect(agrees(text)).toBe(!escapedKey);
      }),
      { numRuns: 400 },
    );
  });

  it('takes a mutated text only when it is JSON, and then with JSON.parse’s values', () => {
    let taken = 0;
    let left = 0;
    fc.assert(
      fc.property(spanLike, fc.array(edit, { minLength: 1, maxLength: 3 }), (o, edits) => {
        const text = edits.reduce(apply, JSON.stringify(o));
        if (agrees(text)) taken++;
        else left++;
      }),
      { numRuns: 1500 },
    );
    expect(taken).toBeGreaterThan(100);
    expect(left).toBeGreaterThan(100);
  });

  it('takes every span the OTLP writer writes', () => {
    fc.assert(
      fc.property(spanSet({ maxSpans: 5 }), (spans) => {
        const doc = JSON.parse(toOtlpJson(spans)) as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
        for (const rs of doc.resourceSpans) for (const ss of rs.scopeSpans) for (const span of ss.spans) expect(agrees(JSON.stringify(span))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
