/**
 * A small seeded generator (mulberry32): the same stream of numbers from
 * the same seed on every machine. Used for reproducible data (the demo
 * database, benchmark inputs) and property tests.
 *
 * @module
 */

/** Returns a generator of uniform numbers in [0, 1) from `seed`. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
