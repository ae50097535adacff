/**
 * q parse trees: `parse` turns BorF source into the values q's parser
 * produces, and `eval` runs such values (reference: basics/parsetrees.md,
 * ref/parse.md, ref/eval.md).
 *
 * A parse tree is a constant, a symbol naming a variable, or a general list
 * whose first item is applied to the others (all evaluated first, right to
 * left). A one-item list quotes its item, so a symbol constant is
 * enlisted (`` ,`a ``, `` ,`a`b ``). Keywords that q defines as k primitives appear in
 * their k form (`count` is `#:`); qSQL templates become their functional
 * form (`?[t;c;b;a]`, `![t;c;b;a]`).
 *
 * @module
 */

import { match } from "ts-pattern";
import { qerr } from "../err/qerror.ts";
import type * as A from "../parse/ast.ts";
import { parse } from "../parse/parser.ts";
import { amend, apply, ASSIGN } from "../prim/apply.ts";
import { host } from "../prim/host.ts";
import { ITERATOR_GLYPHS } from "../prim/iterate.ts";
import { GLYPHS, KEYWORDS, UNARY_FORMS } from "../prim/verbs.ts";
import { fromItems, vecItem } from "../value/items.ts";
import { intern, symName } from "../value/sym.ts";
import { Atom, Dict, List, NIL, Prim, str, syms, type Value, Vec } from "../value/value.ts";
import { autoName } from "./qsql.ts";

/** Keywords that q defines as the unary form of an operator (`.q.count` is `#:`), by name. */
export const K_FORMS: ReadonlyMap<string, string> = new Map([
  ["neg", "-"],
  ["not", "~"],
  ["null", "^"],
  ["string", "$"],
  ["reciprocal", "%"],
  ["floor", "_"],
  ["count", "#"],
  ["first", "*"],
  ["flip", "+"],
  ["type", "@"],
  ["key", "!"],
  ["value", "."],
  ["get", "."],
  ["where", "&"],
  ["reverse", "|"],
  ["distinct", "?"],
  ["group", "="],
  ["iasc", "<"],
  ["idesc", ">"],
]);

/** An elided argument (`f[;1]`): shown as `::`, evaluated as a hole that makes a projection. */
export const HOLE: Prim = new Prim(101, "::", 1, (x) => x);

/** The char atom heading a tree of several statements (`";"`). */
const SEQ = new Atom(-10, 59);

/** Control words, which heads of trees name as symbols. */
const CONTROL = new Set(["if", "do", "while"]);

// ------------------------------------------------------------------ parse

/** `parse x`: the parse tree of the source text x (several statements are headed by `";"`). */
export function parseText(src: string): Value {
  const stmts = parse(src);
  if (stmts.length === 0) return NIL;
  if (stmts.length === 1) return tree(stmts[0]);
  return new List([SEQ, ...stmts.map(tree)]);
}

/** A symbol atom. */
function sym(name: string): Atom {
  return new Atom(-11, intern(name));
}

/** A general list (never collapsed: trees keep their shape). */
function node(items: Value[]): List {
  return new List(items);
}

/** The function value of an operator glyph; its unary form when `unary`. */
function glyph(g: string, unary = false): Value {
  return (unary ? UNARY_FORMS : GLYPHS).get(g) ?? qerr("nyi", `${g} in a parse tree`);
}

/** A name: a keyword as its function (k form where q has one), another name as a symbol. */
function nameTree(name: string): Value {
  const k = K_FORMS.get(name);
  if (k !== undefined) return glyph(k, true);
  return KEYWORDS.get(name) ?? sym(name);
}

/** A constant: symbols are enlisted so they are not taken for names. */
function constant(v: Value): Value {
  if (v instanceof Atom && v.t === -11 || v instanceof Vec && v.t === 11) return fromItems([v]);
  return v;
}

function trees(ns: readonly (A.Node | null)[]): Value[] {
  return ns.map((n) => (n === null ? HOLE : tree(n)));
}

