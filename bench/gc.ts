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

/** A bench body that collects garbage, then times one call of `f`. */
export function timed(f: () => unknown): (b: Deno.BenchContext) => void {
  return (b) => {
    collect();
    b.start();
    f();
    b.end();
  };
}
