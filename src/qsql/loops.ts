/**
 * Generated loops for grouped aggregation. Each loop is specialised, when
 * first used, by the element kinds of its columns (float, int, short,
 * byte/boolean, long) and by whether rows come through a selection index,
 * so the loop body has no type dispatch and V8 keeps it monomorphic.
 * A body reads column j's element as the number `vJ` (`okJ` is 1 unless it
 * is null, `valJ` is it or 0 when null) and updates slot `g` (the row's
 * group) of its accumulators.
 *
 * @module
 */

import type { TypedArray } from "../value/types.ts";

/**
 * How a column's elements are read and recognised as null: float, int,
 * short, long, and "n" for items read as they are, never null (booleans,
 * bytes, chars, and columns known to hold no nulls), "J" for longs known
 * to hold no nulls.
 */
export type ElemKind = "f" | "i" | "h" | "n" | "j" | "J";

/** The element kind of a typed array holding q type `t`. */
export function elemKind(a: TypedArray, t: number): ElemKind {
  if (a instanceof Float64Array || a instanceof Float32Array) return "f";
  if (a instanceof BigInt64Array) return "j";
  if (a instanceof Int16Array) return "h";
  if (a instanceof Uint8Array || t === 1 || t === 4 || t === 10) return "n";
  return "i";
}

/** The kind that reads a column of `kind` known to hold no nulls (no null test per item). */
export function nullFree(kind: ElemKind): ElemKind {
  return kind === "j" || kind === "J" ? "J" : "n";
}

/**
 * Reading column `a`: `v` its element as a number, `ok` 1 when not null
 * (0 when null), `val` the element or 0 when null. Integer kinds multiply
 * by `ok` (measured faster than a conditional); floats must select, since
 * NaN times 0 is NaN.
 */
function read(kind: ElemKind, a: string, j: number): string {
  const v = `v${j}`, ok = `ok${j}`, val = `val${j}`;
  switch (kind) {
    case "f":
      return `const ${v} = ${a}[R]; const ${ok} = ${v} === ${v} ? 1 : 0; const ${val} = ${ok} ? ${v} : 0;`;
    case "i":
      return `const ${v} = ${a}[R]; const ${ok} = ${v} !== -2147483648 ? 1 : 0; const ${val} = ${v} * ${ok};`;
    case "h":
      return `const ${v} = ${a}[R]; const ${ok} = ${v} !== -32768 ? 1 : 0; const ${val} = ${v} * ${ok};`;
    case "n":
      return `const ${v} = ${a}[R]; const ${ok} = 1; const ${val} = ${v};`;
    case "j":
      // longs as doubles through their 32-bit halves (exact below 2^53); the column is an Int32Array view
      return `const ${ok} = ${a}[2 * R + 1] === -2147483648 && ${a}[2 * R] === 0 ? 0 : 1; ` +
        `const ${v} = ${a}[2 * R + 1] * 4294967296 + (${a}[2 * R] >>> 0); const ${val} = ${ok} ? ${v} : 0;`;
    case "J":
      return `const ${ok} = 1; const ${v} = ${a}[2 * R + 1] * 4294967296 + (${a}[2 * R] >>> 0); const ${val} = ${v};`;
  }
}

/** A generated loop: (columns…, rows or null, group ids, n, accumulators…). */
export type Loop = (...args: (TypedArray | Int32Array | number | null)[]) => void;

const cache = new Map<string, Loop>();

/**
 * The loop `name` over columns of `kinds` (see the module doc for the
 * body's names). Without `gid` (null), `g` is the position itself, for
 * loops that write one output per row.
 */
export function loop(
  name: string,
  kinds: ElemKind[],
  indexed: boolean,
  acc: string[],
  body: string,
  perRow = false,
): Loop {
  const key = `${name}|${kinds.join("")}|${indexed}|${perRow}`;
  let f = cache.get(key);
  if (f) return f;
  const cols = kinds.map((_, j) => `a${j}`);
  const reads = kinds.map((kind, j) => read(kind, cols[j], j)).join(" ");
  const src = `for (let k = lo; k < hi; k++) { const R = ${indexed ? "rows[k]" : "k"}; const g = ${
    perRow ? "k" : "gid[k]"
  }; ${reads} ${body} }`;
  const chunk = new Function(...cols, "rows", "gid", "lo", "hi", ...acc, src);
  const at = cols.length + 2; // where n is among the arguments
  f = (...args) => {
    const before = args.slice(0, at), after = args.slice(at + 1);
    chunked(args[at] as number, (lo, hi) => chunk(...before, lo, hi, ...after));
  };
  cache.set(key, f);
  return f;
}

/**
 * Rows per call of a loop's body function. A loop over millions of rows
 * runs as many short calls, so V8 optimises the body as a whole function
 * after a few calls; one long call runs unoptimised until on-stack
 * replacement, and again after any deoptimisation (measured: one pass of
 * a sum and count over 1e7 rows into 1e7 groups took 0.5 s in some runs
 * and 2 s in others).
 */
const CHUNK = 1 << 16;

/** Calls `f(lo, hi)` over `[0, n)` in chunks of {@link CHUNK} rows, for the same reason. */
export function chunked(n: number, f: (lo: number, hi: number) => void): void {
  for (let lo = 0; lo < n; lo += CHUNK) f(lo, Math.min(n, lo + CHUNK));
}

/** The array a loop reads for a column of `kind` (longs through an Int32Array view). */
export function readable(a: TypedArray, kind: ElemKind): TypedArray {
  return kind === "j" || kind === "J" ? new Int32Array(a.buffer, a.byteOffset, a.length * 2) : a;
}
