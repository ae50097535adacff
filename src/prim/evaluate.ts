/**
 * Evaluation primitives: Signal, `value` (of names, text, lists and
 * functions), `key` of names, Apply/Index/Amend/Trap in their `@` and `.`
 * forms (amending a global by name), Display `0N!x` and the internal
 * functions `-3!` `-5!` `-6!`, composition; and the keywords that run or
 * show code (`key`, `value`, `eval`, `parse`, `show`, `system`).
 *
 * @module
 */

import { qerr, QError } from "../err/qerror.ts";
import { keyOfPath } from "../io/files.ts";
import { evalTree, K_FORMS, lookupName, parseText } from "../eval/parsetree.ts";
import { compact } from "../fmt/show.ts";
import { itemsOf } from "../value/items.ts";
import { symName } from "../value/sym.ts";
import { Atom, Comp, Derived, Dict, Fn, List, NIL, Prim, Proj, str, text, type Value, Vec } from "../value/value.ts";
import { amend, apply, apply1, indexDepth, textOf } from "./apply.ts";
import { kw1 } from "./define.ts";
import { keyOf, makeDict, valueOf } from "./dict.ts";
import { fromBytes, toBytes } from "./fileio.ts";
import { host, tryLookup } from "./host.ts";
import { toInt } from "./list.ts";

/** `'x`: signal an error named by a symbol or string; any other value is 'stype. */
export function signal(x: Value): never {
  if (x instanceof Atom && x.t === -11) throw new QError(symName(x.v as number));
  if (x instanceof Vec && x.t === 10) throw new QError(text(x));
  throw new QError("stype", "signal needs a symbol or string");
}

/** `key x`; for a symbol, the keys of the dictionary or table it names (reference: ref/key.md). */
export function key(x: Value): Value {
  if (x instanceof Atom && x.t === -11) return keyOfName(x);
  return keyOf(x);
}

/**
 * `` key `name``: the key of a named dictionary or keyed table, the name
 * itself for another defined global, a namespace's names, else `()`; for a
 * file symbol, a directory's sorted entries, the file symbol of a file that
 * exists, else `()`.
 */
function keyOfName(x: Atom): Value {
  const name = symName(x.v as number);
  if (name.startsWith(":")) return keyOfPath(name.slice(1), x);
  const v = name === "" ? undefined : tryLookup(name);
  if (v instanceof Dict) return v.k;
  if (v !== undefined) return x;
  try {
    return host.system(`__key ${name}`);
  } catch (e) {
    if (e instanceof QError) return new List([]);
    throw e;
  }
}

/** The operators in the order of their internal codes (`value (+)` is 1). */
const OPERATOR_CODES = ":+-*%&|^=<>$,#_~!?@.";

/** `value` of an operator, its unary form, or a keyword defined as one: its internal code. */
function operatorCode(p: Prim): Value {
  const n = p.name;
  const g = n === "::" ? ":" : K_FORMS.get(n) ?? (n.length === 2 && n[1] === ":" ? n[0] : n);
  const i = g.length === 1 ? OPERATOR_CODES.indexOf(g) : -1;
  return i < 0 ? p : new Atom(-7, BigInt(i));
}

/**
 * `value x`: dictionary values, a global's value, the result of evaluating
 * text, a list applied as a parse tree (its items not evaluated), the parts
 * of a projection or composition, the function of a derived function, an
 * operator's internal code (reference: ref/value.md).
 */
export function value(x: Value): Value {
  if (x instanceof Atom && x.t === -11) return lookupName(symName(x.v as number));
  const src = textOf(x);
  if (src !== undefined) return host.evalText(src);
  if (x instanceof List) return valueList(x);
  if (x instanceof Proj) return new List([x.f, ...x.args.map((a) => a ?? NIL)]);
  if (x instanceof Comp) return new List([...x.fs]);
  if (x instanceof Derived) return x.f;
  if (x instanceof Prim) return operatorCode(x);
  return valueOf(x);
}

/**
 * A list's first item (a string or symbol is evaluated first) applied to
 * the other items as they are.
 */
function valueList(x: List): Value {
  if (x.a.length === 0) return x;
  const h = x.a[0];
  const src = textOf(h);
  const f = src !== undefined ? host.evalText(src) : h instanceof Atom && h.t === -11 ? value(h) : h;
  return apply(f, x.a.slice(1));
}

