import { describe, expect, it } from 'vitest';
import { findJsonError, lineColumn, offsetFromMessage } from './json-syntax';
import { cleanMessage, nonFiniteToNull, parseJsonText } from './json-text';

describe('parseJsonText', () => {
  it('reads one document', () => {
    const r = parseJsonText('  {"a": [1, 2]}\n');
    expect(r).toEqual({ layout: 'document', values: [{ value: { a: [1, 2] }, line: 1 }], errors: [], truncated: false });
  });

  it('reads JSON Lines, skipping blank lines, with each value’s line', () => {
    const r = parseJsonText('{"a":1}\n\n{"a":2}\r\n{"a":3}\n');
    expect(r.layout).toBe('lines');
    expect(r.values).toEqual([
      { value: { a: 1 }, line: 1 },
      { value: { a: 2 }, line: 3 },
      { value: { a: 3 }, line: 4 },
    ]);
  });

  it('reads a JSON Lines line that holds two values side by side, with that line', () => {
    const r = parseJsonText('{"a":1}\n{"b":2} {"c":3}\n{"d":4}\n');
    expect(r.layout).toBe('lines');
    expect(r.errors).toEqual([]);
    expect(r.values).toEqual([
      { value: { a: 1 }, line: 1 },
      { value: { b: 2 }, line: 2 },
      { value: { c: 3 }, line: 2 },
      { value: { d: 4 }, line: 3 },
    ]);
  });

  it('reads a stream of pretty-printed objects with CRLF line ends', () => {
    const one = JSON.stringify({ context: { trace_id: '0x1' }, name: 'a "}" b' }, null, 4).replace(/\n/g, '\r\n');
    const two = JSON.stringify({ context: { trace_id: '0x2' }, list: [{ x: '\\' }] }, null, 4).replace(/\n/g, '\r\n');
    const r = parseJsonText(`${one}\r\n${two}\r\n`);
    expect(r.layout).toBe('stream');
    expect(r.errors).toEqual([]);
    expect(r.values.map((v) => v.value)).toEqual([JSON.parse(one), JSON.parse(two)]);
    expect(r.values.map((v) => v.line)).toEqual([1, one.split('\n').length + 1]);
  });

  it('reads objects back to back on one line', () => {
    const r = parseJsonText('{"a":1}{"a":2}[3]');
    expect(r.layout).toBe('stream');
    expect(r.values.map((v) => v.value)).toEqual([{ a: 1 }, { a: 2 }, [3]]);
  });

  it("reads Python's NaN, Infinity and -Infinity as null, but not inside strings", () => {
    const r = parseJsonText('{"a": NaN, "b": [Infinity, -Infinity], "c": "NaN Infinity", "NaN": 1}');
    expect(r.values[0]!.value).toEqual({ a: null, b: [null, null], c: 'NaN Infinity', NaN: 1 });
    expect(parseJsonText('{"a": NaN}\n{"a": 2}\n').values.map((v) => v.value)).toEqual([{ a: null }, { a: 2 }]);
    // The whole text breaks at the second line, not at a NaN: that line is read alone, NaN and all.
    expect(parseJsonText('{"a": 1}\n{"a": NaN}\n').values.map((v) => v.value)).toEqual([{ a: 1 }, { a: null }]);
    expect(parseJsonText('{"a": 1}\n{"b": [1, -Infinity]}').values.map((v) => v.value)).toEqual([{ a: 1 }, { b: [1, null] }]);
  });

  it('gives line and column of a truncated document', () => {
    const r = parseJsonText('{\n  "resourceSpans": [\n    {"a": 1}');
    expect(r.values).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 3, column: 13 });
    expect(r.errors[0]!.message).toMatch(/Expected ',' or ']'|ends too early/);
  });

  it('gives line and column where a token is wrong (V8 gives no position for these)', () => {
    const r = parseJsonText('{\n  "a": 1,\n  "b": }\n');
    expect(r.errors[0]).toMatchObject({ line: 3, column: 8 });
    expect(r.errors[0]!.message).toBe("Unexpected character '}'");
  });

  it('keeps the good values of a JSON Lines file and reports the bad line', () => {
    const r = parseJsonText('{"a":1}\n{"a": oops}\n{"a":3}\n');
    expect(r.values.map((v) => v.value)).toEqual([{ a: 1 }, { a: 3 }]);
    expect(r.values.map((v) => v.line)).toEqual([1, 3]);
    expect(r.errors).toEqual([{ line: 2, column: 7, message: "Unexpected character 'o'" }]);
  });

  it('resyncs after a line cut in the middle of a string', () => {
    const r = parseJsonText('{"a":1}\n{"a":"cut\n{"a":3}\n');
    expect(r.values.map((v) => v.value)).toEqual([{ a: 1 }, { a: 3 }]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.line).toBe(2);
  });

  it('reads on after a JSON Lines line cut short, whose brackets never close', () => {
    const r = parseJsonText('{"a":1}\n{"a": [\n{"a":3}\n{"a":4}\n');
    expect(r.values.map((v) => v.value)).toEqual([{ a: 1 }, { a: 3 }, { a: 4 }]);
    expect(r.errors).toEqual([{ line: 2, column: 8, message: expect.stringMatching(/ends too early/) }]);
  });

  it('reads on after a pretty-printed document cut short in the middle of a stream', () => {
    const doc = (a: number) => JSON.stringify({ a, b: [1, 2] }, null, 2);
    const r = parseJsonText([doc(1), doc(2).slice(0, 15), doc(3)].join('\n'));
    expect(r.values.map((v) => v.value)).toEqual([{ a: 1, b: [1, 2] }, { a: 3, b: [1, 2] }]);
    expect(r.errors).toHaveLength(1);
  });

  it('reads every good line of a JSON Lines file with many broken lines, and counts those not reported', () => {
    const text = Array.from({ length: 90 }, (_, i) => (i % 3 === 2 ? '{"a": x}' : `{"a":${i}}`)).join('\n');
    const r = parseJsonText(text);
    expect(r.values).toHaveLength(60);
    expect(r.errors).toHaveLength(20);
    expect(r.moreErrors).toBe(10);
  });

  it('reports text after a document', () => {
    const r = parseJsonText('{"a":1} trailing words');
    expect(r.values.map((v) => v.value)).toEqual([{ a: 1 }]);
    expect(r.errors[0]).toMatchObject({ line: 1, column: 9 });
  });

  it('stops after 20 broken values', () => {
    const r = parseJsonText(Array.from({ length: 30 }, () => '{"a": x}').join('\n'));
    expect(r.errors).toHaveLength(20);
    expect(r.truncated).toBe(true);
  });

  it('gives nothing for blank text', () => {
    expect(parseJsonText(' \r\n ')).toEqual({ layout: 'document', values: [], errors: [], truncated: false });
  });
});