/** The parse tree of one AST node. */
export function tree(n: A.Node): Value {
  return match(n)
    .with({ k: "lit" }, (n) => constant(n.v))
    .with({ k: "name" }, (n) => nameTree(n.name))
    .with({ k: "verb" }, (n) => glyph(n.glyph))
    .with({ k: "unary" }, (n) => glyph(n.glyph, true))
    .with({ k: "nil" }, () => NIL)
    .with({ k: "colon" }, () => ASSIGN)
    .with({ k: "adverb" }, (n) => node([ITERATOR_GLYPHS.get(n.glyph)!, tree(n.f)]))
    .with(
      { k: "index" },
      (n) => node([tree(n.f), ...(n.args.length === 1 && n.args[0] === null ? [NIL] : trees(n.args))]),
    )
    .with({ k: "app" }, (n) => node([n.f.k === "verb" ? glyph(n.f.glyph, true) : tree(n.f), tree(n.x)]))
    .with({ k: "dyad" }, (n) => node([tree(n.f), tree(n.x), tree(n.y)]))
    .with({ k: "proj" }, (n) => node([tree(n.f), tree(n.x)]))
    .with({ k: "comp" }, (n) => n.fs.map(tree).reduceRight((g, f) => node([glyph("'"), f, g])))
    .with(
      { k: "list" },
      (n) => (n.items.length === 0 ? new List([]) : node([KEYWORDS.get("enlist")!, ...trees(n.items)])),
    )
    .with({ k: "lambda" }, (n) => host.evalText(n.src))
    .with({ k: "assign" }, (n) => assignTree(n))
    .with({ k: "ret" }, (n) => node([ASSIGN, tree(n.x)]))
    .with({ k: "cond" }, (n) => node([glyph("$"), ...trees(n.args)]))
    .with({ k: "ctrl" }, (n) => node([sym(n.word), ...trees(n.args)]))
    .with({ k: "table" }, (n) => tableTree(n))
    .with({ k: "qsql" }, (n) => qsqlTree(n))
    .with({ k: "sys" }, (n) => node([KEYWORDS.get("system")!, str(n.cmd)]))
    .with({ k: "seq" }, (n) => node([SEQ, ...trees(n.items)]))
    .exhaustive();
}

/** `a:v` is `(:;`a;v)`, `a[i]:v` is `(:;(`a;i);v)`, `a+:v` is `(:;`a;(+;`a;v))`. */
function assignTree(n: A.Assign): Value {
  const target = n.idx ? node([sym(n.name), ...trees(n.idx)]) : sym(n.name);
  const value = n.op === null ? tree(n.value) : node([nameOrGlyph(n.op), target, tree(n.value)]);
  return node([ASSIGN, target, value]);
}

function nameOrGlyph(op: string): Value {
  return GLYPHS.has(op) ? glyph(op) : nameTree(op);
}

/** `([k:…] c:…)` is `flip` of a column dictionary, keyed by `!` when it has key columns. */
function tableTree(n: A.TableNode): Value {
  const flipped = (cols: [string, A.Node][]) =>
    node([
      glyph("+", true),
      node([
        glyph("!"),
        node([syms(cols.map(([c]) => c))]),
        node([KEYWORDS.get("enlist")!, ...cols.map(([, e]) => tree(e))]),
      ]),
    ]);
  return n.keys.length ? node([glyph("!"), flipped(n.keys), flipped(n.cols)]) : flipped(n.cols);
}

/** A qSQL phrase as a dictionary of names to trees, or `empty` when there is none. */
function phrase(cols: readonly [string | null, A.Node][] | null, empty: Value): Value {
  if (cols === null || cols.length === 0) return empty;
  return new Dict(syms(cols.map(([c, e]) => c ?? autoName(e))), fromItems(cols.map(([, e]) => tree(e))));
}

