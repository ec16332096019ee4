/**
 * Valid span ids are 16 lower-case hex digits: kept as two 32-bit words, they hash and compare as
 * integers in typed arrays, and no string per span is kept (model/span-table.ts, span-rows.ts).
 */

/** Where packSpanId leaves its two words (no object per call on the hot path). */
export const WORDS = { hi: 0, lo: 0 };

/** `text[from, to)` as 16 lower-case hex digits -> WORDS; false (WORDS unspecified) otherwise. */
export function packSpanId(text: string, from: number, to: number): boolean {
  if (to - from !== 16) return false;
  let hi = 0;
  let lo = 0;
  // Digits from a table; any non-digit makes `bad` negative, checked once at the end.
  let bad = 0;
  for (let i = 0; i < 8; i++) {
    const d = digitOf(text.charCodeAt(from + i));
    bad |= d;
    hi = (hi << 4) | d;
  }
  for (let i = 8; i < 16; i++) {
    const d = digitOf(text.charCodeAt(from + i));
    bad |= d;
    lo = (lo << 4) | d;
  }
  if (bad < 0) return false;
  WORDS.hi = hi;
  WORDS.lo = lo;
  return true;
}

/** Where `packIdPair` leaves a span's id and parent as words (read before the next span's). */
export const PAIR = { hi: 0, lo: 0, parent: false, parentHi: 0, parentLo: 0 };

/**
 * A span id and its parent as the span rows keep them packed, into PAIR: the span id
 * `span[spanFrom, spanTo)` of 16 lower-case hex digits, and a parent that is none (`parent`
 * undefined, empty, or all zeros: a root) or 16 lower-case hex digits. False for any other form.
 */
export function packIdPair(span: string, spanFrom: number, spanTo: number, parent: string | undefined, parentFrom: number, parentTo: number): boolean {
  if (!packSpanId(span, spanFrom, spanTo)) return false;
  PAIR.hi = WORDS.hi;
  PAIR.lo = WORDS.lo;
  PAIR.parent = false;
  PAIR.parentHi = 0;
  PAIR.parentLo = 0;
  if (parent === undefined || parentTo === parentFrom) return true;
  if (!packSpanId(parent, parentFrom, parentTo)) return false;
  PAIR.parentHi = WORDS.hi;
  PAIR.parentLo = WORDS.lo;
  PAIR.parent = (WORDS.hi | WORDS.lo) !== 0;
  return true;
}

/** Lower-case hex digits' values by char code; -1 for every other code below 128. */
const DIGITS = Int8Array.from({ length: 128 }, (_, c) => hexDigit(c));

function digitOf(c: number): number {
  return c < 128 ? DIGITS[c]! : -1;
}

/** Whether `text[from, to)` is all lower-case hex digits. */
export function isLowerHex(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (digitOf(text.charCodeAt(i)) < 0) return false;
  return true;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** The 16 hex digits of a packed span id (`packSpanId` read backwards), as one flat string. */
export function unpackSpanId(hi: number, lo: number): string {
  // One call with 16 char codes: a flat string at once (toString(16) and padding cost ~10x more).
  const d = HEX_CODES;
  return String.fromCharCode(
    d[(hi >>> 28) & 15]!, d[(hi >>> 24) & 15]!, d[(hi >>> 20) & 15]!, d[(hi >>> 16) & 15]!,
    d[(hi >>> 12) & 15]!, d[(hi >>> 8) & 15]!, d[(hi >>> 4) & 15]!, d[hi & 15]!,
    d[(lo >>> 28) & 15]!, d[(lo >>> 24) & 15]!, d[(lo >>> 20) & 15]!, d[(lo >>> 16) & 15]!,
    d[(lo >>> 12) & 15]!, d[(lo >>> 8) & 15]!, d[(lo >>> 4) & 15]!, d[lo & 15]!,
  );
}

const HEX_CODES = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