describe('engine messages to positions', () => {
  const text = '{\n  "a": 1,\n  "b" 2\n}';
  it('reads V8 "at position N", Chromium "(line L column C)" and Firefox "at line L column C"', () => {
    expect(offsetFromMessage("Expected ':' after property name in JSON at position 18", text)).toBe(18);
    expect(offsetFromMessage("Expected ':' after property name in JSON at position 18 (line 3 column 7)", text)).toBe(18);
    expect(offsetFromMessage("JSON.parse: expected ':' after property name in object at line 3 column 7 of the JSON data", text)).toBe(18);
    expect(offsetFromMessage('Unexpected end of JSON input', text)).toBe(text.length);
    expect(offsetFromMessage(`Unexpected token '}', "{"a":}" is not valid JSON`, text)).toBeUndefined();
  });

  it('agrees with the engine on this machine', () => {
    for (const bad of [text, '{"a":1', '[1,,2]', '{"a":"\t"}', '{"a":1} x', '{a:1}']) {
      let message = '';
      try {
        JSON.parse(bad);
      } catch (e) {
        message = (e as Error).message;
      }
      const engine = offsetFromMessage(message, bad);
      const ours = findJsonError(bad, false);
      expect(ours, bad).toBeDefined();
      if (engine !== undefined) expect(ours!.offset, `${bad}: ${message}`).toBe(engine);
    }
  });

  it('turns an offset into line and column', () => {
    expect(lineColumn(text, 18)).toEqual({ line: 3, column: 7 });
    expect(lineColumn('ab', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('a\r\nb', 3)).toEqual({ line: 2, column: 1 });
  });

  it('cleans snippets and positions out of engine messages', () => {
    expect(cleanMessage(`Unexpected token 'o', "nope" is not valid JSON`)).toBe("Unexpected token 'o'");
    expect(cleanMessage('Unterminated string in JSON at position 7')).toBe('Unterminated string');
    expect(cleanMessage('JSON.parse: unexpected character at line 1 column 2 of the JSON data')).toBe('unexpected character');
  });
});

describe('findJsonError', () => {
  it('accepts valid JSON and NaN only when asked', () => {
    expect(findJsonError('{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}', false)).toBeUndefined();
    expect(findJsonError('[NaN]', false)?.offset).toBe(1);
    expect(findJsonError('[NaN, -Infinity]', true)).toBeUndefined();
  });

  it('finds bad escapes and raw control characters', () => {
    expect(findJsonError('"a\\x"', false)).toEqual({ offset: 3, message: 'Bad escape in a string' });
    expect(findJsonError('"a\nb"', false)?.offset).toBe(2);
  });
});

describe('nonFiniteToNull', () => {
  it('replaces whole tokens only', () => {
    expect(nonFiniteToNull('[NaN,Infinity,-Infinity]')).toBe('[null,null,null]');
    expect(nonFiniteToNull('{"x":"NaN"}')).toBe('{"x":"NaN"}');
    expect(nonFiniteToNull('{"x":"a\\"NaN"}')).toBe('{"x":"a\\"NaN"}');
  });
});
