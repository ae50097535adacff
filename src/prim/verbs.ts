/**
 * The primitive tables: every operator glyph with its unary (k) form and
 * binary form, the unary forms written with a colon (`#:`), and the q
 * keywords. The compiler resolves names and glyphs against these tables
 * once, at compile time.
 *
 * @module
 */

import { qerr, QError } from "../err/qerror.ts";
import { compact } from "../fmt/show.ts";
import { fromItems, itemsOf } from "../value/items.ts";
import { NJ } from "../value/nulls.ts";
import { symName } from "../value/sym.ts";
import {
  Atom,
  Comp,
  Derived,
  Fn,
  type Impl1,
  type Impl2,
  type ImplN,
  List,
  NIL,
  Prim,
  text,
  type Value,
  Vec,
} from "../value/value.ts";
import { sum } from "./agg.ts";
import { amend, apply, apply1, ASSIGN, indexDepth } from "./apply.ts";
import { add, divide, multiply, neg, subtract } from "./arith.ts";
import { atomic1 } from "./atomic.ts";
import { cast, string } from "./cast.ts";
import { equal, greater, greaterEq, greaterOf, less, lessEq, lesser, not, notEqual } from "./compare.ts";
import { asF64, f2j } from "./convert.ts";
import { flip, keyOf, makeDict, typeOf, valueOf } from "./dict.ts";
import { host } from "./host.ts";
import {
  countOf,
  distinct,
  drop,
  enlist,
  fill,
  find,
  first,
  group,
  isNull,
  join,
  last,
  reverse,
  take,
  til,
  where,
} from "./list.ts";
import { match } from "./match.ts";
import { asc, desc, iasc, idesc } from "./sort.ts";
import { IDENTITY, REDUCERS } from "./iterate.ts";

// ------------------------------------------------------------ small unaries

/** `reciprocal x` (`%:`) */
export function reciprocal(x: Value): Value {
  return divide(new Atom(-9, 1), x);
}

/** `floor x` (`_:`): floats round down to longs; integers are unchanged. */
export function floor(x: Value): Value {
  return atomic1((s) => {
    const t = Math.abs(s.t);
    if (t === 9 || t === 8) {
      const f = asF64(s);
      if (typeof f === "number") return new Atom(-7, f !== f ? NJ : f2j(Math.floor(f)));
      const r = new BigInt64Array(f.length);
      for (let i = 0; i < f.length; i++) r[i] = f[i] !== f[i] ? NJ : f2j(Math.floor(f[i]));
      return new Vec(7, r);
    }
    if (t === 10 || t === 11 || t === 2) return qerr("type");
    return s;
  }, x);
}

/** `'x`: signal an error named by a symbol or string. */
export function signal(x: Value): never {
  if (x instanceof Atom && x.t === -11) throw new QError(symName(x.v as number));
  if (x instanceof Vec && x.t === 10) throw new QError(text(x));
  if (x instanceof Atom && x.t === -10) throw new QError(String.fromCharCode(x.v as number));
  throw new QError("stype", "signal needs a symbol or string");
}

/** `key x` with symbols (namespace listing) deferred to the session. */
function key(x: Value): Value {
  if (x instanceof Atom && x.t === -11) return host.system(`__key ${symName(x.v as number)}`);
  return keyOf(x);
}

/** `value x`: dictionary values, a global's value, or the result of evaluating text. */
export function value(x: Value): Value {
  if (x instanceof Atom && x.t === -11) return host.lookup(symName(x.v as number));
  if (x instanceof Vec && x.t === 10) return host.evalText(text(x));
  if (x instanceof Atom && x.t === -10) return host.evalText(String.fromCharCode(x.v as number));
  if (x instanceof List && x.a.length > 0 && x.a[0] instanceof Fn) return apply(x.a[0], x.a.slice(1));
  return valueOf(x);
}

/** `x@y`: apply or index at the top level; `@[x;i;f;y]` amend; `@[f;x;e]` trap. */
function atN(args: Value[]): Value {
  const [x, i, f, y] = args;
  if (args.length === 3 && x instanceof Fn) return trap(() => apply1(x, i), f);
  if (args.length > 4) return qerr("rank");
  return amend(x, [i], f, args.length === 4 ? y : undefined);
}

