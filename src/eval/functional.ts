/**
 * q's functional qSQL: `?[t;c;b;a]` (select and exec, with optional row
 * limit and sort arguments) and `![t;c;b;a]` (update and delete). The
 * parse trees in `c`, `b` and `a` become syntax nodes and run through the
 * same query engine as the templates, so fused aggregation, explain and
 * in-place updates of a table named by symbol behave identically.
 *
 * Reference: code.kx.com basics/funsql.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import type * as A from "../parse/ast.ts";
import { ASSIGN } from "../prim/apply.ts";
import { GLYPHS, KEYWORDS } from "../prim/verbs.ts";
import { vecItem } from "../value/items.ts";
import { symName } from "../value/sym.ts";
import { Atom, Dict, Fn, List, Prim, type Value, Vec } from "../value/value.ts";
import { compile, type Scope } from "./compile.ts";
import { compileQSql } from "./qsql.ts";

const AT = { s: 0, e: 0 };

function lit(v: Value): A.Node {
  return { k: "lit", v, ...AT };
}

/** The function in the head of a parse tree, as a node. */
function head(h: Value): A.Node {
  if (h instanceof Atom && h.t === -11) return { k: "name", name: symName(h.v as number), ...AT };
  if (h instanceof Prim && GLYPHS.get(h.name) === h) return { k: "verb", glyph: h.name, ...AT };
  if (h instanceof Prim && KEYWORDS.get(h.name) === h) return { k: "name", name: h.name, ...AT };
  return lit(h);
}

/**
 * A parse tree as a syntax node: a symbol names a column or variable, a
 * one-item list (`enlist x`) is the constant x, a list headed by a
 * function applies it, anything else is a constant.
 */
export function treeNode(x: Value): A.Node {
  if (x instanceof Atom && x.t === -11) return { k: "name", name: symName(x.v as number), ...AT };
  if (x instanceof Vec && x.t === 11 && x.n === 1) return lit(vecItem(x, 0));
  if (!(x instanceof List) || x.a.length === 0) return lit(x);
  const a = x.a;
  if (a.length === 1) return lit(a[0]);
  const h = a[0];
  if (h === ASSIGN) return qerr("nyi", "assignment inside a functional query");
  if (!(h instanceof Fn) && !(h instanceof Atom && h.t === -11)) return lit(x);
  const f = head(h);
  const args = a.slice(1).map((v) => (v instanceof Prim && v.name === "::" ? null : treeNode(v)));
  if (f.k === "verb" && h === GLYPHS.get("$") && args.length > 2) return { k: "cond", args, ...AT };
  if (args.length === 1 && args[0]) return { k: "app", f, x: args[0], ...AT };
  if (args.length === 2 && args[0] && args[1]) return { k: "dyad", f, x: args[0], y: args[1], ...AT };
  return { k: "index", f, args, ...AT };
}

/** A dictionary of names to parse trees as a column phrase. */
function phrase(d: Value, what: string): [string, A.Node][] {
  if (!(d instanceof Dict) || !(d.k instanceof Vec) || d.k.t !== 11) {
    return qerr("type", `${what} must be a dictionary of names to parse trees`);
  }
  const names = Array.from(d.k.a as Int32Array, symName);
  const trees = d.v instanceof List ? d.v.a : names.map((_, i) => (d.v instanceof Vec ? vecItem(d.v, i) : d.v));
  return names.map((n, i) => [n, treeNode(trees[i])]);
}

function isEmptyList(x: Value): boolean {
  return x instanceof List && x.a.length === 0;
}

function isBool(x: Value, v: number): boolean {
  return x instanceof Atom && x.t === -1 && x.v === v;
}

/** The where phrase: a list of constraint trees. */
function constraints(c: Value): A.Node[] {
  if (isEmptyList(c)) return [];
  if (c instanceof List) return c.a.map(treeNode);
  if (c instanceof Vec && c.n === 0) return [];
  return qerr("type", "the constraints must be a list of parse trees");
}

function symbols(x: Value): string[] {
  if (x instanceof Atom && x.t === -11) return [symName(x.v as number)];
  if (x instanceof Vec && x.t === 11) return Array.from(x.a as Int32Array, symName);
  return qerr("type", "expected symbols");
}

