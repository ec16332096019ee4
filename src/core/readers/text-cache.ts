/**
 * A cache from text to a value, for the readers' hot paths: the raw trace id of nearly every span
 * is a new string from JSON.parse, and a Map must have V8 hash it first (a runtime call, ~0.25 µs
 * for 32 characters). Here the hash is FNV-1a in JavaScript, seeded per cache (a hostile file
 * cannot line its ids up in one chain), over an open-addressing Int32Array of entry numbers.
 * @example const c = new TextCache<number>(); c.set('a', 1); c.get('a') === 1
 */
export class TextCache<V> {
  private readonly texts: string[] = [];
  private readonly values: V[] = [];
  private hashes = new Int32Array(64);
  /** Entry + 1 per slot (0: empty); a power of two, at most half full. */
  private slots = new Int32Array(128);
  private mask = 127;
  private readonly seed = (Math.random() * 0x7fffffff) | 0;

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
    if (n === this.hashes.length) {
      const hashes = new Int32Array(n * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[n] = h;
    this.slots[i] = n + 1;
    if ((n + 1) * 2 > this.mask) this.rehash();
  }

  private hash(text: string): number {
    let h = (0x811c9dc5 ^ this.seed) | 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let n = 0; n < this.texts.length; n++) {
      let i = this.hashes[n]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = n + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
