import { describe, expect, it } from 'vitest';
import { TextCache } from './text-cache';

describe('TextCache', () => {
  it('finds every text it was given, past many rehashes, and nothing else', () => {
    const cache = new TextCache<number>();
    const texts = Array.from({ length: 20_000 }, (_, i) => `${i.toString(16).padStart(32, '0')}`);
    texts.forEach((t, i) => {
      expect(cache.get(t)).toBeUndefined();
      cache.set(t, i);
    });
    expect(cache.size).toBe(20_000);
    // Equal text in another string object (as JSON.parse makes one per occurrence).
    texts.forEach((t, i) => expect(cache.get(JSON.parse(JSON.stringify(t)) as string)).toBe(i));
    expect(cache.get('')).toBeUndefined();
    expect(cache.get(`${texts[0]}x`)).toBeUndefined();
  });

  it('tells apart texts of any length, empty and unicode included', () => {
    const cache = new TextCache<string>();
    for (const t of ['', 'a', 'A', '\u0000', 'é', '😀', 'a'.repeat(1000)]) cache.set(t, t);
    for (const t of ['', 'a', 'A', '\u0000', 'é', '😀', 'a'.repeat(1000)]) expect(cache.get(t)).toBe(t);
    expect(cache.get('b')).toBeUndefined();
  });
});
