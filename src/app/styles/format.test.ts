import { describe, expect, it } from 'vitest';
import { formatDuration, formatTime } from './format';
import { serviceColour } from './palette';

describe('formatDuration', () => {
  it('picks the unit by size', () => {
    expect(formatDuration(850)).toBe('850µs');
    expect(formatDuration(12_345)).toBe('12.3ms');
    expect(formatDuration(4_050_000)).toBe('4.05s');
    expect(formatDuration(123_000_000)).toBe('2m 3s');
    expect(formatDuration(undefined)).toBe('');
  });
});

describe('formatTime', () => {
  it('keeps microseconds', () => {
    expect(formatTime(1_700_000_000_123_456)).toBe('2023-11-14T22:13:20.123456Z');
  });
});

describe('serviceColour', () => {
  it('is stable and spreads services over the palette', () => {
    expect(serviceColour('checkout')).toBe(serviceColour('checkout'));
    const colours = new Set(['api', 'db', 'queue', 'worker', 'web', 'auth', 'cart', 'mail'].map(serviceColour));
    expect(colours.size).toBeGreaterThan(4);
    expect(serviceColour('')).toBe('#7a8594');
  });
});
