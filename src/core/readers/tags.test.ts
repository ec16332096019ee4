import { describe, expect, it } from 'vitest';
import { childPath, jaegerTagValue, jaegerTagsToAttributes, kindFromText, objectToAttributes, readTagFacts, statusFromText, toAttrValue, toNumber } from './tags';

describe('tags helpers', () => {
  it.each([
    ['server', 'server'],
    ['SERVER', 'server'],
    ['SpanKind.CONSUMER', 'consumer'],
    ['SPAN_KIND_PRODUCER', 'producer'],
    [' Internal ', 'internal'],
    ['rpc', 'unspecified'],
    [3, 'unspecified'],
    [undefined, 'unspecified'],
  ])('kindFromText(%j) = %s', (text, kind) => {
    expect(kindFromText(text)).toBe(kind);
  });

  it.each([
    ['OK', 'ok'],
    ['error', 'error'],
    ['StatusCode.UNSET', 'unset'],
    ['STATUS_CODE_ERROR', 'error'],
    ['bad', undefined],
    [2, undefined],
  ])('statusFromText(%j) = %j', (text, status) => {
    expect(statusFromText(text)).toBe(status);
  });

  it('builds paths', () => {
    expect(childPath('', 'data')).toBe('data');
    expect(childPath('data', 0)).toBe('data[0]');
    expect(childPath('data[0]', 'spans')).toBe('data[0].spans');
    expect(childPath('', 2)).toBe('[2]');
  });

  it('converts JSON values without plain objects', () => {
    expect(toAttrValue({ a: [1, { b: null }] })).toEqual({ kvlist: [{ key: 'a', value: [1, { kvlist: [{ key: 'b', value: null }] }] }] });
    expect(toAttrValue(undefined)).toBeNull();
    expect(toAttrValue(Number.NaN)).toBe('NaN');
    expect(objectToAttributes(JSON.parse('{"__proto__":1,"b":"x"}') as Record<string, unknown>)).toEqual([
      { key: '__proto__', value: 1 },
      { key: 'b', value: 'x' },
    ]);
    expect(toNumber('12')).toBe(12);
    expect(toNumber('')).toBeUndefined();
    expect(toNumber(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it('types Jaeger tag values; unknown types keep the value', () => {
    expect(jaegerTagValue('BOOL', 'TRUE')).toBe(true);
    expect(jaegerTagValue('int64', '-9007199254740993')).toBe('-9007199254740993');
    expect(jaegerTagValue('int64', '-9007199254740991')).toBe(-9007199254740991);
    expect(jaegerTagValue('float64', 'abc')).toBe('abc');
    expect(jaegerTagValue(undefined, 5)).toBe(5);
    expect(jaegerTagsToAttributes([{ key: 'a', type: 'string', value: 'x' }, { type: 'string' }, null, { key: 'v', vType: 'INT64', value: '3' }])).toEqual([
      { key: 'a', value: 'x' },
      { key: 'v', value: 3 },
    ]);
    expect(jaegerTagsToAttributes('nope')).toEqual([]);
  });

  it('reads structural tags once: otel.status_code wins over error, error text is the message', () => {
    const zipkinError = () => true;
    const facts = readTagFacts(
      [
        { key: 'error', value: 'disk full' },
        { key: 'otel.scope.name', value: 'io.lib' },
        { key: 'otel.scope.version', value: '1.0' },
        { key: 'span.kind', value: 'client' },
        { key: 'keep', value: 1 },
      ],
      zipkinError,
    );
    expect(facts).toEqual({ kind: 'client', status: 'error', statusMessage: 'disk full', scope: 'io.lib', droppedLinksCount: 0, attributes: [{ key: 'keep', value: 1 }] });
    expect(readTagFacts([{ key: 'error', value: 'x' }, { key: 'otel.status_code', value: 'OK' }], zipkinError).status).toBe('ok');
    expect(readTagFacts([{ key: 'otel.dropped_links_count', value: -2 }], zipkinError).droppedLinksCount).toBe(0);
    expect(readTagFacts([{ key: 'error', value: 'true' }], zipkinError).statusMessage).toBeUndefined();
  });
});
