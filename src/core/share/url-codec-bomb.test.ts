import { describe, expect, it, vi } from 'vitest';
import { base64urlEncode, decodeShareFragment, MAX_SHARE_FRAGMENT, MAX_SHARE_INFLATED } from './url-codec';
import { concat } from '../readers/gunzip';

/** Bytes the codec's inflater has produced: counted by wrapping fflate's `Inflate`. */
const counted = vi.hoisted(() => ({ bytes: 0 }));
vi.mock('fflate', async (importOriginal) => {
  const real = await importOriginal<typeof import('fflate')>();
  class CountingInflate extends real.Inflate {
    constructor(cb: (chunk: Uint8Array, final: boolean) => void) {
      super((chunk, final) => {
        counted.bytes += chunk.length;
        cb(chunk, final);
      });
    }
  }
  return { ...real, Inflate: CountingInflate };
});

/** 200 MB of zeros, zlib level 9, made in 1 MB pushes: about 200 KB. */
async function bomb(): Promise<Uint8Array> {
  const { Zlib } = await vi.importActual<typeof import('fflate')>('fflate');
  const parts: Uint8Array[] = [];
  const z = new Zlib({ level: 9 }, (chunk) => parts.push(chunk));
  const zeros = new Uint8Array(1 << 20);
  for (let i = 0; i < 200; i++) z.push(zeros, i === 199);
  return concat(parts, parts.reduce((n, p) => n + p.length, 0));
}

describe('a deflate bomb in a share fragment', () => {
  it('is refused once the output passes the limit, not after inflating it all', async () => {
    const compressed = await bomb();
    expect(compressed.length).toBeLessThan(300_000);
    const fragment = `#tl1.${base64urlEncode(compressed)}`;
    expect(fragment.length).toBeLessThan(MAX_SHARE_FRAGMENT);

    counted.bytes = 0;
    const started = performance.now();
    const r = decodeShareFragment(fragment);
    const took = performance.now() - started;
    expect(r).toEqual({ ok: false, message: 'The shared link is too large: it inflates to more than 64 MiB.' });
    // Each push inflates 4 KB of input: at most ~4.2 MB past the limit, never the 200 MB.
    expect(counted.bytes).toBeGreaterThan(MAX_SHARE_INFLATED);
    expect(counted.bytes).toBeLessThan(MAX_SHARE_INFLATED + 5 * 1024 * 1024);
    // Generous: a loaded CI machine; inflating 64 MiB takes well under a second on a laptop.
    expect(took).toBeLessThan(10_000);

    counted.bytes = 0;
    const small = decodeShareFragment(fragment, { maxInflatedBytes: 1 << 20 });
    expect(small).toEqual({ ok: false, message: 'The shared link is too large: it inflates to more than 1 MiB.' });
    expect(counted.bytes).toBeLessThan((1 << 20) + 5 * 1024 * 1024);
    // Making the 200 MB bomb (level 9) is most of the time: 5-6 s on a slow 2-core machine.
  }, 60_000);
});
