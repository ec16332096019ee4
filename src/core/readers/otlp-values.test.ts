import { describe, expect, it } from 'vitest';
import { anyValue, internText, isEnumName, keyValues, nanosToMicros, otlpKind, otlpStatus } from './otlp-values';
import { TextCache } from './text-cache';

describe('anyValue', () => {
  it('reads every AnyValue type', () => {
    expect(anyValue({ stringValue: 's' })).toBe('s');
    expect(anyValue({ intValue: '42' })).toBe(42);
    expect(anyValue({ intValue: 7 })).toBe(7);
    expect(anyValue({ intValue: '9223372036854775807' })).toBe('9223372036854775807'); // past 2^53: kept exact
    expect(anyValue({ boolValue: false })).toBe(false);
    expect(anyValue({ doubleValue: 72.5 })).toBe(72.5);
    expect(anyValue({ doubleValue: 'NaN' })).toBe('NaN');
    expect(anyValue({ doubleValue: '1.5' })).toBe(1.5);
    expect(anyValue({ bytesValue: 'AAAwOQ==' })).toBe('AAAwOQ==');
    expect(anyValue({ arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } })).toEqual(['a', 1]);
    expect(anyValue({ arrayValue: {} })).toEqual([]);
    expect(anyValue({ kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } })).toEqual({ kvlist: [{ key: 'k', value: true }] });
    expect(anyValue({})).toBeNull();
    expect(anyValue(undefined)).toBeNull();
  });

  it('reads the snake_case names the Collector accepts', () => {
    expect(anyValue({ string_value: 's' })).toBe('s');
    expect(anyValue({ int_value: '3' })).toBe(3);
    expect(anyValue({ array_value: { values: [{ double_value: 2 }] } })).toEqual([2]);
    expect(anyValue({ kvlist_value: { values: [{ key: 'a', value: { bool_value: true } }] } })).toEqual({ kvlist: [{ key: 'a', value: true }] });
  });

  it('keeps __proto__ keys as data', () => {
    const attrs = keyValues(JSON.parse('[{"key":"__proto__","value":{"kvlistValue":{"values":[{"key":"__proto__","value":{"stringValue":"x"}}]}}}]'));
    expect(attrs).toEqual([{ key: '__proto__', value: { kvlist: [{ key: '__proto__', value: 'x' }] } }]);
    expect(Object.getPrototypeOf(attrs[0])).toBe(Object.prototype);
  });

  it('skips KeyValues without a string key', () => {
    expect(keyValues([{ key: 'a', value: { stringValue: 'x' } }, { value: {} }, 5, null])).toEqual([{ key: 'a', value: 'x' }]);
    expect(keyValues(undefined)).toEqual([]);
  });
});

describe('enums', () => {
  it('maps kinds from ints, decimal strings and names', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(otlpKind)).toEqual(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer', 'unspecified']);
    expect(otlpKind('3')).toBe('client');
    expect(otlpKind('SPAN_KIND_CONSUMER')).toBe('consumer');
    expect(otlpKind('SPAN_KIND_UNSPECIFIED')).toBe('unspecified');
    expect(otlpKind(undefined)).toBe('unspecified');
  });

  it('maps status codes from ints, decimal strings and names', () => {
    expect([0, 1, 2, 3].map(otlpStatus)).toEqual(['unset', 'ok', 'error', 'unset']);
    expect(otlpStatus('2')).toBe('error');
    expect(otlpStatus('STATUS_CODE_ERROR')).toBe('error');
    expect(otlpStatus('STATUS_CODE_OK')).toBe('ok');
    expect(otlpStatus(undefined)).toBe('unset');
  });

  it('tells enum names from numbers', () => {
    expect(isEnumName('SPAN_KIND_SERVER')).toBe(true);
    expect(isEnumName('2')).toBe(false);
    expect(isEnumName(2)).toBe(false);
  });
});

