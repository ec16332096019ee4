/**
 * gzip -> bytes with the checks fflate leaves out: every member of a multi-member file
 * (`cat a.gz b.gz`; `gunzipSync` stops after the first), the CRC-32 and size in every member's
 * trailer (so a damaged file is reported instead of read as garbage), a cut file told apart from
 * a damaged one (what inflated before the cut is kept), bytes after the last member (padding,
 * junk) ignored as gzip(1) does, and a ceiling on the inflated size, checked while inflating: a
 * 1 MB file of zeros that inflates to 1 GB is refused once the ceiling is passed, before the rest
 * is allocated.
 */
import { Gunzip } from 'fflate';

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table !== undefined) return table;
  table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** Continues a CRC-32 (kept inverted, as zlib does) over `bytes[from, to)`. */
export function crcUpdate(c: number, bytes: Uint8Array, from: number, to: number): number {
  const t = crcTable();
  for (let i = from; i < to; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c;
}

/** CRC-32 (IEEE), as gzip's trailer holds it. @example crc32(new TextEncoder().encode('123456789')) === 0xcbf43926 */
export function crc32(bytes: Uint8Array): number {
  return (crcUpdate(0xffffffff, bytes, 0, bytes.length) ^ 0xffffffff) >>> 0;
}

function uint32le(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

export interface GunzipOptions {
  /** Refuse (throw `GzipTooLargeError`) as soon as more than this many bytes have inflated. */
  readonly maxBytes?: number;
}

/** The inflated data passed the ceiling; thrown while inflating, so the rest never exists. */
export class GzipTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`inflates to more than ${maxBytes} bytes`);
    this.name = 'GzipTooLargeError';
  }
}

export interface Gunzipped {
  readonly bytes: Uint8Array;
  /** Set when the file ends before its gzip stream does (a cut download): `bytes` is what came out before. */
  readonly truncated?: boolean;
  /** Bytes after the end of the last member that are not gzip (ignored); only when some are not zero. */
  readonly trailingJunk?: number;
}

/**
 * Compressed bytes fed to the inflater at a time. The ceiling is checked after each piece, and
 * deflate inflates at most ~1032 bytes per input byte, so a check is never more than ~17 MB late.
 */
const PIECE = 16 * 1024;

interface Member {
  /** Offset of its header in the input. */
  readonly input: number;
  /** Offset of its first byte in the output. */
  readonly output: number;
}

/**
 * Decompresses every member. Throws (with fflate's or our message) when the data is damaged, and
 * `GzipTooLargeError` past `maxBytes`; a file cut short is not an error: see `truncated`.
 * @example new TextDecoder().decode(gunzipAll(gzipSync(bytes)).bytes)
 */
export function gunzipAll(data: Uint8Array, options: GunzipOptions = {}): Gunzipped {
  const max = options.maxBytes ?? Infinity;
  const chunks: Uint8Array[] = [];
  let total = 0;
  const members: Member[] = [{ input: 0, output: 0 }];
  const stream = new Gunzip((chunk) => {
    if (chunk.length === 0) return;
    total += chunk.length;
    if (total > max) throw new GzipTooLargeError(max);
    chunks.push(chunk);
  });
  stream.onmember = (offset) => void members.push({ input: offset, output: total });
  let failure: unknown;
  let failedPiece = 0;
  // Every piece as "more to come", then an empty last one: fflate hands out what a piece inflated
  // only when it does not fail, and a cut file fails on its last push; this way that is the
  // empty one, and what the last piece held is kept.
  const pieces = Math.ceil(data.length / PIECE);
  for (let k = 0; k <= pieces; k++) {
    const at = Math.min(k * PIECE, data.length);
    try {
      stream.push(data.subarray(at, Math.min(data.length, at + PIECE)), k === pieces);
    } catch (e) {
      if (e instanceof GzipTooLargeError) throw e;
      failure = e;
      failedPiece = at;
      break;
    }
  }
  const out = concat(chunks, total);
  const sums = memberSums(chunks, members, total);
  // Every member but the last ends where the next begins: its trailer must be right there.
  for (let k = 0; k + 1 < members.length; k++) {
    if (!trailerAt(data, members[k + 1]!.input, sums[k]!)) throw new Error('CRC check failed');
  }
  const last = members[members.length - 1]!;
  const lastSum = sums[sums.length - 1]!;
  const message = failure instanceof Error ? failure.message : String(failure);
  // fflate says "invalid gzip data" for a bad header: the last member's own (damaged), or the
  // one of a next member that is not there (junk after the end: the last member is complete).
  const junkAfter = /invalid gzip data/i.test(message) && data[last.input] === 0x1f && data[last.input + 1] === 0x8b && data[last.input + 2] === 8;
  if (failure === undefined || /unexpected EOF/i.test(message) || junkAfter) {
    // Where the last member's trailer ends: the file's end, or (fflate ignores up to 3 bytes, and
    // stops at the header of a next member that is not gzip) a little before where it stopped.
    const to = failure === undefined ? data.length : Math.min(data.length, failedPiece + PIECE);
    const from = Math.max(last.input + 18, failure === undefined ? data.length - 3 : failedPiece - PIECE);
    for (let e = to; e >= from; e--) {
      if (!trailerAt(data, e, lastSum)) continue;
      const junk = nonZeroAfter(data, e);
      return junk > 0 ? { bytes: out, trailingJunk: data.length - e } : { bytes: out };
    }
    if (failure === undefined || /unexpected EOF/i.test(message)) {
      // The trailer is missing or does not match: the file stops inside the stream (a cut download).
      // A member whose data is all there but whose trailer says otherwise is damaged.
      if (data.length >= last.input + 18 && uint32le(data, data.length - 4) === lastSum.size >>> 0) throw new Error('CRC check failed');
      return { bytes: out, truncated: true };
    }
  }
  throw failure instanceof Error ? failure : new Error(message);
}

interface MemberSum {
  readonly crc: number;
  readonly size: number;
}

/** CRC-32 and size of each member's output (members split the output at their `output` offsets). */
function memberSums(chunks: readonly Uint8Array[], members: readonly Member[], total: number): MemberSum[] {
  const sums: MemberSum[] = [];
  let chunk = 0;
  let inChunk = 0;
  for (let k = 0; k < members.length; k++) {
    const size = (k + 1 < members.length ? members[k + 1]!.output : total) - members[k]!.output;
    let left = size;
    let c = 0xffffffff;
    while (left > 0) {
      const bytes = chunks[chunk]!;
      const n = Math.min(left, bytes.length - inChunk);
      c = crcUpdate(c, bytes, inChunk, inChunk + n);
      left -= n;
      inChunk += n;
      if (inChunk === bytes.length) {
        chunk++;
        inChunk = 0;
      }
    }
    sums.push({ crc: (c ^ 0xffffffff) >>> 0, size });
  }
  return sums;
}

/** True when the 8 bytes before `end` are the trailer (CRC-32, size mod 2^32) of `sum`. */
function trailerAt(data: Uint8Array, end: number, sum: MemberSum): boolean {
  return end >= 8 && end <= data.length && uint32le(data, end - 8) === sum.crc && uint32le(data, end - 4) === sum.size >>> 0;
}

function nonZeroAfter(data: Uint8Array, from: number): number {
  let n = 0;
  for (let i = from; i < data.length; i++) if (data[i] !== 0) n++;
  return n;
}

/** The chunks as one array of `total` bytes (the chunk itself when there is one). */
export function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
