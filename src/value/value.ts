/**
 * The BorF value model. One representation per q type:
 *
 * - {@link Atom}: a single basic value; `t` is the negated type code. The
 *   payload is a JS number (booleans, bytes, shorts, ints, reals, floats,
 *   chars as byte codes, symbols as interned ids, int-backed temporals), a
 *   bigint (long, timestamp, timespan: exact 64-bit), or 16 bytes (guid).
 * - {@link Vec}: a simple list of one basic type over a typed array
 *   (guids: 16 bytes per item in a Uint8Array).
 * - {@link List}: a general list (type 0) of any values.
 * - {@link Dict}, {@link Table}: keyed maps and column tables; a keyed table
 *   is a Dict whose key and value are both tables.
 * - functions: {@link Lambda}, {@link Prim}, {@link Proj}, {@link Comp},
 *   {@link Derived}.
 *
 * @module
 */

import type { TypedArray } from "./types.ts";
import { intern } from "./sym.ts";

/** Any BorF value. */
export type Value = Atom | Vec | List | Dict | Table | Fn;

/** The payload of an atom. */
export type AtomValue = number | bigint | Uint8Array;

/** A single basic value. `t` is negative: -7 is a long atom. */
export class Atom {
  /** An atom of type `t` (negative) holding `v` (see DESIGN.md for each type's payload). */
  constructor(readonly t: number, readonly v: AtomValue) {}
}

/** Attribute codes, as q numbers them in `attr` and on disk. */
export const ATTR = { none: 0, s: 1, u: 2, p: 3, g: 4 } as const;

/** A simple list of basic type `t` stored in a typed array. */
export class Vec<A extends TypedArray = TypedArray> {
  /** A vector of type `t` over the typed array `a` (not copied), with attribute `attr` (see {@link ATTR}). */
  constructor(readonly t: number, readonly a: A, public attr = 0) {}
  /** Number of items. */
  get n(): number {
    return this.t === 2 ? this.a.length >> 4 : this.a.length;
  }
}

/** A general list (type 0). */
export class List {
  /** q's type number. */
  readonly t = 0;
  /** A general list of the values `a` (not copied). */
  constructor(readonly a: Value[]) {}
  /** Number of items. */
  get n(): number {
    return this.a.length;
  }
}

/** A dictionary: keys and values of equal count (type 99). */
export class Dict {
  /** q's type number. */
  readonly t = 99;
  /** A dictionary from keys `k` to values `v`. */
  constructor(readonly k: Value, readonly v: Value) {}
}

/**
 * A table: named columns of equal count (type 98). `rows`, when given, is
 * that count, so counting a table whose columns are read lazily (a mapped
 * table) reads none of them.
 */
export class Table {
  /** q's type number. */
  readonly t = 98;
  /** A table of columns named `cols` holding `data`, `rows` rows when known. */
  constructor(readonly cols: readonly string[], readonly data: readonly Value[], readonly rows?: number) {}
}

/** Common shape of every function value. */
export abstract class Fn {
  /** q's type number (100 to 112). */
  abstract readonly t: number;
  /** How many arguments the function takes (its valence). */
  abstract readonly rank: number;
}

/** A lambda `{[a;b] …}`; `call` runs the compiled body. */
export class Lambda extends Fn {
  /** q's type number. */
  readonly t = 100;
  /** A lambda with its source, its parameter names and its compiled body. */
  constructor(
    /** Source text exactly as written, shown when the lambda is displayed. */
    readonly src: string,
    /** Parameter names (`x y z` when implicit). */
    readonly params: readonly string[],
    /** Runs the compiled body on arguments, one per parameter. */
    readonly call: (args: Value[]) => Value,
  ) {
    super();
  }
  /** Its number of parameters. */
  get rank(): number {
    return this.params.length;
  }
}

/** Signature of a primitive's implementation for a given argument count. */
export type Impl1 = (x: Value) => Value;
/** Binary implementation. */
export type Impl2 = (x: Value, y: Value) => Value;
/** Implementation taking 3 or more arguments. */
export type ImplN = (args: Value[]) => Value;

/**
 * A primitive: an operator glyph (`+`, type 102), a unary form or keyword
 * (type 101). `m` is its unary behaviour, `d` its binary, `n` its behaviour
 * with three or more arguments.
 */
