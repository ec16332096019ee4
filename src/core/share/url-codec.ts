/**
 * The share URL fragment: `tl1.` + base64url(zlib(UTF-8 JSON of a snapshot)). It lives after the
 * `#`, so it never reaches a server. Decoding refuses what is damaged or too large before it
 * costs much: the size of the fragment first, then the inflated size while inflating (a small
 * fragment can inflate to gigabytes), then the checksum.
 */
import { Inflate, strToU8, zlibSync } from 'fflate';
import type { SnapshotDoc } from './snapshot';

/** The longest fragment decoded by default, in characters (browsers keep URLs of a few MB). */
export const MAX_SHARE_FRAGMENT = 1_000_000;
/** The most bytes a fragment may inflate to by default. */
export const MAX_SHARE_INFLATED = 64 * 1024 * 1024;

/** The fragment format this tracelinks writes (and the only one it reads). */
const PREFIX = 'tl1.';
/** Compressed bytes handed to the inflater at a time: each push inflates to at most ~1032 times that. */
const INFLATE_STEP = 4096;

export type DecodedFragment = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

export interface DecodeOptions {
  readonly maxFragmentChars?: number;
  readonly maxInflatedBytes?: number;
}

// ---------------------------------------------------------------------------------------------
// base64url (RFC 4648 section 5, no padding), by lookup tables. No Buffer or btoa: src/core runs
// in Node, browsers and workers alike.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ENCODE = new Uint8Array(64);
const DECODE = new Uint8Array(128).fill(255);
for (let i = 0; i < 64; i++) {
  ENCODE[i] = ALPHABET.charCodeAt(i);
  DECODE[ALPHABET.charCodeAt(i)] = i;
}
/** Characters built per `String.fromCharCode` call (well under engines' argument limits). */
const TEXT_CHUNK = 16_384;

/** @example base64urlEncode(new Uint8Array([0xfb, 0xff])) === '-_8' */
export function base64urlEncode(bytes: Uint8Array): string {
  const parts: string[] = [];
  const buf = new Uint8Array(TEXT_CHUNK);
  let n = 0;
  const flush = (): void => {
    parts.push(String.fromCharCode.apply(null, buf.subarray(0, n) as unknown as number[]));
    n = 0;
  };
  const whole = bytes.length - (bytes.length % 3);
  for (let i = 0; i < whole; i += 3) {
    if (n > TEXT_CHUNK - 4) flush();
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    buf[n++] = ENCODE[v >>> 18]!;
    buf[n++] = ENCODE[(v >>> 12) & 63]!;
    buf[n++] = ENCODE[(v >>> 6) & 63]!;
    buf[n++] = ENCODE[v & 63]!;
  }
  if (n > TEXT_CHUNK - 4) flush();
  const rest = bytes.length - whole;
  if (rest === 1) {
    const v = bytes[whole]!;
    buf[n++] = ENCODE[v >>> 2]!;
    buf[n++] = ENCODE[(v & 3) << 4]!;
  } else if (rest === 2) {
    const v = (bytes[whole]! << 8) | bytes[whole + 1]!;
    buf[n++] = ENCODE[v >>> 10]!;
    buf[n++] = ENCODE[(v >>> 4) & 63]!;
    buf[n++] = ENCODE[(v & 15) << 2]!;
  }
  flush();
  return parts.join('');
}

