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
import { ctorOf } from "../value/types.ts";
import { symName } from "../value/sym.ts";
import {
  Atom,
  Comp,
  count,
  Derived,
  Dict,
  Fn,
  type Impl1,
  type Impl2,
  type ImplN,
  isAtom,
  List,
  NIL,
  Prim,
  Proj,
  text,
  type Value,
  Vec,
} from "../value/value.ts";
import { sum } from "./agg.ts";
import { amend, apply, apply1, ASSIGN, indexDepth } from "./apply.ts";
import { add, divide, floor, multiply, neg, reciprocal, subtract } from "./arith.ts";
import { cast, string } from "./cast.ts";
import { isSimple, type Simple } from "./convert.ts";
import { LESSER, resultType } from "./promote.ts";
import { equal, greater, greaterEq, greaterOf, less, lessEq, lesser, not, notEqual } from "./compare.ts";
import { flip, keyOf, makeDict, typeOf, valueOf } from "./dict.ts";
import { host } from "./host.ts";
import { get, getRow, insert, put, set, upsert } from "./persist.ts";
import { FLOAT_FUNCTIONS } from "./math.ts";
import { except, inOp, inter, union } from "./sets.ts";
import {
  coerce,
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

/** `'x`: signal an error named by a symbol or string. */
export function signal(x: Value): never {
  if (x instanceof Atom && x.t === -11) throw new QError(symName(x.v as number));
  if (x instanceof Vec && x.t === 10) throw new QError(text(x));
  if (x instanceof Atom && x.t === -10) throw new QError(String.fromCharCode(x.v as number));
  throw new QError("stype", "signal needs a symbol or string");
}

/** `key x`; for a symbol, the keys of the dictionary or table it names (reference: ref/key.md). */
function key(x: Value): Value {
  if (x instanceof Atom && x.t === -11) return keyOfName(x);
  return keyOf(x);
}

/**
 * `` key `name``: the key of a named dictionary or keyed table, the name
 * itself for another defined global, a namespace's names, else `()`.
 */
function keyOfName(x: Atom): Value {
  const name = symName(x.v as number);
  const v = name === "" ? undefined : lookupOrUndefined(name);
  if (v instanceof Dict) return v.k;
  if (v !== undefined) return x;
  try {
    return host.system(`__key ${name}`);
  } catch (e) {
    if (e instanceof QError) return new List([]);
    throw e;
  }
}

function lookupOrUndefined(name: string): Value | undefined {
  try {
    return host.lookup(name);
  } catch (e) {
    if (e instanceof QError) return undefined;
    throw e;
  }
}

/**
 * `value x`: dictionary values, a global's value, the result of evaluating
 * text or a parse tree, the parts of a projection or composition, the
 * function of a derived function (reference: ref/value.md).
 */
export function value(x: Value): Value {
  if (x instanceof Atom && x.t === -11) return host.lookup(symName(x.v as number));
  if (x instanceof Vec && x.t === 10) return host.evalText(text(x));
  if (x instanceof Atom && x.t === -10) return host.evalText(String.fromCharCode(x.v as number));
  if (x instanceof List) return evalTree(x);
  if (x instanceof Proj) return new List([x.f, ...x.args.map((a) => a ?? NIL)]);
  if (x instanceof Comp) return new List([...x.fs]);
  if (x instanceof Derived) return x.f;
  return valueOf(x);
}

/**
 * Evaluates a parse tree: a list whose first item is a function (or a
 * string or symbol naming one) applied to the evaluated other items.
 * Symbols among the arguments are names of globals.
 */
function evalTree(x: List): Value {
  if (x.a.length === 0) return x;
  const h = x.a[0];
  const f = h instanceof Vec && h.t === 10 ? host.evalText(text(h)) : h instanceof Atom && h.t === -11 ? value(h) : h;
  if (!(f instanceof Fn)) return x;
  return apply(f, x.a.slice(1).map(evalArg));
}

function evalArg(v: Value): Value {
  if (v instanceof Atom && v.t === -11) return host.lookup(symName(v.v as number));
  if (v instanceof List && v.a.length > 0 && v.a[0] instanceof Fn) return evalTree(v);
  return v;
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

/**
 * `?[c;a;b]`: vector conditional (reference: ref/vector-conditional.md);
 * simple `a` and `b` of different types meet in the wider type.
 */
function queryN(args: Value[]): Value {
  if (args.length !== 3) return qerr("rank");
  const [c, a, b] = args;
  if (c instanceof Atom && c.t === -1) return c.v ? a : b;
  if (!(c instanceof Vec) || c.t !== 1) return qerr("type", "vector conditional needs booleans");
  const n = c.n;
  if ((!isAtom(a) && count(a) !== n) || (!isAtom(b) && count(b) !== n)) return qerr("length");
  const mask = c.a as Uint8Array;
  if ((a instanceof Vec || b instanceof Vec) && isSimple(a) && isSimple(b)) {
    const ta = Math.abs(a.t), tb = Math.abs(b.t);
    const t = ta === tb ? ta : resultType(LESSER, ta, tb);
    if (t > 0 && t !== 2) return choose(t, mask, coerce(a, t), coerce(b, t));
  }
  const as = itemsOf(a), bs = itemsOf(b);
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) out[i] = mask[i] ? (isAtom(a) ? a : as[i]) : (isAtom(b) ? b : bs[i]);
  return fromItems(out);
}

/** Items of `a` where the mask is set, else of `b` (simple values of one type `t`). */
function choose(t: number, mask: Uint8Array, a: Simple, b: Simple): Vec {
  const n = mask.length;
  const r = new (ctorOf(t))(n) as Int32Array;
  const av = a instanceof Vec ? a.a as Int32Array : null, bv = b instanceof Vec ? b.a as Int32Array : null;
  const as = a instanceof Atom ? a.v as number : 0, bs = b instanceof Atom ? b.v as number : 0;
  for (let i = 0; i < n; i++) r[i] = mask[i] ? (av ? av[i] : as) : (bv ? bv[i] : bs);
  return new Vec(t, r);
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
KEYWORDS.set("get", new Prim(101, "get", 1, get, getRow));
KEYWORDS.set("enlist", new Prim(101, "enlist", 1, enlist, (x, y) => fromItems([x, y]), fromItems));
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
for (const [name, f] of Object.entries(FLOAT_FUNCTIONS)) unaryKw(name, f);
binaryKw("set", set);
binaryKw("upsert", upsert);
binaryKw("insert", insert);
binaryKw("put", put);
binaryKw("in", inOp);
binaryKw("except", except);
binaryKw("inter", inter);
binaryKw("union", union);
binaryKw("and", lesser);
binaryKw("or", greaterOf);
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