describe('nanosToMicros', () => {
  it('drops the last three digits of decimal strings, exactly', () => {
    expect(nanosToMicros('1636729665000097000')).toBe(1636729665000097);
    expect(nanosToMicros('1658320854877522688')).toBe(1658320854877522);
    expect(nanosToMicros('1500')).toBe(1);
  });

  it('reads numbers and exponent strings through a double', () => {
    expect(nanosToMicros(1_544_712_660_000_000_000)).toBe(1_544_712_660_000_000);
    expect(nanosToMicros('1.5e18')).toBe(1.5e15);
  });

  it('treats absent, zero, negative and junk as no time', () => {
    for (const v of [undefined, null, '0', 0, '', '  ', '-5000', 'abc', '12x4', '999', {}]) expect(nanosToMicros(v), String(v)).toBeUndefined();
  });
});

describe('keyValues in place (a list parsed for the read alone)', () => {
  it('turns exact {key, value} entries into the attributes themselves, values converted', () => {
    const list = JSON.parse('[{"key":"a","value":{"intValue":"3"}},{"key":"b","value":{"stringValue":"x"}}]') as object[];
    const attrs = keyValues(list, undefined, 0, true);
    expect(attrs).toBe(list);
    expect(attrs).toEqual([
      { key: 'a', value: 3 },
      { key: 'b', value: 'x' },
    ]);
  });

  it('copies a list with any entry that holds another key, so nothing else rides into the model', () => {
    const text = '[{"key":"a","value":{"intValue":"3"}},{"key":"b","value":{"stringValue":"x"},"secret":"s3"}]';
    const list = JSON.parse(text) as object[];
    const attrs = keyValues(list, undefined, 0, true);
    expect(attrs).not.toBe(list);
    expect(attrs).toEqual([
      { key: 'a', value: 3 },
      { key: 'b', value: 'x' },
    ]);
    expect(JSON.stringify(attrs)).not.toContain('secret');
    // The list was checked before anything was converted: it is as parsed.
    expect(list).toEqual(JSON.parse(text));
  });

  it('copies entries without a value, a non-string key or a __proto__ key', () => {
    for (const text of ['[{"key":"a"}]', '[{"key":1,"value":{}}]', '[{"key":"a","value":{},"__proto__":{"x":1}}]']) {
      const list = JSON.parse(text) as object[];
      expect(keyValues(list, undefined, 0, true)).not.toBe(list);
      expect(list).toEqual(JSON.parse(text));
    }
  });

  it('leaves a list it does not own untouched (the default)', () => {
    const text = '[{"key":"a","value":{"boolValue":true}}]';
    const list = JSON.parse(text) as object[];
    expect(keyValues(list)).toEqual([{ key: 'a', value: true }]);
    expect(list).toEqual(JSON.parse(text));
  });
});

describe('internText', () => {
  it('keeps one entry per distinct text, returns the text unchanged, and stops growing at its cap', () => {
    const table = new TextCache<string>();
    const list = JSON.parse('[{"key":"k","value":{"intValue":"1"}},{"key":"k2","value":{}}]') as object[];
    const again = JSON.parse('[{"key":"k","value":{"boolValue":true}}]') as object[];
    expect(keyValues(list, undefined, 0, true, table)).toEqual([
      { key: 'k', value: 1 },
      { key: 'k2', value: null },
    ]);
    expect(keyValues(again, undefined, 0, false, table)).toEqual([{ key: 'k', value: true }]);
    expect(table.size).toBe(2);
    for (let i = 0; i < 10_000; i++) expect(internText(table, `key-${i}`)).toBe(`key-${i}`);
    expect(table.size).toBe(8192);
    expect(internText(table, 'k')).toBe('k');
  });
});

describe('keyValues: short string values interned apart from keys', () => {
  it('interns string values up to 32 characters in their own table, not longer ones or other types', () => {
    const keys = new TextCache<string>();
    const values = new TextCache<string>();
    const long = 'https://shop.example.com/api/v1/orders/8fb268bf8fae32f7';
    const list = JSON.parse(
      JSON.stringify([
        { key: 'host', value: { stringValue: 'db-1.internal' } },
        { key: 'url', value: { stringValue: long } },
        { key: 'n', value: { intValue: '3' } },
      ]),
    ) as object[];
    expect(keyValues(list, undefined, 0, true, keys, values)).toEqual([
      { key: 'host', value: 'db-1.internal' },
      { key: 'url', value: long },
      { key: 'n', value: 3 },
    ]);
    expect(values.size).toBe(1);
    expect(values.get('db-1.internal')).toBe('db-1.internal');
    expect(keys.size).toBe(3);
  });
});

