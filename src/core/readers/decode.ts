/**
 * Bytes -> text, before any parsing: gzip (by its magic bytes, whatever the name says), byte
 * order marks, UTF-16, strict UTF-8. Never throws: a failure is one `input.*` problem.
 */
import { gunzipAll } from './gunzip';
import type { InputProblem } from './types';

/**
 * The WHATWG TextDecoder, present in browsers, workers and Node. src/core compiles without the
 * DOM lib, so it is typed here and read from `globalThis`.
 */
interface TextDecoderLike {
  decode(input: Uint8Array): string;
}
type TextDecoderCtor = new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoderLike;
const Decoder = (globalThis as unknown as { TextDecoder: TextDecoderCtor }).TextDecoder;

export type Decoded = { readonly text: string; readonly gzip: boolean } | { readonly problem: InputProblem };

const BOM = '\uFEFF';

/** `true` when the bytes start with the gzip magic `1f 8b`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decodes a file's bytes (or takes its text) to a string without a byte order mark.
 * @example decodeInput('t.json.gz', gzipSync(utf8Bytes)) // { text, gzip: true }
 */
export function decodeInput(file: string, data: Uint8Array | string): Decoded {
  if (typeof data === 'string') return { text: stripBom(data), gzip: false };
  if (isGzip(data)) {
    let inflated: Uint8Array;
    try {
      inflated = gunzipAll(data);
    } catch (e) {
      const why = e instanceof Error && e.message !== '' ? ` (${e.message})` : '';
      return problem('input.gzip', file, `${file} starts as gzip but could not be decompressed${why}: it is damaged or truncated.`);
    }
    // One level only: a gzip inside a gzip is not something exporters write.
    const inner = decodeText(file, inflated);
    return 'problem' in inner ? inner : { text: inner.text, gzip: true };
  }
  if (/\.gz$/i.test(file) && data.length > 0) {
    return problem('input.gzip', file, `${file} is named .gz but is not gzip data (no 1f 8b header).`);
  }
  const plain = decodeText(file, data);
  return 'problem' in plain ? plain : { text: plain.text, gzip: false };
}

function decodeText(file: string, bytes: Uint8Array): { text: string } | { problem: InputProblem } {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xfe) return utf16(file, bytes.subarray(2), 'utf-16le');
  if (b0 === 0xfe && b1 === 0xff) return utf16(file, bytes.subarray(2), 'utf-16be');
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return utf8(file, bytes.subarray(3));
  // UTF-16 without a BOM still shows itself: JSON starts with an ASCII character, so one of the
  // first two bytes is zero (Windows PowerShell `Out-File` writes such files).
  if (bytes.length >= 4 && b0 !== 0 && b1 === 0 && bytes[2] !== 0 && bytes[3] === 0) return utf16(file, bytes, 'utf-16le');
  if (bytes.length >= 4 && b0 === 0 && b1 !== 0 && bytes[2] === 0 && bytes[3] !== 0) return utf16(file, bytes, 'utf-16be');
  return utf8(file, bytes);
}

function utf8(file: string, bytes: Uint8Array): { text: string } | { problem: InputProblem } {
  try {
    return { text: new Decoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const at = firstBadUtf8(bytes);
    const where = at < 0 ? undefined : `byte ${at}`;
    const binary = looksBinary(bytes);
    const message = binary
      ? `${file} is binary data, not text (protobuf, an archive or an image?): it is not valid UTF-8${where ? ` (${where})` : ''}.`
      : `${file} is not valid UTF-8${where ? ` at ${where}` : ''}.`;
    return problem('input.encoding', file, message, where);
  }
}

function utf16(file: string, bytes: Uint8Array, label: 'utf-16le' | 'utf-16be'): { text: string } | { problem: InputProblem } {
  try {
    return { text: stripBom(new Decoder(label, { fatal: true, ignoreBOM: true }).decode(bytes)) };
  } catch {
    return problem('input.encoding', file, `${file} looks like ${label.toUpperCase()} but is not valid ${label.toUpperCase()}.`);
  }
}

function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** Control bytes other than tab, CR, LF in the first KiB: not a text file. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1024);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) return true;
  }
  return false;
}

/** Offset of the first byte that breaks UTF-8 (error path only), or -1. */
export function firstBadUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let extra: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      extra = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      extra = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      extra = 3;
      min = 0x10000;
    } else return i;
    if (i + extra >= bytes.length) return i; // truncated sequence
    let cp = b & (0x3f >> extra);
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += extra + 1;
  }
  return -1;
}

function problem(code: InputProblem['code'], file: string, message: string, where?: string): { problem: InputProblem } {
  return { problem: where === undefined ? { code, file, message } : { code, file, where, message } };
}