/** select/exec as `(?;t;c;b;a)`, update/delete as `(!;t;c;b;a)` (reference: basics/funsql.md). */
function qsqlTree(n: A.QSql): Value {
  const where = n.where.length ? node([node(n.where.map(tree))]) : new List([]);
  const from = tree(n.from);
  const no = new Atom(-1, 0);
  if (n.op === "delete") {
    const names = syms(n.names);
    return node([glyph("!"), from, where, no, names]);
  }
  const by = n.by === null ? (n.op === "exec" ? new List([]) : no) : phrase(n.by, no);
  const cols = phrase(n.cols, new List([]));
  const head = n.op === "update" ? glyph("!") : glyph("?");
  // select[n;<c]: the sort is the one-item list ,(<:;`c)
  const limit = n.limit ? n.limit.map((e, j) => (j === 1 && e ? new List([tree(e)]) : e ? tree(e) : NIL)) : [];
  return node([head, from, where, n.distinct ? new Atom(-1, 1) : by, cols, ...limit]);
}

// ------------------------------------------------------------------ eval

/** The value of a name as a parse tree sees it (`` `.q.neg`` is the keyword). */
export function lookupName(name: string): Value {
  if (name.startsWith(".q.")) {
    const k = KEYWORDS.get(name.slice(3));
    if (k) return k;
  }
  return host.lookup(name);
}

/** `eval x`: evaluates a parse tree (reference: ref/eval.md). */
export function evalTree(x: Value): Value {
  if (x instanceof Atom && x.t === -11) return lookupName(symName(x.v as number));
  if (x instanceof Vec && x.t === 11 && x.n === 1) return vecItem(x, 0);
  if (!(x instanceof List) || x.a.length === 0) return x;
  const a = x.a;
  if (a.length === 1) return a[0];
  const h = a[0];
  if (h === ASSIGN) return evalAssign(a);
  if (h === GLYPHS.get("$") && a.length > 3) return evalCond(a);
  if (h instanceof Atom && h.t === -10 && h.v === SEQ.v) return evalSeq(a);
  if (h instanceof Atom && h.t === -11 && CONTROL.has(symName(h.v as number))) {
    return evalControl(symName(h.v as number), a);
  }
  const args = new Array<Value | undefined>(a.length - 1);
  for (let i = a.length - 1; i >= 1; i--) args[i - 1] = a[i] === HOLE ? undefined : evalTree(a[i]);
  return apply(evalTree(h), args);
}

/** `(:;x)` returns x; `(:;`a;v)` assigns global a; `(:;(`a;i…);v)` amends it at i. */
function evalAssign(a: Value[]): Value {
  if (a.length === 2) return evalTree(a[1]);
  if (a.length !== 3) return qerr("rank");
  const v = evalTree(a[2]);
  const target = a[1];
  if (target instanceof Atom && target.t === -11) {
    host.assign(symName(target.v as number), v);
    return v;
  }
  const path = target instanceof List ? target.a : [];
  const name = path[0];
  if (!(name instanceof Atom && name.t === -11)) return qerr("type", "an assignment needs a name");
  const idx = path.slice(1).map((i) => (i === HOLE ? NIL : evalTree(i)));
  const n = symName(name.v as number);
  host.assign(n, amend(lookupName(n), idx, ASSIGN, v));
  return v;
}

/** `($;c;t;…;f)`: only the branch chosen is evaluated. */
function evalCond(a: Value[]): Value {
  let i = 1;
  for (; i + 1 < a.length; i += 2) if (truth(evalTree(a[i]))) return evalTree(a[i + 1]);
  return i < a.length ? evalTree(a[i]) : NIL;
}

function evalSeq(a: Value[]): Value {
  let v: Value = NIL;
  for (let i = 1; i < a.length; i++) v = evalTree(a[i]);
  return v;
}

/** `(`if;c;…)`, `(`do;n;…)`, `(`while;c;…)`: control words, whose value is the generic null. */
function evalControl(word: string, a: Value[]): Value {
  const body = () => a.slice(2).forEach(evalTree);
  if (word === "if") {
    if (truth(evalTree(a[1]))) body();
  } else if (word === "do") {
    const n = evalTree(a[1]);
    for (let i = 0, k = Number((n as Atom).v); i < k; i++) body();
  } else while (truth(evalTree(a[1]))) body();
  return NIL;
}

function truth(v: Value): boolean {
  if (!(v instanceof Atom) || v.v instanceof Uint8Array) return qerr("type", "a condition must be an atom");
  return typeof v.v === "bigint" ? v.v !== 0n : v.v !== 0;
}
