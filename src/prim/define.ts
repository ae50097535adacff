/**
 * Constructors for keyword primitives, used by each family of primitives
 * to declare its keywords in a table that verbs.ts registers.
 *
 * @module
 */

import { type Impl1, type Impl2, type ImplN, Prim } from "../value/value.ts";

/** A keyword taking one argument (type 101). */
export function kw1(name: string, m: Impl1): Prim {
  return new Prim(101, name, 1, m);
}

/** A keyword taking two arguments (type 102); applied to one it projects. */
export function kw2(name: string, d: Impl2): Prim {
  return new Prim(102, name, 2, undefined, d);
}

/** A keyword taking one or two (or more) arguments: `m` for one, `d` for two, `n` for more. */
export function kwv(name: string, m: Impl1, d: Impl2, n?: ImplN): Prim {
  return new Prim(101, name, 1, m, d, n);
}