/** The bytes, or the position of the first character that is not base64url (or -1 for a bad length). */
export function base64urlDecode(text: string, from = 0): Uint8Array | { readonly badAt: number } {
  const length = text.length - from;
  if (length % 4 === 1) return { badAt: -1 };
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  let o = 0;
  let i = from;
  const whole = from + length - (length % 4);
  for (; i < whole; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    // A code past 127 indexes past the table: undefined, caught with the 255s below.
    const a = DECODE[c0] ?? 255;
    const b = DECODE[c1] ?? 255;
    const c = DECODE[c2] ?? 255;
    const d = DECODE[c3] ?? 255;
    if ((a | b | c | d) > 63) {
      return { badAt: i + [a, b, c, d].indexOf(255) };
    }
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  const rest = text.length - i;
  if (rest > 0) {
    let v = 0;
    for (let k = 0; k < rest; k++) {
      const x = DECODE[text.charCodeAt(i + k)] ?? 255;
      if (x === 255) return { badAt: i + k };
      v = (v << 6) | x;
    }
    if (rest === 2) out[o] = v >>> 4;
    else {
      out[o] = v >>> 10;
      out[o + 1] = (v >>> 2) & 255;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/** Adler-32, as the zlib trailer holds it (fflate does not check it when inflating). */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; ) {
    // 5552 bytes at most between reductions keep the sums below 2^32.
    const end = Math.min(i + 5552, bytes.length);
    for (; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

interface TextDecoderLike {
  decode(input: Uint8Array): string;
}
type TextDecoderCtor = new (label?: string, options?: { fatal?: boolean }) => TextDecoderLike;
// src/core compiles without the DOM lib; TextDecoder is in every runtime it runs in.
const Utf8 = (globalThis as unknown as { TextDecoder: TextDecoderCtor }).TextDecoder;

function mib(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}

const damaged = (why: string): DecodedFragment => ({ ok: false, message: `The shared link is damaged: ${why}.` });

/** zlib data -> bytes, refused as soon as the output passes `max` (each push inflates a few MB at most). */
function inflateLimited(z: Uint8Array, max: number): Uint8Array | DecodedFragment {
  if (z.length < 6) return damaged('it is cut short (was it copied in full?)');
  const cmf = z[0]!;
  const flg = z[1]!;
  if ((cmf & 15) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0 || (flg & 32) !== 0) {
    return damaged('its data is not zlib-compressed');
  }
  const body = z.subarray(2, z.length - 4);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > max) over = true;
    else if (chunk.length > 0) chunks.push(chunk);
  });
  try {
    if (body.length === 0) inflater.push(body, true);
    for (let i = 0; i < body.length && !over; i += INFLATE_STEP) {
      inflater.push(body.subarray(i, i + INFLATE_STEP), i + INFLATE_STEP >= body.length);
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return damaged(/EOF/i.test(why) ? 'it is cut short (was it copied in full?)' : `its compressed data is corrupt (${why})`);
  }
  if (over) return { ok: false, message: `The shared link is too large: it inflates to more than ${mib(max)}.` };
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  const expected = ((z[z.length - 4]! << 24) | (z[z.length - 3]! << 16) | (z[z.length - 2]! << 8) | z[z.length - 1]!) >>> 0;
  if (adler32(out) !== expected) return damaged('its checksum does not match (was it edited or cut short?)');
  return out;
}

/**
 * The fragment for a snapshot (build it with `slim: true` to keep URLs short).
 * @example location.hash = encodeShareFragment(buildSnapshot(input, { slim: true }))
 */
export function encodeShareFragment(doc: SnapshotDoc): string {
  return PREFIX + base64urlEncode(zlibSync(strToU8(JSON.stringify(doc)), { level: 9 }));
}

/**
 * The snapshot text a fragment holds (with or without its leading `#`), or why it cannot be read,
 * in one line. Read the text as a file: `readTraceFile('shared.tracelinks.json', result.text)`.
 * Never throws.
 * @example const r = decodeShareFragment(location.hash); if (r.ok) load(readTraceFile('shared.tracelinks.json', r.text));
 */
export function decodeShareFragment(fragment: string, opts: DecodeOptions = {}): DecodedFragment {
  const maxChars = opts.maxFragmentChars ?? MAX_SHARE_FRAGMENT;
  const maxBytes = opts.maxInflatedBytes ?? MAX_SHARE_INFLATED;
  const from = fragment.startsWith('#') ? 1 : 0;
  const length = fragment.length - from;
  if (length > maxChars) {
    return { ok: false, message: `The shared link is too large (${length.toLocaleString('en')} characters; at most ${maxChars.toLocaleString('en')} are read).` };
  }
  if (!fragment.startsWith(PREFIX, from)) {
    const version = /^tl(\d+)\./.exec(fragment.slice(from, from + 12));
    if (version !== null && Number(version[1]) > 1) {
      return { ok: false, message: `The shared link was made by a newer tracelinks (format tl${version[1]}): update tracelinks to open it.` };
    }
    return damaged(`it does not start with ${PREFIX} (is it a tracelinks link?)`);
  }
  const bytes = base64urlDecode(fragment, from + PREFIX.length);
  if (!(bytes instanceof Uint8Array)) {
    return damaged(
      bytes.badAt < 0
        ? 'its length is not that of base64url data (was it cut short?)'
        : `it holds a character that is not base64url at position ${bytes.badAt - from + 1}`,
    );
  }
  try {
    const inflated = inflateLimited(bytes, maxBytes);
    if (!(inflated instanceof Uint8Array)) return inflated;
    let text: string;
    try {
      text = new Utf8('utf-8', { fatal: true }).decode(inflated);
    } catch {
      return damaged('its data is not UTF-8 text');
    }
    return { ok: true, text };
  } catch (e) {
    // Allocation failures and the like: still one line, never a stack.
    return damaged(e instanceof Error ? e.message : String(e));
  }
}
