/**
 * Bytes -> text, before any parsing: gzip (by its magic bytes, whatever the name says), byte
 * order marks, UTF-16, strict UTF-8. Never throws: a failure is one `input.*` problem.
 */
import { gunzipAll, GzipTooLargeError } from './gunzip';
import type { Gunzipped } from './gunzip';
import type { InputProblem } from './types';

/**
 * The WHATWG TextDecoder, present in browsers, workers and Node. src/core compiles without the
 * DOM lib, so it is typed here and read from `globalThis`.
 */
interface TextDecoderLike {
  decode(input: Uint8Array, options?: { stream?: boolean }): string;
}
type TextDecoderCtor = new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoderLike;
const Decoder = (globalThis as unknown as { TextDecoder: TextDecoderCtor }).TextDecoder;

/**
 * The text, or why there is none. A text may be only part of the file (`partial` says why): a
 * gzip file cut short gives the text inflated before the cut, read as far as it goes.
 */
export type Decoded =
  | { readonly text: string; readonly gzip: boolean; readonly partial?: InputProblem }
  | { readonly problem: InputProblem };

export interface DecodeOptions {
  /**
   * The most bytes a gzip file may inflate to (default `DEFAULT_MAX_INFLATED_BYTES`); past it the
   * file is refused as `input.too-large`, checked while inflating (a zip bomb never fills memory).
   */
  readonly maxInflatedBytes?: number;
}

/**
 * 256 MiB: a larger trace is slow to read in a browser tab anyway, and a JavaScript string cannot
 * hold much more than 512 MiB. The CLI passes its own (larger) ceiling.
 */
export const DEFAULT_MAX_INFLATED_BYTES = 256 * 1024 * 1024;

const BOM = '\uFEFF';

/** `1536` -> `1.5 KiB`, for messages. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (u === 0) return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** `true` when the bytes start with the gzip magic `1f 8b`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decodes a file's bytes (or takes its text) to a string without a byte order mark.
 * @example decodeInput('t.json.gz', gzipSync(utf8Bytes)) // { text, gzip: true }
 */
export function decodeInput(file: string, data: Uint8Array | string, options: DecodeOptions = {}): Decoded {
  if (typeof data === 'string') return { text: stripBom(data), gzip: false };
  if (isGzip(data)) {
    const max = options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
    let inflated: Gunzipped;
    try {
      inflated = gunzipAll(data, { maxBytes: max });
    } catch (e) {
      if (e instanceof GzipTooLargeError) {
        return problem(
          'input.too-large',
          file,
          `${file} inflates to more than ${formatBytes(max)} (from ${formatBytes(data.length)} of gzip): refused while decompressing, as a zip bomb or a trace too large to read.`,
        );
      }
      const why = e instanceof Error && e.message !== '' ? ` (${e.message})` : '';
      return problem('input.gzip', file, `${file} starts as gzip but could not be decompressed${why}: it is damaged.`);
    }
    // One level only: a gzip inside a gzip is not something exporters write.
    if (isGzip(inflated.bytes)) {
      return problem('input.gzip', file, `${file} is gzip inside gzip (compressed twice): decompress it once and load the result.`);
    }
    const inner = decodeText(file, inflated.bytes, inflated.truncated === true);
    if ('problem' in inner) return inner;
    const cut = gzipProblem(file, data, inflated);
    return cut === undefined ? { text: inner.text, gzip: true } : { text: inner.text, gzip: true, partial: cut };
  }
  if (/\.gz$/i.test(file) && data.length > 0) {
    return problem('input.gzip', file, `${file} is named .gz but is not gzip data (no 1f 8b header).`);
  }
  const plain = decodeText(file, data);
  return 'problem' in plain ? plain : { text: plain.text, gzip: false };
}

/** The `input.gzip` problem of a gzip file that was read but is cut short or followed by junk. */
function gzipProblem(file: string, data: Uint8Array, inflated: Gunzipped): InputProblem | undefined {
  if (inflated.truncated === true) {
    const kept = inflated.bytes.length;
    const what = kept === 0 ? 'nothing inflated before the cut' : `the ${formatBytes(kept)} inflated before the cut were read`;
    return { code: 'input.gzip', file, where: `byte ${data.length}`, message: `${file} is cut short: its gzip data stops after ${formatBytes(data.length)}, before the end of the stream (a truncated download?); ${what}.` };
  }
  if (inflated.trailingJunk !== undefined) {
    const n = inflated.trailingJunk;
    return { code: 'input.gzip', file, where: `byte ${data.length - n}`, message: `${file} has ${formatBytes(n)} after the end of its gzip data that are not gzip; they were ignored.` };
  }
  return undefined;
}

/** `partial`: the bytes stop where a cut file did, maybe inside a character: drop that character. */
function decodeText(file: string, bytes: Uint8Array, partial = false): { text: string } | { problem: InputProblem } {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xfe) return utf16(file, bytes.subarray(2), 'utf-16le', partial);
  if (b0 === 0xfe && b1 === 0xff) return utf16(file, bytes.subarray(2), 'utf-16be', partial);
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return utf8(file, bytes.subarray(3), partial);
  // UTF-16 without a BOM still shows itself: JSON starts with an ASCII character, so one of the
  // first two bytes is zero (Windows PowerShell `Out-File` writes such files).
  if (bytes.length >= 4 && b0 !== 0 && b1 === 0 && bytes[2] !== 0 && bytes[3] === 0) return utf16(file, bytes, 'utf-16le', partial);
  if (bytes.length >= 4 && b0 === 0 && b1 !== 0 && bytes[2] === 0 && bytes[3] !== 0) return utf16(file, bytes, 'utf-16be', partial);
  return utf8(file, bytes, partial);
}

/** What a file that is not UTF-8 is told: binary data, or text with a bad byte (and where). */
export function notUtf8Message(file: string, where: string | undefined, binary: boolean): string {
  return binary
    ? `${file} is binary data, not text (protobuf, an archive or an image?): it is not valid UTF-8${where ? ` (${where})` : ''}.`
    : `${file} is not valid UTF-8${where ? ` at ${where}` : ''}.`;
}

function utf8(file: string, bytes: Uint8Array, partial = false): { text: string } | { problem: InputProblem } {
  try {
    // `stream`: an incomplete last character is held back (dropped) instead of failing.
    return { text: new Decoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes, { stream: partial }) };
  } catch {
    const at = firstBadUtf8(bytes);
    const where = at < 0 ? undefined : `byte ${at}`;
    return problem('input.encoding', file, notUtf8Message(file, where, looksBinary(bytes)), where);
  }
}

function utf16(file: string, bytes: Uint8Array, label: 'utf-16le' | 'utf-16be', partial = false): { text: string } | { problem: InputProblem } {
  try {
    return { text: stripBom(new Decoder(label, { fatal: true, ignoreBOM: true }).decode(bytes, { stream: partial })) };
  } catch {
    return problem('input.encoding', file, `${file} looks like ${label.toUpperCase()} but is not valid ${label.toUpperCase()}.`);
  }
}

function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** Control bytes other than tab, CR, LF in the first KiB: not a text file. */
export function looksBinary(bytes: Uint8Array): boolean {
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
