/**
 * How the in-process benchmarks time a step (scripts/bench-core-scenario.mjs, the suite's core
 * part, and scripts/bench-file.mjs): the same for the baseline and for our code.
 *
 * - `settle()` before each timed step: a young-generation GC (with --expose-gc), so that no step
 *   pays for the garbage the one before it left. Not a full GC: in V8 a full GC that finds every
 *   object of a shape dead also drops the shape, and with it the optimized code built for it
 *   (`--trace-deopt`: "marking dependent code ... reason: weak objects", some 25 functions of the
 *   reader and the table per round), so every timed round would start half cold again: neither a
 *   first load nor a warm one. `JSON.parse` right after a full GC is also slower (284-298 ms
 *   against 217-238 for 33 MB): its heap grows back.
 * - `warmUp(round)` after the cold first round and before the timed ones: untimed rounds, at least
 *   one, more while they took less than WARM_UP_MS in all (at most WARM_UP_ROUNDS).
 */

/** Empties the young generation only (a no-op without --expose-gc). */
export const settle = globalThis.gc ? () => globalThis.gc({ type: 'minor' }) : () => {};

export const WARM_UP_ROUNDS = 10;
export const WARM_UP_MS = 2000;

/** Runs `round` untimed until warm (see the top); returns how many rounds ran. */
export async function warmUp(round) {
  const t0 = performance.now();
  let rounds = 0;
  while (rounds === 0 || (rounds < WARM_UP_ROUNDS && performance.now() - t0 < WARM_UP_MS)) {
    await round();
    rounds++;
  }
  return rounds;
}

/** `fn()` after `settle()`, timed. */
export function timed(fn) {
  settle();
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

/** `timed` for a step that returns a promise (the layout). */
export async function timedAsync(fn) {
  settle();
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}
