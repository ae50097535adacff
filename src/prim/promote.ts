/**
 * Result types of q's arithmetic, transcribed from the "Range and domains"
 * tables of the q reference (Add, Subtract, Multiply). One place for every
 * promotion rule, as data: row = left type, column = right type, `.` means
 * the pair is a type error.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { typeOfLetter } from "../value/types.ts";

const ORDER = "bgxhijefcspmdznuvt";

function table(rows: Record<string, string>): Int8Array {
  // 20x20 grid indexed by type code; -1 for type error
  const grid = new Int8Array(20 * 20).fill(-1);
  for (const [row, cells] of Object.entries(rows)) {
    const tx = typeOfLetter(row)!;
    const parts = cells.split(" ");
    for (let j = 0; j < ORDER.length; j++) {
      const ty = typeOfLetter(ORDER[j])!;
      const r = parts[j];
      grid[tx * 20 + ty] = r === "." ? -1 : typeOfLetter(r)!;
    }
  }
  return grid;
}

/** Add (reference: ref/add.md). */
export const ADD = table({
  b: "i . i i i j e f . . p m d z n u v t",
  x: "i . i i i j e f . . p m d z n u v t",
  h: "i . i i i j e f . . p m d z n u v t",
  i: "i . i i i j e f . . p m d z n u v t",
  j: "j . j j j j e f . . p m d z n u v t",
  e: "e . e e e e e f . . p m d z n u v t",
  f: "f . f f f f f f f . f f z z f f f f",
  c: ". . . . . . . f . . p m d z n u v t",
  p: "p . p p p p p f p . n . . . p p p p",
  m: "m . m m m m m f m . . i . . p p p p",
  d: "d . d d d d d z d . . . i . p p p p",
  z: "z . z z z z z z z . . . . f p z z z",
  n: "n . n n n n n f n . p p p p n n n n",
  u: "u . u u u u u f u . p p p z n u v t",
  v: "v . v v v v v f v . p p p z n v v t",
  t: "t . t t t t t f t . p p p z n t t t",
});

/** Subtract (reference: ref/subtract.md). */
export const SUB = table({
  b: "i . i i i j e f i . p m d z n u v t",
  x: "i . i i i j e f i . p m d z n u v t",
  h: "i . i i i j e f i . p m d z n u v t",
  i: "i . i i i j e f i . p m d z n u v t",
  j: "j . j j j j e f j . p m d z n u v t",
  e: "e . e e e e e f e . p m d z n u v t",
  f: "f . f f f f f f f . f f z z f f f f",
  c: ". . . . . . . f . . p m d z n u v t",
  p: "p . p p p p p f p . n . . . p p p p",
  m: "m . m m m m m f m . . i . . p p p p",
  d: "d . d d d d d z d . . . i . p p p p",
  z: "z . z z z z z z z . . . . f p z z z",
  n: "n . n n n n n f n . p p p p n n n n",
  u: "u . u u u u u f u . p p p z n u v t",
  v: "v . v v v v v f v . p p p z n v v t",
  t: "t . t t t t t f t . p p p z n t t t",
});

/** Multiply (reference: ref/multiply.md). */
export const MUL = table({
  b: "i . i i i j e f . . p m d z n u v t",
  x: "i . i i i j e f . . p m d z n u v t",
  h: "i . i i i j e f . . p m d z n u v t",
  i: "i . i i i j e f . . p m d z n u v t",
  j: "j . j j j j e f . . p m d z n u v t",
  e: "e . e e e e e f . . p m d z n u v t",
  f: "f . f f f f f f f . f f z z f f f f",
  c: ". . . . . . . f . . p m d z n u v t",
  p: "p . p p p p p f p . . . . . . . . .",
  m: "m . m m m m m f m . . . . . . . . .",
  d: "d . d d d d d z d . . . . . . . . .",
  z: "z . z z z z z z z . . . . . . . . .",
  n: "n . n n n n n f n . . . . . . . . .",
  u: "u . u u u u u f u . . . . . . . . .",
  v: "v . v v v v v f v . . . . . . . . .",
  t: "t . t t t t t f t . . . . . . . . .",
});

/** Integer division `div` (reference: ref/div.md): mostly the left argument's type. */
export const DIV = table({
  b: "i . i i i i i i i . i i i i i i i i",
  x: "i . i i i i i i i . i i i i i i i i",
  h: "i . i i i i i i i . i i i i i i i i",
  i: "i . i i i i i i i . i i i i i i i i",
  j: "j . j j j j j j j . j j j j j j j j",
  e: "f . f f f f f f f . f f f f f f f f",
  f: "f . f f f f f f f . f f f f f f f f",
  c: "i . i i i i i i i . i i i i i i i i",
  p: "p . p p p p p p p . p p p p p p p p",
  m: "m . m m m m m m m . m m m m m m m m",
  d: "d . d d d d d d d . d d d d d d d d",
  z: "z . z z z z z z z . z z z z z z z z",
  n: "n . n n n n n n n . n n n n n n n n",
  u: "u . u u u u u u u . u u u u u u u u",
  v: "v . v v v v v v v . v v v v v v v v",
  t: "t . t t t t t t t . t t t t t t t t",
});

