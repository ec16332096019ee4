import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeInput, firstBadUtf8, isGzip } from './decode';
import { crc32 } from './gunzip';

const utf8 = (s: string) => new TextEncoder().encode(s);

function utf16(s: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const units = (bom ? '\uFEFF' : '') + s;
  const out = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    const c = units.charCodeAt(i);
    out[i * 2 + (littleEndian ? 0 : 1)] = c & 0xff;
    out[i * 2 + (littleEndian ? 1 : 0)] = c >> 8;
  }
  return out;
}

const JSON_TEXT = '{"resourceSpans":[],"name":"héllo ✓"}';

describe('decodeInput', () => {
  it('passes plain UTF-8 through, multi-byte characters intact', () => {
    expect(decodeInput('a.json', utf8(JSON_TEXT))).toEqual({ text: JSON_TEXT, gzip: false });
  });

  it('takes a string as is, without its BOM', () => {
    expect(decodeInput('a.json', '\uFEFF{"a":1}')).toEqual({ text: '{"a":1}', gzip: false });
  });

  it('strips a UTF-8 byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(JSON_TEXT)]);
    expect(decodeInput('a.json', bytes)).toEqual({ text: JSON_TEXT, gzip: false });
  });

  it('decodes UTF-16 LE and BE with a BOM, and LE without one', () => {
    expect(decodeInput('a.json', utf16(JSON_TEXT, true, true))).toEqual({ text: JSON_TEXT, gzip: false });
    expect(decodeInput('a.json', utf16(JSON_TEXT, false, true))).toEqual({ text: JSON_TEXT, gzip: false });
    expect(decodeInput('a.json', utf16(JSON_TEXT, true, false))).toEqual({ text: JSON_TEXT, gzip: false });
  });

  it('gunzips by magic bytes, whatever the name, and decodes what is inside', () => {
    const packed = gzipSync(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(JSON_TEXT)]));
    expect(isGzip(packed)).toBe(true);
    expect(decodeInput('trace.json', packed)).toEqual({ text: JSON_TEXT, gzip: true });
    expect(decodeInput('trace.json.gz', packed)).toEqual({ text: JSON_TEXT, gzip: true });
  });

  it('reports a truncated gzip stream as input.gzip naming the file, with the part inflated before the cut', () => {
    const packed = gzipSync(utf8(JSON_TEXT.repeat(50)));
    const r = decodeInput('t.json.gz', packed.subarray(0, packed.length - 20));
    expect('partial' in r && r.partial?.code).toBe('input.gzip');
    expect('partial' in r && r.partial?.message).toMatch(/t\.json\.gz is cut short/);
    expect('text' in r && JSON_TEXT.repeat(50).startsWith(r.text)).toBe(true);
  });

  it('refuses a gzip that inflates past the ceiling as input.too-large', () => {
    const r = decodeInput('z.gz', gzipSync(new Uint8Array(2048)), { maxInflatedBytes: 1024 });
    expect('problem' in r && r.problem).toMatchObject({ code: 'input.too-large', file: 'z.gz' });
    expect(decodeInput('z.gz', gzipSync(new Uint8Array(1024)), { maxInflatedBytes: 1024 })).toMatchObject({ gzip: true });
  });

  it('reports a .gz file that is not gzip', () => {
    const r = decodeInput('t.json.gz', utf8(JSON_TEXT));
    expect('problem' in r && r.problem).toMatchObject({ code: 'input.gzip', file: 't.json.gz' });
    expect('problem' in r && r.problem.message).toMatch(/not gzip/);
  });

  it('reports invalid UTF-8 with the offset of the first bad byte', () => {
    const bytes = new Uint8Array([...utf8('{"a":"'), 0xc3, 0x28, ...utf8('"}')]);
    const r = decodeInput('a.json', bytes);
    expect('problem' in r && r.problem).toMatchObject({ code: 'input.encoding', where: 'byte 6' });
  });

  it('calls binary junk binary', () => {
    const junk = new Uint8Array([0x0a, 0x9f, 0x01, 0x0a, 0x10, 0xff, 0x00, 0x12, 0x08, 0xfe, 0x80]);
    const r = decodeInput('trace.pb', junk);
    expect('problem' in r && r.problem.code).toBe('input.encoding');
    expect('problem' in r && r.problem.message).toMatch(/binary/);
  });

  it('decodes an empty file to empty text', () => {
    expect(decodeInput('e.json', new Uint8Array(0))).toEqual({ text: '', gzip: false });
  });
});

describe('firstBadUtf8', () => {
  it('accepts valid sequences of every length and finds the bad ones', () => {
    expect(firstBadUtf8(utf8('aé✓𝄞'))).toBe(-1);
    expect(firstBadUtf8(new Uint8Array([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(firstBadUtf8(new Uint8Array([0x61, 0x62, 0xe2, 0x9c]))).toBe(2); // truncated
    expect(firstBadUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(firstBadUtf8(new Uint8Array([0x80]))).toBe(0); // lone continuation
  });
});

describe('gzip details', () => {
  it('reads every member of a multi-member gzip file', () => {
    const a = gzipSync(utf8('{"a":1}\n'));
    const b = gzipSync(utf8('{"a":2}\n'));
    const r = decodeInput('two.gz', new Uint8Array([...a, ...b]));
    expect(r).toEqual({ text: '{"a":1}\n{"a":2}\n', gzip: true });
  });

  it('checks the CRC-32 in the trailer', () => {
    expect(crc32(utf8('123456789'))).toBe(0xcbf43926);
    const packed = gzipSync(utf8(JSON_TEXT));
    packed[packed.length - 6]! ^= 0xff;
    const r = decodeInput('t.json.gz', packed);
    expect('problem' in r && r.problem.code).toBe('input.gzip');
    expect('problem' in r && r.problem.message).toMatch(/CRC/);
  });
});