/** The global named by a symbol atom (not a file handle), or undefined for any other value. */
function globalName(x: Value): string | undefined {
  if (!(x instanceof Atom) || x.t !== -11) return undefined;
  const name = symName(x.v as number);
  return name.startsWith(":") ? qerr("nyi", "amending a file in place") : name;
}

/** Amend of a value, or of the global a symbol names (which is updated; the name is returned). */
function amendValue(x: Value, path: Value[], f: Value, y: Value | undefined): Value {
  const name = globalName(x);
  if (name === undefined) return amend(x, path, f, y);
  host.assign(name, amend(lookupName(name), path, f, y));
  return x;
}

/** `@[x;i;f;y]` amend, `@[x;i;f]` amend with a unary, `@[f;x;e]` trap (reference: ref/amend.md, ref/apply.md). */
export function atN(args: Value[]): Value {
  const [x, i, f, y] = args;
  if (args.length === 3 && x instanceof Fn) return trap(() => apply1(x, i), f);
  if (args.length > 4) return qerr("rank");
  return amendValue(x, [i], f, args.length === 4 ? y : undefined);
}

/** The argument list of Apply: the items of a list, or an atom alone. */
function argList(y: Value): Value[] {
  return y instanceof Atom ? [y] : itemsOf(y);
}

/** `x . y`: apply with an argument list, index at depth; `x . ()` is x. */
export function dotApply(x: Value, y: Value): Value {
  const args = argList(y);
  if (args.length === 0) return x;
  if (x instanceof Fn) return apply(x, args);
  return indexDepth(x, args);
}

/** `.[x;i;f;y]` amend at depth, `.[x;i;f]` amend with a unary, `.[f;args;e]` trap. */
export function dotN(args: Value[]): Value {
  const [x, i, f, y] = args;
  if (args.length === 3 && x instanceof Fn) return trap(() => dotApply(x, i), f);
  if (args.length > 4) return qerr("rank");
  return amendValue(x, argList(i), f, args.length === 4 ? y : undefined);
}

/** Protected evaluation: on a BorF error, a function handler gets the error text; another value is the result. */
export function trap(body: () => Value, handler: Value): Value {
  try {
    return body();
  } catch (e) {
    if (!(e instanceof QError)) throw e;
    return handler instanceof Fn ? apply(handler, [str(e.qname)]) : handler;
  }
}

/**
 * `x!y`: a dictionary or keyed table; `0N!x` prints x; `-3!x` its text,
 * `-5!x` parse, `-6!x` eval, `-8!x` serialize, `-9!x` deserialize.
 */
export function bang(x: Value, y: Value): Value {
  if (x instanceof Atom && (x.t === -7 || x.t === -6 || x.t === -5)) {
    const n = toInt(x);
    if (n !== n) {
      host.write(-1, compact(y, host.precision()));
      return y;
    }
    if (n === -3) return str(compact(y, host.precision()));
    if (n === -5) return parse(y);
    if (n === -6) return evalTree(y);
    if (n === -8) return toBytes(y);
    if (n === -9) return fromBytes(y);
  }
  return makeDict(x, y);
}

/** `'[f;g]`: composition. */
export function compose(f: Value, g: Value): Value {
  return new Comp([f, g]);
}

/** `parse x`: the parse tree of the string x (reference: ref/parse.md). */
export function parse(x: Value): Value {
  const src = textOf(x);
  return src === undefined ? qerr("type", "parse needs a string") : parseText(src);
}

/** `show x`: writes x as the console shows it; returns the generic null. */
export function show(x: Value): Value {
  host.write(-1, host.render(x));
  return NIL;
}

/** `system x`: runs the `\` command in the string x and returns its value. */
export function system(x: Value): Value {
  const cmd = textOf(x);
  return cmd === undefined ? qerr("type", "system needs a string") : host.system(cmd);
}

/** Keywords that evaluate or show code. */
/** `exit n`: ends the process with exit code n. */
function exit(x: Value): Value {
  if (!(x instanceof Atom) || x.t < -7 || x.t > -4) return qerr("type", "exit takes an integer code");
  host.exit(Number(x.v));
  return x;
}

/** Keywords that evaluate, inspect and show values, and `exit`. */
export const EVAL_KEYWORDS: readonly Prim[] = [
  kw1("exit", exit),
  kw1("key", key),
  kw1("value", value),
  kw1("eval", evalTree),
  kw1("parse", parse),
  kw1("show", show),
  kw1("system", system),
];
