/**
 * Identity of values: `~` (match) and hashable keys for items, used by
 * find, distinct, group, dictionary lookup and key alignment.
 *
 * @module
 */

import { Atom, count, Dict, Fn, List, Table, type Value, Vec } from "../value/value.ts";
import { fmtFn } from "../fmt/show.ts";

/** q's comparison tolerance for floats: 2^-43, relative to the larger magnitude. */
export const CT = 2 ** -43;

/** Float equality within the comparison tolerance (nulls equal nulls, infinities only themselves). */
export function tolerantEq(a: number, b: number): boolean {
  if (a === b || (a !== a && b !== b)) return true;
  const d = Math.abs(a - b);
  return d < Infinity && d <= CT * Math.max(Math.abs(a), Math.abs(b));
}

/** `x~y`: same type, same shape, same items (nulls match nulls, floats within tolerance). */
export function match(x: Value, y: Value): boolean {
  if (x === y) return true;
  if (x.t !== y.t) return false;
  if (x instanceof Atom) {
    const a = x.v, b = (y as Atom).v;
    if (a instanceof Uint8Array) return bytesEqual(a, b as Uint8Array);
    return typeof a === "number" ? tolerantEq(a, b as number) : a === b;
  }
  if (x instanceof Vec) {
    const ya = (y as Vec).a, xa = x.a;
    if (xa.length !== ya.length) return false;
    if (xa instanceof Float64Array || xa instanceof Float32Array) {
      for (let i = 0; i < xa.length; i++) if (!tolerantEq(xa[i], ya[i] as number)) return false;
      return true;
    }
    for (let i = 0; i < xa.length; i++) if (xa[i] !== ya[i]) return false;
    return true;
  }
  if (x instanceof List) {
    const ya = (y as List).a;
    if (x.a.length !== ya.length) return false;
    for (let i = 0; i < ya.length; i++) if (!match(x.a[i], ya[i])) return false;
    return true;
  }
  if (x instanceof Dict) return match(x.k, (y as Dict).k) && match(x.v, (y as Dict).v);
  if (x instanceof Table) {
    const yt = y as Table;
    if (x.cols.length !== yt.cols.length) return false;
    for (let i = 0; i < x.cols.length; i++) {
      if (x.cols[i] !== yt.cols[i] || !match(x.data[i], yt.data[i])) return false;
    }
    return true;
  }
  if (x instanceof Fn) return fmtFn(x) === fmtFn(y);
  return false;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A JS Map key identifying a value up to `~` (used for items of general lists). */
export function valueKey(x: Value): string | number | bigint {
  if (x instanceof Atom) {
    const v = x.v;
    if (v instanceof Uint8Array) return `${x.t}:${Array.from(v).join(",")}`;
    return typeof v === "number" ? (v !== v ? `${x.t}:nan` : `${x.t}:${v}`) : `${x.t}:${v}n`;
  }
  if (x instanceof Vec) {
    const parts: string[] = [];
    for (let i = 0; i < x.a.length; i++) {
      const v = x.a[i];
      parts.push(typeof v === "number" && v !== v ? "nan" : String(v));
    }
    return `${x.t}[${parts.join(",")}]`;
  }
  if (x instanceof List) return `0(${x.a.map((i) => String(valueKey(i))).join(";")})`;
  if (x instanceof Dict) return `99(${String(valueKey(x.k))}!${String(valueKey(x.v))})`;
  if (x instanceof Table) return `98(${x.cols.join(",")}|${x.data.map((c) => String(valueKey(c))).join(";")})`;
  return `fn:${fmtFn(x)}`;
}

/** The key of item `i` of a vector: the raw element (guids as text). */
export function elemKey(x: Vec, i: number): number | bigint | string {
  if (x.t === 2) return Array.from(x.a.subarray(i * 16, i * 16 + 16) as Uint8Array).join(",");
  return x.a[i];
}

/** Keys of every item of a list-like value, for hashing. */
export function itemKeys(x: Value): (number | bigint | string)[] {
  const n = count(x);
  const out = new Array<number | bigint | string>(n);
  if (x instanceof Vec) { for (let i = 0; i < n; i++) out[i] = elemKey(x, i); }
  else if (x instanceof List) { for (let i = 0; i < n; i++) out[i] = itemKey(x.a[i]); }
  else if (x instanceof Table) {
    for (let i = 0; i < n; i++) out[i] = x.data.map((c) => String(itemKey(itemOfCol(c, i)))).join("\u0001");
  } else out[0] = valueKey(x);
  return out;
}

/** The key of a value that may be compared against vector elements. */
export function itemKey(x: Value): number | bigint | string {
  if (x instanceof Atom) {
    const v = x.v;
    return v instanceof Uint8Array ? Array.from(v).join(",") : (v as number | bigint);
  }
  return valueKey(x);
}

function itemOfCol(c: Value, i: number): Value {
  if (c instanceof Vec) return new Atom(-c.t, c.t === 2 ? c.a.slice(i * 16, i * 16 + 16) as Uint8Array : c.a[i]);
  if (c instanceof List) return c.a[i];
  return c;
}
