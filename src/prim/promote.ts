/**
 * Result types of q's arithmetic, transcribed from the "Range and domains"
 * tables of the q reference (Add, Subtract, Multiply). One place for every
 * promotion rule, as data: row = left type, column = right type, `.` means
 * the pair is a type error.
 *
 * @module
 */

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
