/**
 * The primitive tables: every operator glyph with its unary (k) form and
 * binary form, the unary forms written with a colon (`#:`), and the q
 * keywords, gathered from the keyword table of each family of primitives.
 * The compiler resolves names and glyphs against these tables once, at
 * compile time.
 *
 * @module
 */

import { Atom, type Impl1, type Impl2, type ImplN, isKeyed, List, Prim, Table, type Value } from "../value/value.ts";
import { AGG_KEYWORDS, sum } from "./agg.ts";
import { apply1, ASSIGN } from "./apply.ts";
import { add, ARITH_KEYWORDS, divide, floor, multiply, neg, reciprocal, subtract } from "./arith.ts";
import { cast, CAST_KEYWORDS, string } from "./cast.ts";
import {
  COMPARE_KEYWORDS,
  equal,
  greater,
  greaterEq,
  greaterOf,
  less,
  lessEq,
  lesser,
  not,
  notEqual,
} from "./compare.ts";
import { flip, TABLE_KEYWORDS, typeOf } from "./dict.ts";
import { atN, bang, compose, dotApply, dotN, EVAL_KEYWORDS, key, signal, value } from "./evaluate.ts";
import { IDENTITY, ITERATOR_GLYPHS, ITERATOR_KEYWORDS, REDUCERS } from "./iterate.ts";
import {
  countOf,
  distinct,
  drop,
  enlist,
  fill,
  first,
  group,
  isNull,
  join,
  LIST_KEYWORDS,
  reverse,
  take,
  where,
} from "./list.ts";
import { host } from "./host.ts";
import { match } from "./match.ts";
import { FBY_KEYWORDS } from "./fby.ts";
import { FILE_IO_KEYWORDS, fileBinary } from "./fileio.ts";
import { HANDLE_KEYWORDS } from "./handles.ts";
import { JOIN_KEYWORDS } from "./joins.ts";
import { MATH_KEYWORDS } from "./math.ts";
import { PERSIST_KEYWORDS } from "./persist.ts";
import { RANDOM_KEYWORDS } from "./random.ts";
import { query, queryN } from "./search.ts";
import { SETS_KEYWORDS } from "./sets.ts";
import { iasc, idesc, SORT_KEYWORDS } from "./sort.ts";
import { STRING_KEYWORDS } from "./strings.ts";
import { fileText } from "./textio.ts";
import { UNIFORM_KEYWORDS } from "./uniform.ts";

/** `~x` as not; `x~y` as match. */
function matchB(x: Value, y: Value): Value {
  return new Atom(-1, match(x, y) ? 1 : 0);
}

// ------------------------------------------------------------ tables

/** A table or keyed table (`?[t;i;p]` is a simple exec, not a vector conditional). */
function isTable(x: Value): boolean {
  return x instanceof Table || isKeyed(x);
}

/** Operator glyphs (type 102). */
export const GLYPHS = new Map<string, Prim>();
/** Unary forms `#:` etc. (type 101), keyed by glyph. */
export const UNARY_FORMS = new Map<string, Prim>();
/** q keywords, keyed by name. */
export const KEYWORDS = new Map<string, Prim>();

function op(g: string, m: Impl1 | undefined, d: Impl2, n?: ImplN): void {
  GLYPHS.set(g, new Prim(102, g, 2, m, d, n));
  if (m) UNARY_FORMS.set(g, new Prim(101, g + ":", 1, m));
}

op("+", flip, add);
op("-", neg, subtract);
op("*", first, multiply);
op("%", reciprocal, divide);
op("&", where, lesser);
op("|", reverse, greaterOf);
op("^", isNull, fill);
op("=", group, equal);
op("<", iasc, less);
op(">", idesc, greater);
op("<=", undefined, lessEq);
op(">=", undefined, greaterEq);
op("<>", undefined, notEqual);
op("~", not, matchB);
op("!", key, bang, (args) => host.functional("!", args));
op("#", countOf, take);
op(",", enlist, join);
op("_", floor, drop);
op("@", typeOf, apply1, atN);
op(".", value, dotApply, dotN);
op("$", string, cast);
op("?", distinct, query, (args) => (args.length >= 4 || isTable(args[0]) ? host.functional("?", args) : queryN(args)));
op("'", signal, compose);
op("0:", undefined, fileText);
op("1:", undefined, fileBinary);
GLYPHS.set(":", ASSIGN);
// an iterator written alone (in a parse tree such as `(/;+)`) is a value that derives
for (const [g, p] of ITERATOR_GLYPHS) if (!GLYPHS.has(g)) GLYPHS.set(g, p);

/** Every keyword family, registered by name. */
for (
  const p of [
    ...AGG_KEYWORDS,
    ...ARITH_KEYWORDS,
    ...CAST_KEYWORDS,
    ...COMPARE_KEYWORDS,
    ...EVAL_KEYWORDS,
    ...ITERATOR_KEYWORDS,
    ...FBY_KEYWORDS,
    ...FILE_IO_KEYWORDS,
    ...HANDLE_KEYWORDS,
    ...JOIN_KEYWORDS,
    ...LIST_KEYWORDS,
    ...MATH_KEYWORDS,
    ...PERSIST_KEYWORDS,
    ...RANDOM_KEYWORDS,
    ...SETS_KEYWORDS,
    ...SORT_KEYWORDS,
    ...STRING_KEYWORDS,
    ...TABLE_KEYWORDS,
    ...UNIFORM_KEYWORDS,
  ]
) KEYWORDS.set(p.name, p);

// fast reductions and identities used by iterators
REDUCERS.set("+", sum);
IDENTITY.set("+", new Atom(-7, 0n));
IDENTITY.set("-", new Atom(-7, 0n));
IDENTITY.set("*", new Atom(-7, 1n));
IDENTITY.set("%", new Atom(-9, 1));
IDENTITY.set(",", new List([]));
IDENTITY.set("&", new Atom(-1, 1));
IDENTITY.set("|", new Atom(-1, 0));
