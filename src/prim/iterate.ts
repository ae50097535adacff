/**
 * Iterators: Each `'`, Over `/`, Scan `\`, Each Prior `':`, Each Right
 * `/:`, Each Left `\:` — the application of derived functions, with q's
 * forms: map, reduce (with and without seed), converge, do, while, and
 * Case (`'` on an integer list). Reductions by operators (sum, product,
 * min, max, raze) run as vector kernels.
 *
 * Loops whose length the program decides (converge, do, while) honour a
 * time limit, as q's `\T` does: past it they signal `'stop`.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { emptyLike, fromItems, itemsOf, nullAtom } from "../value/items.ts";
import { Atom, count, Derived, Dict, Fn, ITERATORS, List, Prim, Table, type Value, Vec } from "../value/value.ts";
import { apply } from "./apply.ts";
import { match } from "./match.ts";
import { kw2 } from "./define.ts";

/** Fast reductions for operators, used by `f/` when a vector is reduced. */
export const REDUCERS = new Map<string, (x: Value) => Value>();
/** Identity elements for `f':` and reductions of empty lists. */
export const IDENTITY = new Map<string, Value>();

function isList(x: Value): boolean {
  return x.t >= 0 && x.t < 100;
}

let deadline = Infinity;

/** Sets a time limit of `ms` milliseconds from now on evaluation loops; 0 removes it. */
export function setTimeLimit(ms: number): void {
  deadline = ms > 0 ? performance.now() + ms : Infinity;
}

/** Signals `'stop` once the time limit is past; called on each turn of a program-controlled loop. */
export function checkTime(): void {
  if (deadline !== Infinity && performance.now() > deadline) qerr("stop", "time limit reached");
}

/**
 * The rank an accumulator sees in its value: a function derived by an
 * accumulator or Each Prior counts as unary (`(,/) over x` converges), a
 * matrix as binary (a finite-state machine), any other list or dictionary
 * as unary.
 */
function valence(f: Value): number {
  if (f instanceof Derived && (f.glyph === "/" || f.glyph === "\\" || f.glyph === "':")) return 1;
  if (f instanceof Fn) return f.rank;
  return f instanceof List && f.a.length > 0 && isList(f.a[0]) ? 2 : 1;
}

/** Applies a derived function to its arguments. */
export function derivedApply(d: Derived, args: Value[]): Value {
  const f = d.f;
  switch (d.glyph) {
    case "'":
      return each(f, args);
    case "/":
      return over(f, args, false);
    case "\\":
      return over(f, args, true);
    case "':":
      // on a unary value ': is Each Parallel, which BorF runs as Each
      return f instanceof Fn && f.rank === 1 ? each(f, args) : eachPrior(f, args);
    case "/:":
      if (args.length !== 2) return qerr("rank", "each-right takes 2 arguments");
      return mapItems(args[1], (y) => apply(f, [args[0], y]));
    case "\\:":
      if (args.length !== 2) return qerr("rank", "each-left takes 2 arguments");
      return mapItems(args[0], (x) => apply(f, [x, args[1]]));
  }
  return qerr("nyi");
}

/** Maps over the items of a list or the values of a dictionary. */
function mapItems(x: Value, fn: (v: Value) => Value): Value {
  if (x instanceof Dict) return new Dict(x.k, mapItems(x.v, fn));
  if (!isList(x) && !(x instanceof Table)) return fn(x);
  return fromItems(itemsOf(x).map(fn));
}

/** `f'[x;y;…]`: apply f to corresponding items (atoms extend); Case when f is a list of ints. */
export function each(f: Value, args: Value[]): Value {
  if (!(f instanceof Fn) && f instanceof Vec && f.t >= 5 && f.t <= 7) return caseOf(f, args);
  if (args.length === 1) return mapItems(args[0], (x) => apply(f, [x]));
  let n = -1;
  let dictKeys: Value | undefined;
  for (const a of args) {
    if (a instanceof Dict) dictKeys ??= a.k;
    if (isList(a) || a instanceof Table || a instanceof Dict) {
      const m = count(a);
      if (n >= 0 && m !== n) return qerr("length", `each needs arguments of equal count (${n} and ${m})`);
      n = m;
    }
  }
  if (n < 0) return apply(f, args);
  const cols = args.map((
    a,
  ) => (isList(a) || a instanceof Table || a instanceof Dict ? itemsOf(a instanceof Dict ? a.v : a) : null));
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) out[i] = apply(f, args.map((a, k) => (cols[k] ? cols[k]![i] : a)));
  const r = fromItems(out);
  return dictKeys ? new Dict(dictKeys, r) : r;
}

function caseOf(sel: Vec, args: Value[]): Value {
  const idx = itemsOf(sel).map((a) => Number((a as Atom).v));
  const n = idx.length;
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) {
    const src = args[idx[i]];
    if (src === undefined) return qerr("index");
    out[i] = isList(src) ? itemsOf(src)[i] : src;
  }
  return fromItems(out);
}

/** Over (`scan` = false) and Scan (`scan` = true). */
function over(f: Value, args: Value[], scan: boolean): Value {
  if (valence(f) === 1) {
    if (args.length === 1) return converge(f, args[0], scan);
    if (args.length === 2) return repeat(f, args[0], args[1], scan);
    return qerr("rank");
  }
  if (args.length === 1) return reduce(f, args[0], scan);
  if (args.length === 2) return fold(f, args[0], args[1], scan);
  return foldN(f, args[0], args.slice(1), scan);
}

