/**
 * A full garbage collection before each measured iteration, so that one
 * bench does not pay for the garbage of the one before it (vectors of 1e7
 * items are 40-80 MB each). Uses `gc` when Deno runs with
 * `--v8-flags=--expose-gc`, and otherwise enables it through `node:v8`.
 *
 * @module
 */

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

function exposeGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/** Runs a full garbage collection. */
export const collect: () => void = exposeGc();

/**
 * A bench body that collects garbage, yields once to the event loop, then
 * times one call of `f`. The yield lets V8 finish the collection's
 * background work (sweeping, freeing the last result's buffer): a large
 * allocation made right after a forced collection can otherwise stall for
 * 20-40 ms on a busy 2-vCPU machine, which no real program sees.
 */
export function timed(f: () => unknown): (b: Deno.BenchContext) => Promise<void> {
  return async (b) => {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 0));
    b.start();
    f();
    b.end();
  };
}
