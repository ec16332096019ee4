/**
 * The pieces of the core's open-addressing hash tables (model/span-table.ts, readers/text-cache.ts):
 * entries are numbered in insertion order and their hashes kept in an Int32Array; the slots hold
 * entry + 1 (0: empty), a power of two at most half full, probed linearly. JavaScript hashing
 * instead of a Map's, because V8 must first hash every fresh string a Map is given (a runtime call).
 */

export const FNV_OFFSET = 0x811c9dc5 | 0;

/** A table's starting hash state: FNV's offset mixed with a seed of its own (hostile ids cannot be lined up). */
export function seededOffset(): number {
  return (FNV_OFFSET ^ ((Math.random() * 0x7fffffff) | 0)) | 0;
}

/** FNV-1a over `text`'s UTF-16 units (then `tail`, a unit, when given), from state `h`. */
export function fnv(h: number, text: string, tail?: number): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return tail === undefined ? h : Math.imul(h ^ tail, 0x01000193);
}

/**
 * Slots for `count` entries with these hashes, twice as many as `size` (the old slot count).
 * `stride`: entry n's hash is `hashes[n * stride]` (a table that keeps more words per entry).
 */
export function rebuiltSlots(hashes: Int32Array, count: number, size: number, stride = 1): Int32Array<ArrayBuffer> {
  const slots = new Int32Array(size * 2);
  const mask = size * 2 - 1;
  for (let n = 0; n < count; n++) {
    let i = hashes[n * stride]! & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = n + 1;
  }
  return slots;
}

/**
 * A list of `length` slots holding the first `count` of `list`: a per-row JS array grown as the
 * typed ones are, and written by index (pushing 100k rows onto growing lists cost 3x as much).
 */
export function grownList<T>(list: T[], length: number, count: number): T[] {
  const out = new Array<T>(length);
  for (let i = 0; i < count; i++) out[i] = list[i]!;
  return out;
}

/** A typed array of the same kind, twice as long (or `length`), its contents kept (per-row columns grow so). */
export function grown<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(a: T, length = a.length * 2): T {
  const b = new (a.constructor as new (length: number) => T)(length);
  b.set(a);
  return b;
}
