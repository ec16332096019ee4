/**
 * Id normalisation (ids.ts): the forms files write ids in, and the same answers as the way it was
 * written before its base64 and lower-casing steps were made fast (kept below as the reference).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToHex, normaliseParentId, normaliseSpanId, normaliseTraceId } from './ids';
import type { IdStyle } from './ids';

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';

describe('normaliseTraceId / normaliseSpanId', () => {
  it('reads hex of any case, with 0x and spaces, and base64 of the right size', () => {
    expect(normaliseTraceId(TRACE)).toEqual({ id: TRACE, valid: true });
    expect(normaliseTraceId(` 0X${TRACE.toUpperCase()} `)).toEqual({ id: TRACE, valid: true });
    expect(normaliseTraceId(Buffer.from(TRACE, 'hex').toString('base64'))).toEqual({ id: TRACE, valid: true });
    expect(normaliseSpanId(Buffer.from(SPAN, 'hex').toString('base64'))).toEqual({ id: SPAN, valid: true });
    expect(normaliseSpanId(Buffer.from(SPAN, 'hex').toString('base64').replace(/=+$/, ''))).toEqual({ id: SPAN, valid: true });
    expect(normaliseSpanId('AAAAAAAAAAA=')).toEqual({ id: '0000000000000000', valid: false });
  });

  it('pads short hex only in the padded-hex style (Jaeger), and keeps anything else as written, lower-cased', () => {
    expect(normaliseSpanId('abc', 'padded-hex')).toEqual({ id: '0000000000000abc', valid: true });
    expect(normaliseSpanId('abc')).toEqual({ id: 'abc', valid: false });
    expect(normaliseSpanId(' Not-An-Id ')).toEqual({ id: 'not-an-id', valid: false });
    // Only A-Z is lower-cased: other letters stay as written.
    expect(normaliseSpanId('ÄBC-İD')).toEqual({ id: 'Äbc-İd', valid: false });
    expect(normaliseSpanId(12)).toEqual({ id: '(number) 12', valid: false });
    expect(normaliseParentId('0000000000000000')).toBeUndefined();
    expect(normaliseParentId(` ${SPAN.toUpperCase()}`)).toBe(SPAN);
  });

  it('decodes base64 of exactly the size asked, padded as base64 pads', () => {
    expect(base64ToHex('AQID', 3)).toBe('010203');
    expect(base64ToHex('AQI=', 2)).toBe('0102');
    expect(base64ToHex('AQI', 2)).toBe('0102');
    expect(base64ToHex('AQI=', 3)).toBeUndefined();
    expect(base64ToHex('AQ=I', 2)).toBeUndefined();
    expect(base64ToHex('AQ==', 1)).toBe('01');
    expect(base64ToHex('AQ=', 1)).toBeUndefined();
    expect(base64ToHex('A-Q=', 2)).toBeUndefined();
  });

  it('gives what the reference gives, for any string of id-like characters', () => {
    const text = fc.stringMatching(/^[ 0-9a-fA-FxXg-zG-Z+/=İÄ-]{0,40}$/);
    fc.assert(
      fc.property(text, fc.constantFrom<IdStyle>('otlp', 'padded-hex'), (raw, style) => {
        expect(normaliseTraceId(raw, style)).toEqual(reference(raw, 32, style));
        expect(normaliseSpanId(raw, style)).toEqual(reference(raw, 16, style));
      }),
      { numRuns: 3000 },
    );
    // Base64 of real ids, of every size near the right one.
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 18 }), fc.boolean(), (bytes, pad) => {
        const b64 = Buffer.from(bytes).toString('base64');
        const raw = pad ? b64 : b64.replace(/=+$/, '');
        expect(normaliseTraceId(raw)).toEqual(reference(raw, 32, 'otlp'));
        expect(normaliseSpanId(raw)).toEqual(reference(raw, 16, 'otlp'));
      }),
      { numRuns: 1000 },
    );
  });
});

// ---- The reference: normalise as written before (at 3a5745a), for the comparison above. ----

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function referenceBase64ToHex(text: string, bytes: number): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const body = text.replace(/=+$/, '');
  if (Math.floor((body.length * 6) / 8) !== bytes) return undefined;
  if (text.length % 4 !== 0 && text.includes('=')) return undefined;
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const ch of body) {
    buffer = (buffer << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += ((buffer >> bits) & 0xff).toString(16).padStart(2, '0');
    }
  }
  return out;
}

function reference(raw: string, hexLength: number, style: IdStyle): { id: string; valid: boolean } {
  const lower = raw.trim().replace(/[A-Z]+/g, (m) => m.toLowerCase());
  if (/^[0-9a-f]+$/.test(raw) && raw.length === hexLength) return { id: raw, valid: !/^0+$/.test(raw) };
  const text = lower.startsWith('0x') ? lower.slice(2) : lower;
  if (/^[0-9a-f]+$/.test(text)) {
    if (text.length === hexLength) return { id: text, valid: !/^0+$/.test(text) };
    if (style === 'padded-hex' && text.length < hexLength) {
      const padded = text.padStart(hexLength, '0');
      return { id: padded, valid: !/^0+$/.test(padded) };
    }
  }
  const hex = referenceBase64ToHex(raw.trim(), hexLength / 2);
  if (hex !== undefined) return { id: hex, valid: !/^0+$/.test(hex) };
  return { id: lower, valid: false };
}
