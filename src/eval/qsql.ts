/**
 * qSQL templates (`select`, `exec`, `update`, `delete`) over in-memory
 * tables: where-constraints narrow a row index left to right, `by` groups
 * rows by the values of its expressions, column expressions see the
 * table's columns (and the virtual column `i`) as names.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import type * as A from "../parse/ast.ts";
import { INFIX_KEYWORDS } from "../parse/parser.ts";
import { amend, ASSIGN } from "../prim/apply.ts";
import { KEYWORDS } from "../prim/verbs.ts";
import { asF64 } from "../prim/convert.ts";
import { makeTable, unkey } from "../prim/dict.ts";
import { distinct, gather, longVec, take, where } from "../prim/list.ts";
import { itemKeys } from "../prim/match.ts";
import { gradeDown, gradeUp } from "../prim/sort.ts";
import { fromItems, itemsOf, nullAtom } from "../value/items.ts";
import { intern as internName, symName } from "../value/sym.ts";
import { Atom, count, Dict, isKeyed, List, Table, type Value, Vec } from "../value/value.ts";
import type { Code, Frame, Scope } from "./compile.ts";

/** The rows a phrase currently sees: the table and the selected row indices. */
interface RowContext {
  table: Table;
  idx: Float64Array | null;
  cache: Map<string, Value>;
}

const stack: RowContext[] = [];

function column(ctx: RowContext, name: string): Value | undefined {
  const hit = ctx.cache.get(name);
  if (hit) return hit;
  let v: Value | undefined;
  if (name === "i") {
    const n = ctx.idx ? ctx.idx.length : count(ctx.table);
    const ids = new Float64Array(n);
    for (let k = 0; k < n; k++) ids[k] = ctx.idx ? ctx.idx[k] : k;
    v = longVec(ids);
    if (ctx.table.cols.includes("i")) v = undefined;
  }
  const j = ctx.table.cols.indexOf(name);
  if (j >= 0) v = ctx.idx ? gather(ctx.table.data[j], ctx.idx) : ctx.table.data[j];
  if (v) ctx.cache.set(name, v);
  return v;
}

/** Names resolve to columns of the innermost running query first. */
class ColumnScope extends Map<string, Code> {
  constructor(private readonly base: Scope, private readonly compileFn: (n: A.Node, sc: Scope) => Code) {
    super();
  }
  override get(name: string): Code {
    const fallback = this.compileFn({ k: "name", name, s: 0, e: 0 }, this.base);
    return (fr: Frame) => {
      const ctx = stack[stack.length - 1];
      const v = ctx ? column(ctx, name) : undefined;
      return v ?? fallback(fr);
    };
  }
  override has(): boolean {
    return true;
  }
}

/** Evaluates `code` with the columns of `ctx` in scope. */
function within(ctx: RowContext, code: Code, fr: Frame): Value {
  stack.push(ctx);
  try {
    return code(fr);
  } finally {
    stack.pop();
  }
}

/** The name q gives an unnamed column: the first name in its expression. */
function autoName(n: A.Node): string {
  let found: string | undefined;
  const walk = (m: unknown): void => {
    if (found || typeof m !== "object" || m === null) return;
    const node = m as A.Node;
    if (node.k === "name" && !KEYWORDS.has(node.name) && !INFIX_KEYWORDS.has(node.name)) {
      found = node.name.split(".").pop();
      return;
    }
    for (const key of Object.keys(node)) {
      const v = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(v)) v.forEach(walk);
      else walk(v);
    }
  };
  walk(n);
  return found ?? "x";
}

type Compiled = [string, Code][];