/** `x . y`: apply with an argument list, index at depth; `.[x;i;f;y]` amend; `.[f;args;e]` trap. */
function dotApply(x: Value, y: Value): Value {
  const args = y instanceof Atom ? [y] : itemsOf(y);
  if (x instanceof Fn) return apply(x, args);
  return indexDepth(x, args);
}
function dotN(args: Value[]): Value {
  const [x, i, f, y] = args;
  if (args.length === 3 && x instanceof Fn) return trap(() => dotApply(x, i), f);
  if (args.length > 4) return qerr("rank");
  const path = i instanceof Atom ? [i] : itemsOf(i);
  return amend(x, path, f, args.length === 4 ? y : undefined);
}

/** Protected evaluation: on a BorF error, apply the handler to the error text. */
function trap(body: () => Value, handler: Value): Value {
  try {
    return body();
  } catch (e) {
    if (!(e instanceof QError)) throw e;
    const msg = new Vec(10, new TextEncoder().encode(e.qname));
    return handler instanceof Fn ? apply1(handler, msg) : handler;
  }
}

/** `x?y`: Find, or roll/deal when x is an integer count. */
function query(x: Value, y: Value): Value {
  return find(x, y);
}

/** `?[c;a;b]`: vector conditional. */
function queryN(args: Value[]): Value {
  if (args.length !== 3) return qerr("rank");
  const [c, a, b] = args;
  if (!(c instanceof Vec) || c.t !== 1) return qerr("type", "vector conditional needs booleans");
  const as = itemsOf(a), bs = itemsOf(b);
  const n = c.n;
  const out: Value[] = [];
  for (let i = 0; i < n; i++) out.push(c.a[i] ? (a instanceof Atom ? a : as[i]) : (b instanceof Atom ? b : bs[i]));
  return fromItems(out);
}

/** `x!y` with `0N!x` printing x (the debug form). */
function bang(x: Value, y: Value): Value {
  if (x instanceof Atom && x.t === -7 && x.v === NJ) {
    host.write(1, compact(y, 7));
    return y;
  }
  return makeDict(x, y);
}

/** `'[f;g]`: composition. */
function compose(f: Value, g: Value): Value {
  return new Comp([f, g]);
}

/** `~x` as not; `x~y` as match. */
function matchB(x: Value, y: Value): Value {
  return new Atom(-1, match(x, y) ? 1 : 0);
}

// ------------------------------------------------------------ tables

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
op("!", key, bang);
op("#", countOf, take);
op(",", enlist, join);
op("_", floor, drop);
op("@", typeOf, apply1, atN);
op(".", value, dotApply, dotN);
op("$", string, cast);
op("?", distinct, query, queryN);
op("'", signal, compose);
GLYPHS.set(":", ASSIGN);

function unaryKw(name: string, m: Impl1): void {
  KEYWORDS.set(name, new Prim(101, name, 1, m));
}
function binaryKw(name: string, d: Impl2): void {
  KEYWORDS.set(name, new Prim(102, name, 2, undefined, d));
}

unaryKw("not", not);
unaryKw("neg", neg);
unaryKw("til", til);
unaryKw("count", countOf);
unaryKw("first", first);
unaryKw("last", last);
unaryKw("sum", sum);
unaryKw("type", typeOf);
unaryKw("key", key);
unaryKw("value", value);
unaryKw("get", value);
unaryKw("enlist", enlist);
unaryKw("flip", flip);
unaryKw("string", string);
unaryKw("null", isNull);
unaryKw("where", where);
unaryKw("reverse", reverse);
unaryKw("distinct", distinct);
unaryKw("group", group);
unaryKw("iasc", iasc);
unaryKw("idesc", idesc);
unaryKw("asc", asc);
unaryKw("desc", desc);
unaryKw("floor", floor);
unaryKw("reciprocal", reciprocal);
unaryKw("show", (x) => {
  host.write(1, host.render(x));
  return NIL;
});
unaryKw("system", (x) => host.system(x instanceof Vec && x.t === 10 ? text(x) : qerr("type", "system needs a string")));
binaryKw("each", (f, x) => apply(new Derived(f, "'"), [x]));
binaryKw("over", (f, x) => apply(new Derived(f, "/"), [x]));
binaryKw("scan", (f, x) => apply(new Derived(f, "\\"), [x]));
binaryKw("prior", (f, x) => apply(new Derived(f, "':"), [x]));

// fast reductions and identities used by iterators
REDUCERS.set("+", sum);
IDENTITY.set("+", new Atom(-7, 0n));
IDENTITY.set("-", new Atom(-7, 0n));
IDENTITY.set("*", new Atom(-7, 1n));
IDENTITY.set("%", new Atom(-9, 1));
IDENTITY.set(",", new List([]));
IDENTITY.set("&", new Atom(-1, 1));
IDENTITY.set("|", new Atom(-1, 0));