function converge(f: Value, x: Value, scan: boolean): Value {
  const seen: Value[] = [x];
  let prev = x;
  for (;;) {
    checkTime();
    const next = apply(f, [prev]);
    if (match(next, prev) || match(next, x)) break;
    if (scan) seen.push(next);
    prev = next;
  }
  return scan ? fromItems(seen) : prev;
}

function repeat(f: Value, n: Value, x: Value, scan: boolean): Value {
  const seen: Value[] = [x];
  let v = x;
  if (n instanceof Atom && (n.t === -7 || n.t === -6 || n.t === -5)) {
    const k = Number(n.v);
    if (k < 0) return qerr("domain");
    for (let i = 0; i < k; i++) {
      checkTime();
      v = apply(f, [v]);
      if (scan) seen.push(v);
    }
  } else if (!(n instanceof Atom)) {
    for (;;) {
      checkTime();
      const c = apply(n, [v]);
      if (!(c instanceof Atom) || !c.v) break;
      v = apply(f, [v]);
      if (scan) seen.push(v);
    }
  } else return qerr("type", "do/while needs a count or a condition");
  return scan ? fromItems(seen) : v;
}

function reduce(f: Value, x: Value, scan: boolean): Value {
  if (!scan && f instanceof Prim && x instanceof Vec) {
    const fast = REDUCERS.get(f.name);
    if (fast) return fast(x);
  }
  if (x instanceof Dict) {
    const r = reduce(f, x.v, scan);
    return scan ? new Dict(x.k, r) : r;
  }
  if (!isList(x)) return x;
  const items = itemsOf(x);
  if (items.length === 0) return f instanceof Prim ? emptyPrimReduce(f, x, scan) : emptyReduce(f, scan);
  let acc = items[0];
  const out = scan ? [acc] : [];
  for (let i = 1; i < items.length; i++) {
    acc = apply(f, [acc, items[i]]);
    if (scan) out.push(acc);
  }
  return scan ? fromItems(out) : acc;
}

/** An operator over or scanned on an empty list: its identity element, else a null of the list's type. */
function emptyPrimReduce(f: Prim, x: Value, scan: boolean): Value {
  if (scan) return x;
  return IDENTITY.get(f.name) ?? (x instanceof Vec ? nullAtom(x.t) : x);
}

/**
 * Any other value over or scanned on an empty list, without evaluating it
 * (accumulators.md#empty-lists): `()`, or for Over on a list value an empty
 * list of its type.
 */
function emptyReduce(f: Value, scan: boolean): Value {
  return !scan && !(f instanceof Fn) ? emptyLike(f) : new List([]);
}

function fold(f: Value, seed: Value, x: Value, scan: boolean): Value {
  if (x instanceof Dict) {
    const r = fold(f, seed, x.v, scan);
    return scan ? new Dict(x.k, r) : r;
  }
  const items = isList(x) ? itemsOf(x) : [x];
  let acc = seed;
  const out: Value[] = [];
  for (const item of items) {
    acc = apply(f, [acc, item]);
    if (scan) out.push(acc);
  }
  return scan ? fromItems(out) : acc;
}

function foldN(f: Value, seed: Value, lists: Value[], scan: boolean): Value {
  let n = -1;
  for (const l of lists) {
    if (isList(l)) {
      const m = count(l);
      if (n >= 0 && m !== n) return qerr("length");
      n = m;
    }
  }
  if (n < 0) n = 1;
  const cols = lists.map((l) => (isList(l) ? itemsOf(l) : null));
  let acc = seed;
  const out: Value[] = [];
  for (let i = 0; i < n; i++) {
    acc = apply(f, [acc, ...lists.map((l, k) => (cols[k] ? cols[k]![i] : l))]);
    if (scan) out.push(acc);
  }
  return scan ? fromItems(out) : acc;
}

/** `f':[x]` and `x f': y`: f between each item and the one before it. */
function eachPrior(f: Value, args: Value[]): Value {
  const y = args.length === 2 ? args[1] : args[0];
  if (y instanceof Dict) {
    const r = eachPrior(f, args.length === 2 ? [args[0], y.v] : [y.v]);
    return new Dict(y.k, r);
  }
  if (args.length > 2) return qerr("rank");
  const items = itemsOf(y);
  if (items.length === 0) return y;
  let seed: Value | undefined = args.length === 2 ? args[0] : f instanceof Prim ? IDENTITY.get(f.name) : undefined;
  if (seed === undefined) seed = y instanceof Vec ? nullAtom(y.t) : new List([]);
  const out = new Array<Value>(items.length);
  out[0] = apply(f, [items[0], seed]);
  for (let i = 1; i < items.length; i++) out[i] = apply(f, [items[i], items[i - 1]]);
  return fromItems(out);
}

/**
 * The iterators as values, as parse trees hold them (`(/;+)` is `+/`):
 * each applied to a value derives the function.
 */
export const ITERATOR_GLYPHS: ReadonlyMap<string, Prim> = new Map(
  Object.keys(ITERATORS).map((g) => [g, new Prim(101, g, 1, (f) => new Derived(f, g))]),
);

/** `f each x`: f applied to each item of x. */
function mapEach(f: Value, x: Value): Value {
  return apply(new Derived(f, "'"), [x]);
}

/** The iterator keywords: `f each x`, `f peach x` (run as each), `f over x`, `f scan x`, `f prior x`. */
export const ITERATOR_KEYWORDS: readonly Prim[] = [
  kw2("each", mapEach),
  kw2("peach", mapEach),
  kw2("over", (f, x) => apply(new Derived(f, "/"), [x])),
  kw2("scan", (f, x) => apply(new Derived(f, "\\"), [x])),
  kw2("prior", (f, x) => apply(new Derived(f, "':"), [x])),
];