/** Compiles a qSQL template. */
export function compileQSql(n: A.QSql, sc: Scope, compileFn: (n: A.Node | null, sc: Scope) => Code): Code {
  const inner: Scope = { ...sc, columns: new ColumnScope(sc, compileFn as (n: A.Node, sc: Scope) => Code) };
  const from = compileFn(n.from, sc);
  const wheres = n.where.map((w) => compileFn(w, inner));
  const cols: Compiled = n.cols.map(([nm, e]) => [nm ?? autoName(e), compileFn(e, inner)]);
  const by: Compiled | null = n.by ? n.by.map(([nm, e]) => [nm ?? autoName(e), compileFn(e, inner)]) : null;
  const limit = n.limit ? n.limit.map((e) => (e === null ? null : e)) : null;
  const limitCodes = limit ? limit.map((e) => (e === null ? null : compileFn(e, sc))) : null;
  const sortCols = limit
    ? limit.map((
      e,
    ) => (e && e.k === "app" && e.f.k === "verb" && (e.f.glyph === "<" || e.f.glyph === ">") && e.x.k === "name"
      ? { desc: e.f.glyph === ">", col: e.x.name }
      : null)
    )
    : null;

  return (fr) => {
    const src = from(fr);
    const target = src instanceof Atom && src.t === -11 ? symName(src.v as number) : null;
    const tv = target ? sc.globals.get(target, sc.ns) : src;
    const wasKeyed = isKeyed(tv);
    const table = wasKeyed ? unkey(tv as Dict) : tv;
    if (!(table instanceof Table)) return qerr("type", "qSQL needs a table after from");
    // where: each constraint narrows the rows the next one sees
    let idx: Float64Array | null = null;
    for (const w of wheres) {
      const ctx: RowContext = { table, idx, cache: new Map() };
      const mask = within(ctx, w, fr);
      const sel = selected(mask, idx ? idx.length : count(table));
      idx = idx ? Float64Array.from(sel, (k) => idx![k]) : sel;
    }
    let result: Value;
    switch (n.op) {
      case "select":
        result = select(table, idx, cols, by, fr, wasKeyed && !by ? (tv as Dict) : null);
        if (n.distinct) result = distinct(result);
        if (limitCodes) result = applyLimit(result, limitCodes, sortCols!, fr);
        return result;
      case "exec":
        return exec(table, idx, cols, by, fr, n.cols.some(([nm]) => nm !== null));
      case "update":
        result = update(table, idx, cols, by, fr);
        if (wasKeyed) result = rekey(result as Table, (tv as Dict).k as Table);
        break;
      case "delete":
        result = del(table, idx, n.names);
        if (wasKeyed) result = rekey(result as Table, (tv as Dict).k as Table);
        break;
    }
    if (target) {
      sc.globals.set(target, sc.ns, result);
      return src;
    }
    return result;
  };
}

function rekey(t: Table, keys: Table): Value {
  const nk = keys.cols.length;
  return new Dict(new Table(t.cols.slice(0, nk), t.data.slice(0, nk)), new Table(t.cols.slice(nk), t.data.slice(nk)));
}

function selected(mask: Value, n: number): Float64Array {
  if (mask instanceof Atom && mask.t === -1) {
    const all = new Float64Array(mask.v ? n : 0);
    for (let k = 0; k < all.length; k++) all[k] = k;
    return all;
  }
  if (!(mask instanceof Vec) || mask.t !== 1) return qerr("type", "a where constraint must give booleans");
  if (mask.n !== n) return qerr("length", "a where constraint must give one boolean per row");
  return asF64(where(mask) as Vec) as Float64Array;
}

function evalCols(ctx: RowContext, cols: Compiled, fr: Frame): Value[] {
  return cols.map(([, c]) => within(ctx, c, fr));
}

function select(
  t: Table,
  idx: Float64Array | null,
  cols: Compiled,
  by: Compiled | null,
  fr: Frame,
  keyed: Dict | null,
): Value {
  const ctx: RowContext = { table: t, idx, cache: new Map() };
  if (!by) {
    if (cols.length === 0) {
      const rows = idx ? gather(t, idx) as Table : t;
      if (keyed) return rekey(rows, keyed.k as Table);
      return rows;
    }
    const vals = evalCols(ctx, cols, fr);
    const allAtoms = vals.every((v) => v.t < 0 || v.t >= 100);
    return makeTable(cols.map(([nm]) => nm), allAtoms ? vals.map((v) => fromItems([v])) : vals);
  }
  // group by
  const keyVals = evalCols(ctx, by, fr);
  const keyTable = makeTable(by.map(([nm]) => nm), keyVals);
  const grouped = groupRows(keyTable);
  // q returns groups in ascending order of their keys
  const order = gradeUp(gather(keyTable, grouped.first));
  const first = Array.from(order, (k) => grouped.first[k]);
  const groups = Array.from(order, (k) => grouped.groups[k]);
  const groupKeys = gather(keyTable, first) as Table;
  const base = idx ?? null;
  const outCols: Value[][] =
    (cols.length
      ? cols
      : t.cols.filter((c) => !by.some(([b]) => b === c)).map((c) => [c, null] as unknown as [string, Code])).map(
        () => [],
      );
  const names = cols.length ? cols.map(([nm]) => nm) : t.cols.filter((c) => !by.some(([b]) => b === c));
  for (const g of groups) {
    const rows = base ? Float64Array.from(g, (k) => base[k]) : Float64Array.from(g);
    const gctx: RowContext = { table: t, idx: rows, cache: new Map() };
    if (cols.length) {
      cols.forEach(([, c], j) => outCols[j].push(within(gctx, c, fr)));
    } else {
      names.forEach((c, j) => {
        const col = column(gctx, c)!;
        outCols[j].push(itemsOf(col)[count(col) - 1]);
      });
    }
  }
  const valueTable = makeTable(names, outCols.map((vs) => (vs.length ? fromItems(vs) : new List([]))));
  return new Dict(groupKeys, valueTable);
}

