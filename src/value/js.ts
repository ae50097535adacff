/**
 * Conversion between BorF values and plain JavaScript, for TypeScript code
 * that embeds BorF. Vectors come back as their typed arrays (no copy);
 * 64-bit integers stay exact as bigint; temporals come back as their raw
 * counts (days since 2000.01.01 for dates, nanoseconds for timestamps),
 * which {@link toDate} turns into a JS Date.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { fmtGuid } from "../fmt/items.ts";
import { fmtFn } from "../fmt/show.ts";
import { NJ } from "./nulls.ts";
import { internAll, symName } from "./sym.ts";
import { UNIX_EPOCH_DAYS } from "./temporal.ts";
import type { TypedArray } from "./types.ts";
import { Atom, Dict, Fn, isKeyed, List, str, Table, type Value, Vec } from "./value.ts";

/** What {@link toJS} returns. */
export type JSValue =
  | number
  | bigint
  | boolean
  | string
  | null
  | TypedArray
  | string[]
  | JSValue[]
  | { [name: string]: JSValue }
  | Map<JSValue, JSValue>;

/** Converts a BorF value to plain JavaScript (see the module doc for the mapping). */
export function toJS(v: Value): JSValue {
  if (v instanceof Atom) {
    const t = -v.t;
    if (t === 1) return v.v === 1;
    if (t === 10) return String.fromCharCode(v.v as number);
    if (t === 11) return symName(v.v as number);
    if (t === 2) return fmtGuid(v.v as Uint8Array);
    return v.v as number | bigint;
  }
  if (v instanceof Vec) {
    if (v.t === 10) return new TextDecoder().decode(v.a as Uint8Array);
    if (v.t === 11) return Array.from(v.a as Int32Array, symName);
    if (v.t === 2) return Array.from({ length: v.n }, (_, i) => fmtGuid(v.a as Uint8Array, i * 16));
    return v.a;
  }
  if (v instanceof List) return v.a.map(toJS);
  if (v instanceof Table) {
    const o: { [name: string]: JSValue } = {};
    v.cols.forEach((c, i) => (o[c] = toJS(v.data[i])));
    return o;
  }
  if (isKeyed(v)) {
    const d = v as Dict;
    return { key: toJS(d.k), value: toJS(d.v) };
  }
  if (v instanceof Dict) {
    const keys = v.k, vals = v.v;
    const n = keys instanceof Vec ? keys.n : keys instanceof List ? keys.a.length : 1;
    const item = (x: Value, i: number): JSValue => {
      if (x instanceof Vec) {
        return toJS(new Atom(-x.t, x.t === 2 ? x.a.slice(i * 16, i * 16 + 16) as Uint8Array : x.a[i]));
      }
      if (x instanceof List) return toJS(x.a[i]);
      return toJS(x);
    };
    if (keys instanceof Vec && keys.t === 11) {
      const o: { [name: string]: JSValue } = {};
      for (let i = 0; i < n; i++) o[symName((keys.a as Int32Array)[i])] = item(vals, i);
      return o;
    }
    const m = new Map<JSValue, JSValue>();
    for (let i = 0; i < n; i++) m.set(item(keys, i), item(vals, i));
    return m;
  }
  if (v instanceof Fn) return fmtFn(v);
  return null;
}

/**
 * Converts plain JavaScript to a BorF value: numbers become floats, bigints
 * longs, booleans booleans, strings char vectors (strings in an array
 * become symbols), typed arrays the matching vector, Dates timestamps,
 * objects dictionaries keyed by symbols.
 */
export function fromJS(x: unknown): Value {
  if (typeof x === "number") return new Atom(-9, x);
  if (typeof x === "bigint") return new Atom(-7, BigInt.asIntN(64, x));
  if (typeof x === "boolean") return new Atom(-1, x ? 1 : 0);
  if (typeof x === "string") return str(x);
  if (x === null || x === undefined) return new List([]);
  if (x instanceof Date) return new Atom(-12, BigInt(x.getTime() - UNIX_EPOCH_DAYS * 86_400_000) * 1_000_000n);
  if (x instanceof Float64Array) return new Vec(9, x);
  if (x instanceof Float32Array) return new Vec(8, x);
  if (x instanceof BigInt64Array) return new Vec(7, x);
  if (x instanceof Int32Array) return new Vec(6, x);
  if (x instanceof Int16Array) return new Vec(5, x);
  if (x instanceof Uint8Array) return new Vec(4, x);
  if (Array.isArray(x)) {
    if (x.length && x.every((e) => typeof e === "string")) return new Vec(11, internAll(x as string[]));
    if (x.length && x.every((e) => typeof e === "number")) return new Vec(9, Float64Array.from(x as number[]));
    if (x.length && x.every((e) => typeof e === "bigint")) return new Vec(7, BigInt64Array.from(x as bigint[]));
    if (x.length && x.every((e) => typeof e === "boolean")) {
      return new Vec(1, Uint8Array.from(x as boolean[], (b) => (b ? 1 : 0)));
    }
    return new List(x.map(fromJS));
  }
  if (typeof x === "object") {
    const entries = Object.entries(x as Record<string, unknown>);
    return new Dict(new Vec(11, internAll(entries.map(([k]) => k))), new List(entries.map(([, v]) => fromJS(v))));
  }
  return qerr("type", `cannot convert a JS ${typeof x}`);
}

/** A JS Date for a date (days) or timestamp (nanoseconds) count; null for q nulls. */
export function toDate(raw: number | bigint, type: "date" | "timestamp"): Date | null {
  if (type === "date") {
    const d = raw as number;
    return d === -2147483648 ? null : new Date((d + UNIX_EPOCH_DAYS) * 86_400_000);
  }
  const ns = raw as bigint;
  return ns === NJ ? null : new Date(Number(ns / 1_000_000n) + UNIX_EPOCH_DAYS * 86_400_000);
}
