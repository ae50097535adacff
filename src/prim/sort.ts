/**
 * Sorting: `iasc` (`<:`), `idesc` (`>:`), `asc`, `desc`. Stable, with
 * nulls first ascending, symbols by text; integer data uses typed-array
 * sorts of (value, index) keys, other data a comparison sort.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { compareSyms } from "../value/sym.ts";
import { ATTR, Dict, List, Table, type Value, Vec } from "../value/value.ts";
import { asF64 } from "./convert.ts";
import { gather, longVec } from "./list.ts";
import { valueKey } from "./match.ts";
import { kw1 } from "./define.ts";
import type { Prim } from "../value/value.ts";

/** Compares items i and j of a list (ascending; nulls first). */
export function comparator(x: Value): (i: number, j: number) => number {
  if (x instanceof Vec) {
    const t = x.t, a = x.a;
    if (t === 11) {
      const ids = a as Int32Array;
      return (i, j) => compareSyms(ids[i], ids[j]);
    }
    if (a instanceof BigInt64Array) return (i, j) => (a[i] < a[j] ? -1 : a[i] > a[j] ? 1 : 0);
    if (t === 2) {
      const b = a as Uint8Array;
      return (i, j) => {
        for (let k = 0; k < 16; k++) {
          const d = b[i * 16 + k] - b[j * 16 + k];
          if (d) return d;
        }
        return 0;
      };
    }
    const f = asF64(x) as Float64Array;
    return (i, j) => {
      const p = f[i], q = f[j];
      if (p !== p) return q !== q ? 0 : -1;
      if (q !== q) return 1;
      return p < q ? -1 : p > q ? 1 : 0;
    };
  }
  if (x instanceof Table) {
    const cs = x.data.map(comparator);
    return (i, j) => {
      for (const c of cs) {
        const d = c(i, j);
        if (d) return d;
      }
      return 0;
    };
  }
  if (x instanceof List) {
    const keys = x.a.map((v) => String(valueKey(v)));
    return (i, j) => (keys[i] < keys[j] ? -1 : keys[i] > keys[j] ? 1 : 0);
  }
  return qerr("type", "cannot sort this");
}

/** A stable ascending permutation of the items of `x`. */
export function gradeUp(x: Value): Int32Array {
  const n = xCount(x);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const cmp = comparator(x);
  idx.sort((i, j) => cmp(i, j) || i - j);
  return idx;
}

function xCount(x: Value): number {
  if (x instanceof Vec) return x.n;
  if (x instanceof List) return x.a.length;
  if (x instanceof Table) return x.data.length ? xCount(x.data[0]) : 0;
  return qerr("type");
}

/** A stable descending permutation (equal items keep their order). */
export function gradeDown(x: Value): Int32Array {
  const up = gradeUp(x);
  const n = up.length;
  // reverse runs of equal items so ties stay in original order
  const out = new Int32Array(n);
  const eq = equalAdjacent(x, up);
  let w = 0;
  let end = n;
  for (let i = n - 1; i >= 0; i--) {
    if (i === 0 || !eq(i - 1, i)) {
      for (let k = i; k < end; k++) out[w++] = up[k];
      end = i;
    }
  }
  return out;
}

function equalAdjacent(x: Value, up: Int32Array): (a: number, b: number) => boolean {
  const cmp = comparator(x);
  return (i, j) => cmp(up[i], up[j]) === 0;
}

/** `iasc x` */
export function iasc(x: Value): Value {
  if (x instanceof Dict) return gather(x.k, gradeUp(x.v));
  return longVec(gradeUp(x));
}

/** `idesc x` */
export function idesc(x: Value): Value {
  if (x instanceof Dict) return gather(x.k, gradeDown(x.v));
  return longVec(gradeDown(x));
}

/** `asc x`: sorted ascending, with the sorted attribute on vectors. */
export function asc(x: Value): Value {
  if (x instanceof Dict) return gather(x, gradeUp(x.v));
  const r = gather(x, gradeUp(x));
  if (r instanceof Vec) r.attr = ATTR.s;
  return r;
}

/** `desc x` */
export function desc(x: Value): Value {
  if (x instanceof Dict) return gather(x, gradeDown(x.v));
  return gather(x, gradeDown(x));
}

/** Sorting keywords. */
export const SORT_KEYWORDS: readonly Prim[] = [
  kw1("iasc", iasc),
  kw1("idesc", idesc),
  kw1("asc", asc),
  kw1("desc", desc),
];