/** Modulus `mod` (reference: ref/mod.md). */
export const MOD = table({
  b: "i . i i i j e f . . p m d z n u v t",
  x: "i . i i i j e f . . p m d z n u v t",
  h: "i . i i i j e f . . p m d z n u v t",
  i: "i . i i i j e f . . p m d z n u v t",
  j: "j . j j j j e f . . p m d z n u v t",
  e: "f . f f f f f f f . f f z z f f f f",
  f: "f . f f f f f f f . f f z z f f f f",
  c: ". . . . . . . f . . p m d z n u v t",
  p: "n . n n n n n f n . . . . . . . . .",
  m: "i . i i i i i f i . . . . . . . . .",
  d: "i . i i i i i . i . . . . . . . . .",
  z: "f . f f f f f f f . . . . . . . . .",
  n: "n . n n n n n f n . . . . . . . . .",
  u: "u . u u u u u f u . . . . . . . . .",
  v: "v . v v v v v f v . . . . . . . . .",
  t: "t . t t t t t f t . . . . . . . . .",
});

/**
 * The range of a one-argument function as a row of result letters in the
 * order `bgxhijefcspmdznuvt` (`.` for a type error), as the reference pages
 * print their domain and range: indexed by type code, -1 for a type error.
 */
function range(cells: string): Int8Array {
  const r = new Int8Array(20).fill(-1);
  const parts = cells.split(" ");
  for (let j = 0; j < ORDER.length; j++) r[typeOfLetter(ORDER[j])!] = parts[j] === "." ? -1 : typeOfLetter(parts[j])!;
  return r;
}

/** `abs` (ref/abs.md). */
export const ABS: Int8Array = range("i . i h i j e f i . p m d z n u v t");
/** `ceiling` (ref/ceiling.md). */
export const CEILING: Int8Array = range("i . i h i j j j i . . . . . . . . .");
/**
 * `sum` and `sums` (ref/sum.md); chars are a type error, as the page's
 * transcripts show (`sum "abc"` signals `'type`).
 */
export const SUMS: Int8Array = range("i . i i i j e f . . p m d z n u v t");
/** `prd` and `prds` (ref/prd.md); chars are a type error (`prd "abc"`). */
export const PRDS: Int8Array = range("i . i i i j e f . . p m d z n u v t");
/** `deltas` (ref/deltas.md). */
export const DELTAS: Int8Array = range("i . i i i j e f . . n i i f n u v t");
/** `min` `max` `mins` `maxs` `mmin` `mmax` (ref/min.md, ref/max.md): the type itself. */
export const MINMAX: Int8Array = range("b . x h i j e f c . p m d z n u v t");

/**
 * Functions whose results are floats, the statistics (ref/med.md, ref/var.md,
 * ref/dev.md, ref/avg.md): numbers, chars and temporals.
 */
export const FLOATS: Int8Array = range("f . f f f f f f f . f f f f f f f f");
/** Running and moving averages and deviations (ref/avg.md avgs and mavg): as FLOATS, but no chars. */
export const AVGS: Int8Array = range("f . f f f f f f . . f f f f f f f f");

/**
 * The result type a range row gives values of type `t` (atoms by their
 * negative code), or a type error naming the function `fn`.
 */
export function typeIn(r: Int8Array, t: number, fn: string): number {
  const a = Math.abs(t), res = a < 20 ? r[a] : -1;
  return res < 0 ? qerr("type", `${fn} does not take type ${a}h`) : res;
}

/** Result type of `tx op ty` from a promotion grid, or -1 for a type error. */
export function resultType(grid: Int8Array, tx: number, ty: number): number {
  if (tx < 0 || ty < 0 || tx >= 20 || ty >= 20) return -1;
  return grid[tx * 20 + ty];
}

/**
 * Lesser `&` and Greater `|` (reference: ref/lesser.md, ref/greater.md),
 * also the result types of Fill `^` (ref/fill.md) for differing types.
 */
export const LESSER = table({
  b: "b . x h i j e f c . p m d z n u v t",
  x: "x . x h i j e f c . p m d z n u v t",
  h: "h . h h i j e f c . p m d z n u v t",
  i: "i . i i i j e f c . p m d z n u v t",
  j: "j . j j j j e f c . p m d z n u v t",
  e: "e . e e e e e f c . p m d z n u v t",
  f: "f . f f f f f f c . p m d z n u v t",
  c: "c . c c c c c c c . p m d z n u v t",
  p: "p . p p p p p p p . p p p p n u v t",
  m: "m . m m m m m m m . p m d . . . . .",
  d: "d . d d d d d d d . p d d z . . . .",
  z: "z . z z z z z z z . p . z z n u v t",
  n: "n . n n n n n n n . n . . n n n n n",
  u: "u . u u u u u u u . u . . u n u v t",
  v: "v . v v v v v v v . v . . v n v v t",
  t: "t . t t t t t t t . t . . t n t t t",
});