/** Groups the rows of a table by equal rows: first index of each group and the members. */
function groupRows(keys: Table): { first: number[]; groups: number[][] } {
  const ks = itemKeys(keys);
  const pos = new Map<unknown, number>();
  const first: number[] = [], groups: number[][] = [];
  ks.forEach((k, r) => {
    let g = pos.get(k);
    if (g === undefined) {
      g = groups.length;
      pos.set(k, g);
      first.push(r);
      groups.push([]);
    }
    groups[g].push(r);
  });
  return { first, groups };
}

function exec(
  t: Table,
  idx: Float64Array | null,
  cols: Compiled,
  by: Compiled | null,
  fr: Frame,
  named: boolean,
): Value {
  const ctx: RowContext = { table: t, idx, cache: new Map() };
  if (by) {
    const r = select(t, idx, cols, by, fr, null) as Dict;
    const k = r.k as Table, v = r.v as Table;
    const keyCol = k.data.length === 1 ? k.data[0] : k;
    const valCol = cols.length === 1 ? v.data[0] : v;
    return new Dict(keyCol, valCol);
  }
  if (cols.length === 0) {
    const rows = idx ? gather(t, idx) as Table : t;
    return new Dict(new Vec(11, Int32Array.from(rows.cols, (c) => internName(c))), new List([...rows.data]));
  }
  const vals = evalCols(ctx, cols, fr);
  if (cols.length === 1 && !named) return vals[0];
  return new Dict(new Vec(11, Int32Array.from(cols, ([nm]) => internName(nm))), fromItems(vals));
}

function update(t: Table, idx: Float64Array | null, cols: Compiled, by: Compiled | null, fr: Frame): Value {
  const n = count(t);
  let out = t;
  const setCol = (name: string, vals: Value, rows: Float64Array | null) => {
    const j = out.cols.indexOf(name);
    const full = rows === null
      ? (vals.t < 0 ? take(new Atom(-7, BigInt(n)), vals) : vals)
      : amend(j >= 0 ? out.data[j] : take(new Atom(-7, BigInt(n)), nullLike(vals)), [longVec(rows)], ASSIGN, vals);
    if (rows === null && count(full) !== n) return qerr("length", `update of ${name} needs ${n} values`);
    const data = out.data.slice();
    if (j >= 0) data[j] = full;
    else data.push(full);
    out = new Table(j >= 0 ? out.cols : [...out.cols, name], data);
  };
  if (!by) {
    const ctx: RowContext = { table: t, idx, cache: new Map() };
    const vals = evalCols(ctx, cols, fr);
    cols.forEach(([nm], j) => setCol(nm, vals[j], idx));
    return out;
  }
  const ctx: RowContext = { table: t, idx, cache: new Map() };
  const keyTable = makeTable(by.map(([nm]) => nm), evalCols(ctx, by, fr));
  const { groups } = groupRows(keyTable);
  for (const [nm, code] of cols) {
    for (const g of groups) {
      const rows = idx ? Float64Array.from(g, (k) => idx[k]) : Float64Array.from(g);
      const gctx: RowContext = { table: t, idx: rows, cache: new Map() };
      setCol(nm, within(gctx, code, fr), rows);
    }
  }
  return out;
}

function nullLike(v: Value): Value {
  if (v instanceof Atom) return nullAtom(-v.t);
  if (v instanceof Vec) return nullAtom(v.t);
  return new List([]);
}

function del(t: Table, idx: Float64Array | null, names: string[]): Value {
  if (names.length) {
    const keep = t.cols.map((c, j) => [c, t.data[j]] as const).filter(([c]) => !names.includes(c));
    return new Table(keep.map(([c]) => c), keep.map(([, d]) => d));
  }
  if (!idx) return gather(t, new Float64Array(0));
  const drop = new Set(idx);
  const keep: number[] = [];
  for (let r = 0; r < count(t); r++) if (!drop.has(r)) keep.push(r);
  return gather(t, keep);
}

function applyLimit(
  result: Value,
  limits: (Code | null)[],
  sorts: ({ desc: boolean; col: string } | null)[],
  fr: Frame,
): Value {
  let r = result;
  for (let k = limits.length - 1; k >= 0; k--) {
    const s = sorts[k];
    if (s && r instanceof Table) {
      const col = r.data[r.cols.indexOf(s.col)] ?? qerr(s.col);
      r = gather(r, s.desc ? gradeDown(col) : gradeUp(col));
      continue;
    }
    const c = limits[k];
    if (!c) continue;
    const lim = c(fr);
    if (lim instanceof Vec && lim.n === 2) {
      const [start, len] = Array.from(asF64(lim) as Float64Array);
      const idx = Float64Array.from({ length: Math.max(0, Math.min(len, count(r) - start)) }, (_, j) => start + j);
      r = gather(r, idx);
    } else r = take(lim, r);
  }
  return r;
}
