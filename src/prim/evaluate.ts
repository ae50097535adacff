/**
 * Evaluation primitives: Signal, `value` (of names, text and parse trees),
 * `key` of names, Apply/Index/Amend/Trap in their `@` and `.` forms, the
 * `0N!x` debug print, composition; and the keywords that run or show code
 * (`value`, `key`, `show`, `system`).
 *
 * @module
 */

import { qerr, QError } from "../err/qerror.ts";
import { compact } from "../fmt/show.ts";
import { itemsOf } from "../value/items.ts";
import { NJ } from "../value/nulls.ts";
import { symName } from "../value/sym.ts";
import { Atom, Comp, Derived, Dict, Fn, List, NIL, type Prim, Proj, text, type Value, Vec } from "../value/value.ts";
import { amend, apply, apply1, indexDepth } from "./apply.ts";
import { kw1 } from "./define.ts";
import { keyOf, makeDict, valueOf } from "./dict.ts";
import { host } from "./host.ts";

/** `'x`: signal an error named by a symbol or string. */
export function signal(x: Value): never {
  if (x instanceof Atom && x.t === -11) throw new QError(symName(x.v as number));
  if (x instanceof Vec && x.t === 10) throw new QError(text(x));
  if (x instanceof Atom && x.t === -10) throw new QError(String.fromCharCode(x.v as number));
  throw new QError("stype", "signal needs a symbol or string");
}

/** `key x`; for a symbol, the keys of the dictionary or table it names (reference: ref/key.md). */
export function key(x: Value): Value {
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
export function atN(args: Value[]): Value {
  const [x, i, f, y] = args;
  if (args.length === 3 && x instanceof Fn) return trap(() => apply1(x, i), f);
  if (args.length > 4) return qerr("rank");
  return amend(x, [i], f, args.length === 4 ? y : undefined);
}

/** `x . y`: apply with an argument list, index at depth; `.[x;i;f;y]` amend; `.[f;args;e]` trap. */
export function dotApply(x: Value, y: Value): Value {
  const args = y instanceof Atom ? [y] : itemsOf(y);
  if (x instanceof Fn) return apply(x, args);
  return indexDepth(x, args);
}
export function dotN(args: Value[]): Value {
  const [x, i, f, y] = args;
  if (args.length === 3 && x instanceof Fn) return trap(() => dotApply(x, i), f);
  if (args.length > 4) return qerr("rank");
  const path = i instanceof Atom ? [i] : itemsOf(i);
  return amend(x, path, f, args.length === 4 ? y : undefined);
}

/** Protected evaluation: on a BorF error, apply the handler to the error text. */
export function trap(body: () => Value, handler: Value): Value {
  try {
    return body();
  } catch (e) {
    if (!(e instanceof QError)) throw e;
    const msg = new Vec(10, new TextEncoder().encode(e.qname));
    return handler instanceof Fn ? apply1(handler, msg) : handler;
  }
}

/** `x!y` with `0N!x` printing x (the debug form). */
export function bang(x: Value, y: Value): Value {
  if (x instanceof Atom && x.t === -7 && x.v === NJ) {
    host.write(1, compact(y, 7));
    return y;
  }
  return makeDict(x, y);
}

/** `'[f;g]`: composition. */
export function compose(f: Value, g: Value): Value {
  return new Comp([f, g]);
}

/** Keywords that evaluate or show code. */
export const EVAL_KEYWORDS: readonly Prim[] = [
  kw1("key", key),
  kw1("value", value),
  kw1("show", (x) => {
    host.write(1, host.render(x));
    return NIL;
  }),
  kw1("system", (x) => host.system(x instanceof Vec && x.t === 10 ? text(x) : qerr("type", "system needs a string"))),
];