/** The template `?[t;c;b;a]` or `![t;c;b;a]` stands for. */
function template(glyph: "?" | "!", args: Value[]): A.QSql {
  const [t, c, b, a, ...rest] = args;
  const base: A.QSql = {
    k: "qsql",
    op: "select",
    limit: null,
    distinct: false,
    cols: [],
    by: null,
    from: lit(t),
    where: constraints(c),
    names: [],
    ...AT,
  };
  if (glyph === "!") {
    if (rest.length) return qerr("rank", "![t;c;b;a] takes four arguments");
    if (a instanceof Vec && a.t === 11) return { ...base, op: "delete", names: symbols(a) };
    if (a instanceof Atom && a.t === -11) return { ...base, op: "delete", names: symbols(a) };
    const by = isBool(b, 0) || isEmptyList(b) ? null : phrase(b, "the by phrase");
    return { ...base, op: "update", by, cols: isEmptyList(a) ? [] : phrase(a, "the columns") };
  }
  const bySyms = (b instanceof Atom && b.t === -11) || (b instanceof Vec && b.t === 11);
  const singleColumn = !(a instanceof Dict) && !isEmptyList(a);
  if (isEmptyList(b) || bySyms || singleColumn) {
    const by: [string | null, A.Node][] | null = isEmptyList(b) || isBool(b, 0)
      ? null
      : bySyms
      ? symbols(b).map((n) => [null, { k: "name", name: n, ...AT }])
      : phrase(b, "the by phrase");
    const cols: [string | null, A.Node][] = isEmptyList(a)
      ? []
      : a instanceof Dict
      ? phrase(a, "the columns")
      : [[null, treeNode(a)]];
    return { ...base, op: "exec", by, cols };
  }
  if (rest.length > 2) return qerr("rank", "?[t;c;b;a;n;(g;cn)] takes at most six arguments");
  const limit: (A.Node | null)[] | null = rest.length ? [lit(rest[0])] : null;
  if (rest.length === 2) limit!.push(sortNode(rest[1]));
  return {
    ...base,
    distinct: isBool(b, 1),
    by: isBool(b, 0) || isBool(b, 1) ? null : phrase(b, "the by phrase"),
    cols: isEmptyList(a) ? [] : phrase(a, "the columns"),
    limit,
  };
}

/** `(g;cn)`: sort by column cn ascending (`<` or `iasc`) or descending (`>` or `idesc`). */
function sortNode(arg: Value): A.Node {
  // (g;cn), or enlisted as parse gives it: ,(<:;`c)
  const x = arg instanceof List && arg.a.length === 1 ? arg.a[0] : arg;
  if (!(x instanceof List) || x.a.length !== 2) return qerr("type", "the sort argument is (g;cn)");
  const g = x.a[0], cn = symbols(x.a[1])[0];
  const name = g instanceof Prim ? g.name : "";
  const desc = name === ">" || name === ">:" || name === "idesc";
  return { k: "app", f: { k: "verb", glyph: desc ? ">" : "<", ...AT }, x: { k: "name", name: cn, ...AT }, ...AT };
}

/** `?[t;i;p]`: parse tree `p` evaluated over the rows `i` of table `t` (a simple exec). */
function simpleExec([t, i, p]: Value[]): A.QSql {
  const rows: A.Node = { k: "index", f: lit(t), args: [lit(i)], ...AT };
  return {
    k: "qsql",
    op: "exec",
    limit: null,
    distinct: false,
    cols: [[null, treeNode(p)]],
    by: null,
    from: rows,
    where: [],
    names: [],
    ...AT,
  };
}

/** Runs `?[t;c;b;a…]`, `?[t;i;p]` or `![t;c;b;a]` in scope `sc`. */
export function functionalQuery(glyph: "?" | "!", args: Value[], sc: Scope): Value {
  const q = glyph === "?" && args.length === 3
    ? simpleExec(args)
    : args.length >= 4
    ? template(glyph, args)
    : qerr("rank", `${glyph}[t;c;b;a] takes four arguments`);
  return compileQSql(q, sc, compile)({ vars: [], ret: false });
}
