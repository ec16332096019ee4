import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeLink, makeSpan } from '../test-support/make-span';
import { buildSnapshot } from './snapshot';
import { DEFAULT_VIEW, NO_REDACTION } from './types';
import { adler32, base64urlDecode, base64urlEncode, decodeShareFragment, encodeShareFragment, MAX_SHARE_FRAGMENT } from './url-codec';

const doc = buildSnapshot({
  spans: [makeSpan({ id: '1', name: 'caf\u00e9 \u{1F600} \ud800', links: [makeLink('b', '2', { 'link.type': 'producer' })] }), makeSpan({ id: '2', parent: '1' })],
  duplicates: [],
  problems: [],
  state: { notes: [{ target: 'trace:a', text: 'note' }], view: DEFAULT_VIEW, redaction: NO_REDACTION },
});

/** Fragment text for arbitrary bytes, as an attacker or a broken copy would make it. */
const fragmentOf = (bytes: Uint8Array): string => `tl1.${base64urlEncode(bytes)}`;
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function expectRefused(fragment: string, pattern: RegExp, opts?: Parameters<typeof decodeShareFragment>[1]): string {
  const r = decodeShareFragment(fragment, opts);
  expect(r.ok).toBe(false);
  const message = r.ok ? '' : r.message;
  expect(message).toMatch(pattern);
  expect(message).not.toContain('\n');
  return message;
}

describe('base64url', () => {
  it('matches Node for every length and byte value', () => {
    for (let n = 0; n < 300; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 131 + n * 7) & 255);
      const text = base64urlEncode(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(base64urlDecode(text)).toEqual(bytes);
    }
  });

  it('builds long texts in chunks, and finds the first bad character', () => {
    const big = new Uint8Array(1_000_003).map((_, i) => (i * 2654435761) >>> 24);
    expect(base64urlEncode(big)).toBe(Buffer.from(big).toString('base64url'));
    expect(base64urlDecode('AAAA+AAA')).toEqual({ badAt: 4 });
    expect(base64urlDecode('AAAAA')).toEqual({ badAt: -1 });
    expect(base64urlDecode('AA\u00e9A')).toEqual({ badAt: 2 });
    expect(base64urlDecode('AAA=')).toEqual({ badAt: 3 });
  });

  it('computes Adler-32 as zlib does', () => {
    expect(adler32(utf8('Wikipedia'))).toBe(0x11e60398);
    const big = new Uint8Array(100_000).fill(255);
    const z = zlibSync(big);
    const trailer = ((z[z.length - 4]! << 24) | (z[z.length - 3]! << 16) | (z[z.length - 2]! << 8) | z[z.length - 1]!) >>> 0;
    expect(adler32(big)).toBe(trailer);
  });
});

describe('share fragment', () => {
  it('round-trips the snapshot JSON, with or without the #', () => {
    const fragment = encodeShareFragment(doc);
    expect(fragment).toMatch(/^tl1\.[A-Za-z0-9_-]+$/);
    for (const f of [fragment, `#${fragment}`]) {
      const r = decodeShareFragment(f);
      expect(r).toEqual({ ok: true, text: JSON.stringify(doc) });
    }
    expect(MAX_SHARE_FRAGMENT).toBe(1_000_000);
  });

  it('refuses a wrong prefix, and names a newer format', () => {
    expectRefused('', /^The shared link is damaged: it does not start with tl1\./);
    expectRefused('#xyz', /damaged: it does not start with tl1\./);
    expectRefused('tl1', /damaged/);
    expectRefused('tl0.AAAA', /damaged/);
    expectRefused('#tl2.AAAA', /^The shared link was made by a newer tracelinks \(format tl2\)/);
  });

  it('refuses characters outside base64url, and a bad length', () => {
    const fragment = encodeShareFragment(doc);
    expectRefused(`${fragment.slice(0, 20)}+${fragment.slice(21)}`, /damaged: it holds a character that is not base64url at position 21/);
    expectRefused(`#${fragment.slice(0, 20)} ${fragment.slice(21)}`, /position 21/);
    expectRefused(`${fragment}=`, /damaged/);
    expectRefused(`${fragment}A`.slice(0, 4 + 4 * 5 + 1), /damaged/);
  });

  it('refuses tampered and truncated data', () => {
    const fragment = encodeShareFragment(doc);
    const body = fragment.slice(4);
    for (let at = 0; at < body.length; at += Math.max(1, Math.floor(body.length / 40))) {
      const c = body[at] === 'A' ? 'B' : 'A';
      const tampered = `tl1.${body.slice(0, at)}${c}${body.slice(at + 1)}`;
      const r = decodeShareFragment(tampered);
      // A change in the last character's unused bits may leave the bytes as they were.
      if (r.ok) expect(r.text).toBe(JSON.stringify(doc));
      else expect(r.message).toMatch(/^The shared link is damaged: /);
    }
    for (const keep of [0, 4, 8, Math.floor(body.length / 2), body.length - 8, body.length - 1]) {
      expectRefused(`tl1.${body.slice(0, keep)}`, /^The shared link is damaged: /);
    }
    expectRefused(fragmentOf(utf8('not zlib at all')), /damaged: its data is not zlib-compressed/);
    expectRefused(fragmentOf(zlibSync(new Uint8Array([0xff, 0xfe, 0x80]))), /damaged: its data is not UTF-8 text/);
    const z = zlibSync(utf8('{"x":1}'));
    z[z.length - 1] = z[z.length - 1]! ^ 1;
    expectRefused(fragmentOf(z), /damaged: its checksum does not match/);
  });

  it('refuses a fragment past the size limit before decoding it', () => {
    const huge = `tl1.${'A'.repeat(MAX_SHARE_FRAGMENT)}`;
    expectRefused(huge, /^The shared link is too large \(1,000,004 characters; at most 1,000,000 are read\)\./);
    expectRefused(`#${encodeShareFragment(doc)}`, /too large/, { maxFragmentChars: 20 });
  });

  it('refuses an inflated size past the limit', () => {
    const bytes = utf8(JSON.stringify(doc)).length;
    expectRefused(encodeShareFragment(doc), /^The shared link is too large: it inflates to more than /, { maxInflatedBytes: bytes - 1 });
    expect(decodeShareFragment(encodeShareFragment(doc), { maxInflatedBytes: bytes }).ok).toBe(true);
  });
});