export class Prim extends Fn {
  constructor(
    readonly t: 101 | 102,
    /** How it displays: the glyph, k unary form, or keyword name. */
    readonly name: string,
    readonly rank: number,
    readonly m?: Impl1,
    readonly d?: Impl2,
    readonly n?: ImplN,
  ) {
    super();
  }
}

/** A projection: a function with some arguments fixed (type 104). */
export class Proj extends Fn {
  readonly t = 104;
  constructor(readonly f: Value, readonly args: readonly (Value | undefined)[], readonly rank: number) {
    super();
  }
}

/** A composition of functions, applied right to left (type 105). */
export class Comp extends Fn {
  readonly t = 105;
  constructor(readonly fs: readonly Value[]) {
    super();
  }
  get rank(): number {
    return rankOf(this.fs[this.fs.length - 1]);
  }
}

/** Iterator glyphs and the type code of the function each derives. */
export const ITERATORS: Readonly<Record<string, number>> = {
  "'": 106,
  "/": 107,
  "\\": 108,
  "':": 109,
  "/:": 110,
  "\\:": 111,
};

/** A function derived by an iterator from a value: `+/`, `f'` (106..111). */
export class Derived extends Fn {
  readonly t: number;
  constructor(readonly f: Value, readonly glyph: string) {
    super();
    this.t = ITERATORS[glyph];
  }
  get rank(): number {
    const r = rankOf(this.f);
    if (this.glyph === "'" || this.glyph === "/:" || this.glyph === "\\:") return r;
    return r === 1 ? 1 : 2;
  }
}

/** The valence of a function value (1 for non-functions used as maps). */
export function rankOf(f: Value): number {
  return f instanceof Fn ? f.rank : 1;
}

// ---------------------------------------------------------------- construction

/** The generic null `::` (an identity function, type 101). */
export const NIL: Prim = new Prim(101, "::", 1, (x) => x);

/** A boolean atom. */
export function bool(b: boolean | number): Atom {
  return new Atom(-1, b ? 1 : 0);
}
/** A long atom. */
export function long(v: bigint | number): Atom {
  return new Atom(-7, typeof v === "bigint" ? v : BigInt(v));
}
/** An int atom. */
export function int(v: number): Atom {
  return new Atom(-6, v | 0);
}
/** A float atom. */
export function float(v: number): Atom {
  return new Atom(-9, v);
}
/** A char atom from a one-byte code. */
export function char(code: number): Atom {
  return new Atom(-10, code & 255);
}
/** A symbol atom. */
export function sym(s: string): Atom {
  return new Atom(-11, intern(s));
}

/** A char vector (string) of the UTF-8 bytes of `s`. */
export function str(s: string): Vec<Uint8Array> {
  return new Vec(10, new TextEncoder().encode(s));
}

/** A symbol vector. */
export function syms(xs: readonly string[]): Vec<Int32Array> {
  const a = new Int32Array(xs.length);
  for (let i = 0; i < xs.length; i++) a[i] = intern(xs[i]);
  return new Vec(11, a);
}

/** A long vector from numbers or bigints. */
export function longs(xs: readonly (number | bigint)[]): Vec<BigInt64Array> {
  const a = new BigInt64Array(xs.length);
  for (let i = 0; i < xs.length; i++) a[i] = BigInt(xs[i]);
  return new Vec(7, a);
}

/** A float vector. */
export function floats(xs: readonly number[]): Vec<Float64Array> {
  return new Vec(9, Float64Array.from(xs));
}

/** A general list. */
export function list(items: Value[]): List {
  return new List(items);
}

/** The number of items of a value, as q's `count` sees it. */
export function count(x: Value): number {
  if (x instanceof Vec) return x.n;
  if (x instanceof List) return x.a.length;
  if (x instanceof Table) return x.rows ?? (x.data.length ? count(x.data[0]) : 0);
  if (x instanceof Dict) return count(x.k);
  return 1;
}

/** True for atoms (including functions, which q counts as atoms). */
export function isAtom(x: Value): boolean {
  return x.t < 0 || x.t >= 100;
}

/** True when `x` is a keyed table (a dict of two tables). */
export function isKeyed(x: Value): boolean {
  return x instanceof Dict && x.k instanceof Table && x.v instanceof Table;
}

/** Decodes a char vector to a JS string (UTF-8). */
export function text(x: Vec): string {
  return new TextDecoder().decode(x.a as Uint8Array);
}
