/**
 * Searching: Find (`x?y`) and the vector conditional `?[c;a;b]`.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { fromItems, itemsOf } from "../value/items.ts";
import { ctorOf } from "../value/types.ts";
import { Atom, count, isAtom, type Value, Vec } from "../value/value.ts";
import { isSimple, type Simple } from "./convert.ts";
import { coerce, find } from "./list.ts";
import { LESSER, resultType } from "./promote.ts";

/** `x?y`: Find, or roll/deal when x is an integer count. */
export function query(x: Value, y: Value): Value {
  return find(x, y);
}

/**
 * `?[c;a;b]`: vector conditional (reference: ref/vector-conditional.md);
 * simple `a` and `b` of different types meet in the wider type.
 */
export function queryN(args: Value[]): Value {
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
