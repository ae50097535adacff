/**
 * Table schemas written for people: a column type as a q type name
 * (`"long"`, `"symbol"`, `"timestamp"`), a q type letter (`"j"`, `"s"`,
 * `"p"`), or an upper-case letter for a column of lists of that type
 * (`"C"` strings, `"J"` lists of longs); `"string"` is `"C"`. And the
 * conversion of JavaScript column data to values of those types.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { internAll } from "../value/sym.ts";
import { UNIX_EPOCH_DAYS } from "../value/temporal.ts";
import { ctorOf, isBasic, TYPE_NAMES, typeOfLetter, typeOfName } from "../value/types.ts";
import { List, type Value, Vec } from "../value/value.ts";
import type { ColumnMeta } from "./meta.ts";

/** A column type: a q type name or letter; upper case for a column of lists. */
export type TypeSpec = string;

/** Column descriptions from `{name: type}` in column order. */
export function schema(spec: Record<string, TypeSpec>): ColumnMeta[] {
  return Object.entries(spec).map(([name, type]) => {
    const nested = type === "string" || (type.length === 1 && type >= "A" && type <= "Z");
    const t = type === "string" ? 10 : type.length === 1 ? typeOfLetter(type.toLowerCase()) : typeOfName(type);
    if (t === undefined || !isBasic(t)) return qerr("type", `column ${name}: unknown type ${JSON.stringify(type)}`);
    return { name, type: t, nested, attr: 0 };
  });
}

const encoder = new TextEncoder();

/**
 * A column value of type `meta` from JavaScript data: a typed array of the
 * column's storage type is used without copying; arrays of numbers,
 * bigints, booleans, strings (symbols, or strings of a string column) and
 * Dates (dates and timestamps) are converted.
 */
export function columnFromJS(meta: ColumnMeta, x: unknown): Value {
  if (meta.nested) {
    if (!Array.isArray(x)) return qerr("type", `column ${meta.name} takes an array of lists`);
    return new List(x.map((item) => columnFromJS({ ...meta, nested: false }, typeof item === "string" ? item : item)));
  }
  const t = meta.type;
  if (t === 10 && typeof x === "string") return new Vec(10, encoder.encode(x));
  const C = ctorOf(t);
  if (ArrayBuffer.isView(x) && x.constructor === C && t !== 11 && t !== 2) {
    return new Vec(t, x as InstanceType<typeof C>);
  }
  if (!Array.isArray(x)) return qerr("type", `column ${meta.name} (${TYPE_NAMES[t]}) takes an array or a ${C.name}`);
  if (t === 11) return new Vec(11, internAll(x.map(String)));
  const out = new C(x.length) as unknown as (number | bigint)[];
  for (let i = 0; i < x.length; i++) out[i] = element(t, x[i], meta.name);
  return new Vec(t, out as unknown as InstanceType<typeof C>);
}

function element(t: number, v: unknown, name: string): number | bigint {
  if (v instanceof Date) {
    const ms = v.getTime() - UNIX_EPOCH_DAYS * 86_400_000;
    if (t === 14) return Math.floor(ms / 86_400_000);
    if (t === 12) return BigInt(ms) * 1_000_000n;
    if (t === 15) return ms / 86_400_000;
  }
  if (t === 7 || t === 12 || t === 16) {
    if (typeof v === "bigint") return v;
    if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
  } else if (typeof v === "number") return v;
  else if (typeof v === "boolean") return v ? 1 : 0;
  else if (typeof v === "string" && v.length === 1 && (t === 10 || t === 4)) return v.charCodeAt(0);
  return qerr("type", `column ${name} (${TYPE_NAMES[t]}): cannot store ${typeof v} ${String(v)}`);
}
