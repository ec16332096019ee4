import { fnv, grown, rebuiltSlots, seededOffset } from '../model/open-hash';

/**
 * A cache from text to a value (an open-addressing table, model/open-hash.ts), for the readers'
 * hot paths: the raw trace id of nearly every span is a new string from JSON.parse, and a Map
 * must have V8 hash it first (a runtime call, ~0.25 µs for 32 characters). Here the hash is
 * FNV-1a in JavaScript, seeded per cache (a hostile file cannot line its ids up in one chain).
 * @example const c = new TextCache<number>(); c.set('a', 1); c.get('a') === 1
 */
export class TextCache<V> {
  private readonly texts: string[] = [];
  private readonly values: V[] = [];
  private hashes = new Int32Array(64);
  /** Entry + 1 per slot (0: empty); a power of two, at most half full. */
  private slots = new Int32Array(128);
  private mask = 127;
  private readonly offset = seededOffset();

  get size(): number {
    return this.texts.length;
  }

  get(text: string): V | undefined {
    const h = this.hash(text);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return undefined;
      if (this.hashes[slot - 1] === h && this.texts[slot - 1] === text) return this.values[slot - 1];
    }
  }

  /** Adds `text` (not in the cache yet: `get` said undefined). */
  set(text: string, value: V): void {
    const h = this.hash(text);
    let i = h & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    const n = this.texts.length;
    this.texts.push(text);
    this.values.push(value);
    if (n === this.hashes.length) this.hashes = grown(this.hashes);
    this.hashes[n] = h;
    this.slots[i] = n + 1;
    if ((n + 1) * 2 > this.mask) this.rehash();
  }

  private hash(text: string): number {
    return fnv(this.offset, text);
  }

  private rehash(): void {
    this.slots = rebuiltSlots(this.hashes, this.texts.length, this.mask + 1);
    this.mask = this.slots.length - 1;
  }
}
