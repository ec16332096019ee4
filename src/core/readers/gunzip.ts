/**
 * gzip -> bytes with the checks fflate leaves out: every member of a multi-member file
 * (`cat a.gz b.gz`; `gunzipSync` stops after the first), and the CRC-32 of the trailer, so a
 * damaged file is reported instead of read as garbage.
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

/** CRC-32 (IEEE), as gzip's trailer holds it. @example crc32(new TextEncoder().encode('123456789')) === 0xcbf43926 */
export function crc32(bytes: Uint8Array): number {
  const t = crcTable();
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function uint32le(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** Decompresses every member; throws (with fflate's or our message) when the data is damaged. */
export function gunzipAll(data: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stream = new Gunzip((chunk) => {
    if (chunk.length === 0) return;
    chunks.push(chunk);
    total += chunk.length;
  });
  stream.push(data, true);
  let out: Uint8Array;
  if (chunks.length === 1) out = chunks[0]!;
  else {
    out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
  }
  // The trailer (CRC-32, size mod 2^32) belongs to the last member. When its size is the whole
  // output, the file has one member and the CRC covers all of it.
  if (data.length >= 18 && uint32le(data, data.length - 4) === total >>> 0 && crc32(out) !== uint32le(data, data.length - 8)) {
    throw new Error('CRC check failed');
  }
  return out;
}
