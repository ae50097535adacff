/**
 * q's type codes, verbatim (so IPC and storage need no translation), with
 * each type's letter, name and element storage.
 *
 * @module
 */

/** q type numbers. Atoms carry the negated code. */
export const T = {
  list: 0,
  bool: 1,
  guid: 2,
  byte: 4,
  short: 5,
  int: 6,
  long: 7,
  real: 8,
  float: 9,
  char: 10,
  sym: 11,
  timestamp: 12,
  month: 13,
  date: 14,
  datetime: 15,
  timespan: 16,
  minute: 17,
  second: 18,
  time: 19,
  table: 98,
  dict: 99,
  lambda: 100,
  unary: 101,
  binary: 102,
  iterator: 103,
  projection: 104,
  composition: 105,
  each: 106,
  over: 107,
  scan: 108,
  prior: 109,
  eachRight: 110,
  eachLeft: 111,
} as const;

/** The letter of each basic type, indexed by type code (space where none). */
export const TYPE_LETTERS = " bg xhijefcspmdznuvt";

/** The name q uses for each basic type (as in `` `long$`` casts). */
export const TYPE_NAMES: Readonly<Record<number, string>> = {
  1: "boolean",
  2: "guid",
  4: "byte",
  5: "short",
  6: "int",
  7: "long",
  8: "real",
  9: "float",
  10: "char",
  11: "symbol",
  12: "timestamp",
  13: "month",
  14: "date",
  15: "datetime",
  16: "timespan",
  17: "minute",
  18: "second",
  19: "time",
};

/** Any typed array that backs a vector. */
export type TypedArray =
  | Uint8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array;

/** Constructor of the typed array that stores a vector of basic type `t`. */
export type ArrayCtor =
  | Uint8ArrayConstructor
  | Int16ArrayConstructor
  | Int32ArrayConstructor
  | BigInt64ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

const CTORS: (ArrayCtor | undefined)[] = [
  undefined,
  Uint8Array, // 1 bool
  Uint8Array, // 2 guid (16 bytes each)
  undefined,
  Uint8Array, // 4 byte
  Int16Array, // 5 short
  Int32Array, // 6 int
  BigInt64Array, // 7 long
  Float32Array, // 8 real
  Float64Array, // 9 float
  Uint8Array, // 10 char
  Int32Array, // 11 symbol (interned ids)
  BigInt64Array, // 12 timestamp (ns since 2000.01.01)
  Int32Array, // 13 month (months since 2000.01)
  Int32Array, // 14 date (days since 2000.01.01)
  Float64Array, // 15 datetime (days since 2000.01.01)
  BigInt64Array, // 16 timespan (ns)
  Int32Array, // 17 minute
  Int32Array, // 18 second
  Int32Array, // 19 time (ms)
];

/** The typed-array constructor for basic type `t` (1..19). */
export function ctorOf(t: number): ArrayCtor {
  const c = CTORS[t];
  if (!c) throw new RangeError(`no element storage for type ${t}`);
  return c;
}

/** True for the basic (vector-able) types 1..19 except the unused 3. */
export function isBasic(t: number): boolean {
  return t >= 1 && t <= 19 && t !== 3;
}

/** Floating types: real, float, datetime. */
export function isFloating(t: number): boolean {
  return t === 8 || t === 9 || t === 15;
}

/** Temporal types (timestamp .. time). */
export function isTemporal(t: number): boolean {
  return t >= 12 && t <= 19;
}

/** Size in bytes of one element of basic type `t`. */
export function elemSize(t: number): number {
  return t === 2 ? 16 : ctorOf(t).BYTES_PER_ELEMENT;
}

/** The type code for a type letter (lower case), or undefined. */
export function typeOfLetter(c: string): number | undefined {
  if (c === " " || c.length !== 1) return undefined;
  const i = TYPE_LETTERS.indexOf(c);
  return i > 0 ? i : undefined;
}

/** The type code for a type name (`long`, `symbol`, …), or undefined. */
export function typeOfName(name: string): number | undefined {
  for (const k in TYPE_NAMES) if (TYPE_NAMES[k] === name) return Number(k);
  return undefined;
}
