/**
 * qSQL templates (`select`, `exec`, `update`, `delete`) over in-memory and
 * mapped tables.
 *
 * Execution is vector at a time: where-constraints evaluate over whole
 * columns and narrow a row index left to right (later constraints only
 * see surviving rows); `by` groups rows through dense key codes (see
 * qsql/group.ts); aggregations the planner recognises (`sum v`, `avg v`,
 * `x wavg y`, … and atomic expressions of them such as
 * `(max v1)-min v2`) run fused with the grouping in one pass; anything
 * else is evaluated group by group. Only the columns a query names are
 * read; a query without where reads mapped columns in place.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import type * as A from "../parse/ast.ts";
import { INFIX_KEYWORDS } from "../parse/parser.ts";
import { amend, ASSIGN } from "../prim/apply.ts";
import { asF64 } from "../prim/convert.ts";
import { makeTable, symVector, unkey } from "../prim/dict.ts";
import { distinct, gather, raze, take } from "../prim/list.ts";
import { gradeDown, gradeUp } from "../prim/sort.ts";
import { KEYWORDS } from "../prim/verbs.ts";
import { gatherVec } from "../qsql/gather.ts";
import { partitionedOf, type PartitionedTable } from "../storage/partitioned.ts";
import { type Grouping, groupMembers, groupRows, type KeyCodes, keyCodes, releaseGrouping } from "../qsql/group.ts";
import { release } from "../value/release.ts";
import { host } from "../prim/host.ts";
import { fromItems, itemAt, nullAtom } from "../value/items.ts";
import { intern, symName } from "../value/sym.ts";
import { Atom, count, Dict, isKeyed, List, Table, type Value, Vec } from "../value/value.ts";
import { type Code, dotField, type Frame, type Scope } from "./compile.ts";
import { describeShape, fusable, runShapes, type Shape, shapeOf } from "./shape.ts";

/** The rows a phrase currently sees: the table and the selected rows (null: all). */
interface RowContext {
  table: Table;
  rows: Int32Array | null;
  cache: Map<string, Value>;
}

const stack: RowContext[] = [];

function rowCount(ctx: RowContext): number {
  return ctx.rows ? ctx.rows.length : count(ctx.table);
}

/** Column `name` at the context's rows (the column itself when all rows are selected). */
function column(ctx: RowContext, name: string): Value | undefined {
  const hit = ctx.cache.get(name);
  if (hit) return hit;
  let v: Value | undefined;
  const j = ctx.table.cols.indexOf(name);
  if (j >= 0) {
    const c = ctx.table.data[j];
    v = !ctx.rows ? c : c instanceof Vec ? gatherVec(c, ctx.rows) : gather(c, ctx.rows);
  } else if (name.includes(".") && !name.startsWith(".")) {
    // `time.minute`: a field of a column
    const [head, ...fields] = name.split(".");
    const base = column(ctx, head);
    if (base) v = fields.reduce((acc, f) => dotField(acc, f), base);
  } else if (name === "i") {
    const n = rowCount(ctx);
    const ids = new BigInt64Array(n);
    const h = new Int32Array(ids.buffer);
    for (let k = 0; k < n; k++) h[2 * k] = ctx.rows ? ctx.rows[k] : k;
    v = new Vec(7, ids);
  }
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

/**
 * The name q gives an unnamed column: a column name as itself (`time.minute`
 * gives `minute`); a function applied to arguments takes the name of its
 * first argument (`sum price`, `price*size`, `f c2`), or for a named
 * function whose left argument has none, of its right (`5 xbar time`),
 * unless the function is derived by an iterator; anything else (a
 * constant, `2*c2`, the virtual `i`) is `x`.
 */
export function autoName(n: A.Node): string {
  switch (n.k) {
    case "name":
      return n.name !== "i" && !KEYWORDS.has(n.name) && !INFIX_KEYWORDS.has(n.name) ? n.name.split(".").pop()! : "x";
    case "app":
      return n.f.k === "adverb" ? "x" : autoName(n.x);
    case "dyad": {
      // an operator names from its left argument; a named function from its right when the left has none
      if (n.f.k === "adverb") return "x";
      const left = autoName(n.x);
      return left === "x" && n.f.k === "name" ? autoName(n.y) : left;
    }
    case "index":
      return n.f.k === "adverb" || !n.args[0] ? "x" : autoName(n.args[0]);
    default:
      return "x";
  }
}

/** Names made distinct as q does: a repeated name gets the first free suffix 1, 2, … (`c2`, `c21`). */
function distinctNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((nm) => {
    let out = nm;
    for (let k = 1; seen.has(out); k++) out = nm + k;
    seen.add(out);
    return out;
  });
}

// ------------------------------------------------------------------ planning

interface ColumnPlan {
  name: string;
  node: A.Node;
  code: Code;
  shape: Shape;
}

/** A compiled query: its parts, for running and for explain. */
export interface QueryPlan {
  node: A.QSql;
  from: Code;
  wheres: { node: A.Node; code: Code }[];
  cols: ColumnPlan[];
  by: ColumnPlan[] | null;
  limits: ({ code: Code } | { sort: { desc: boolean; col: string } } | null)[] | null;
}

/** Compiles the parts of a qSQL template. */
export function planQSql(n: A.QSql, sc: Scope, compileFn: (n: A.Node | null, sc: Scope) => Code): QueryPlan {
  const inner: Scope = { ...sc, columns: new ColumnScope(sc, compileFn as (n: A.Node, sc: Scope) => Code) };
  const plan = (nm: string | null, e: A.Node): ColumnPlan => ({
    name: nm ?? autoName(e),
    node: e,
    code: compileFn(e, inner),
    shape: shapeOf(e, (f) => compileFn(f, sc)),
  });
  const by = n.by ? n.by.map(([nm, e]) => plan(nm, e)) : null;
  const cols = n.cols.map(([nm, e]) => plan(nm, e));
  const unique = distinctNames([...(by ?? []), ...cols].map((c) => c.name));
  [...(by ?? []), ...cols].forEach((c, j) => (c.name = unique[j]));
  return {
    node: n,
    from: compileFn(n.from, sc),
    wheres: n.where.map((w) => ({ node: w, code: compileFn(w, inner) })),
    cols,
    by,
    limits: n.limit
      ? n.limit.map((e) => {
        if (e === null) return null;
        if (e.k === "app" && e.f.k === "verb" && (e.f.glyph === "<" || e.f.glyph === ">") && e.x.k === "name") {
          return { sort: { desc: e.f.glyph === ">", col: e.x.name } };
        }
        return { code: compileFn(e, sc) };
      })
      : null,
  };
}

/** True when a phrase uses Cond `$[…]` outside any lambda (q does not allow it there). */
function hasCond(n: unknown): boolean {
  if (typeof n !== "object" || n === null) return false;
  const node = n as A.Node;
  if (node.k === "cond") return true;
  if (node.k === "lambda") return false;
  return Object.values(node).some((v) => (Array.isArray(v) ? v.some(hasCond) : hasCond(v)));
}

/** Compiles a qSQL template to a closure. */
export function compileQSql(n: A.QSql, sc: Scope, compileFn: (n: A.Node | null, sc: Scope) => Code): Code {
  if ([...n.cols, ...(n.by ?? [])].some(([, e]) => hasCond(e)) || n.where.some(hasCond)) {
    return () => qerr("rank", "Cond is not allowed in a query phrase: put it in a lambda, or use ?[c;a;b]");
  }
  const p = planQSql(n, sc, compileFn);
  return (fr) => runQuery(p, sc, fr);
}

/** The table a query reads, and where to store the result of an in-place update/delete. */
function source(
  p: QueryPlan,
  sc: Scope,
  fr: Frame,
): { table: Table; keyed: Dict | null; target: string | null; src: Value; partitions?: string } {
  const src = p.from(fr);
  const target = src instanceof Atom && src.t === -11 ? symName(src.v as number) : null;
  let tv = target ? sc.globals.get(target, sc.ns) : src;
  let partitions: string | undefined;
  const parted = partitionedOf(tv);
  if (parted) {
    if (target && p.node.op !== "select" && p.node.op !== "exec") {
      return qerr("par", `${target} is partitioned: ${p.node.op} it partition by partition`);
    }
    const picks = pickPartitions(parted, p, fr);
    if (picks) tv = parted.value(picks);
    partitions = `${
      picks ? picks.length : parted.parts.names.length
    } of ${parted.parts.names.length} ${parted.parts.kind}s`;
  }
  const keyed = isKeyed(tv) ? tv as Dict : null;
  const table = keyed ? unkey(keyed) : tv;
  if (!(table instanceof Table)) return qerr("type", "qSQL needs a table after from");
  return { table, keyed, target, src, partitions };
}

/**
 * The partitions a query needs: its leading where-constraints that name no
 * column but the partition column, applied to one row per partition;
 * undefined when there are none (every partition is read).
 */
function pickPartitions(parted: PartitionedTable, p: QueryPlan, fr: Frame): Int32Array | undefined {
  const virtual = parted.parts.kind, columns = new Set(parted.columns);
  let k = 0;
  for (; k < p.wheres.length; k++) {
    let names = 0, others = 0;
    walkNames(p.wheres[k].node, (nm) => {
      const col = nm.split(".")[0];
      if (col === virtual) names++;
      else if (columns.has(col)) others++;
    });
    if (names === 0 || others > 0) break;
  }
  if (k === 0) return undefined;
  const picks = filter({ ...p, wheres: p.wheres.slice(0, k) }, parted.partitionTable(), fr);
  return picks ?? undefined;
}

/** Applies the where-constraints left to right; null when there are none. */
function filter(p: QueryPlan, table: Table, fr: Frame): Int32Array | null {
  let rows: Int32Array | null = null;
  for (const w of p.wheres) {
    const ctx: RowContext = { table, rows, cache: new Map() };
    const mask = within(ctx, w.code, fr);
    const sel = selected(mask, rowCount(ctx));
    // a constraint every row meets keeps the table whole (mapped columns stay unread)
    if (!rows && sel.length === count(table)) continue;
    rows = rows ? sel.map((k) => rows![k]) : sel;
  }
  return rows;
}

function runQuery(p: QueryPlan, sc: Scope, fr: Frame): Value {
  if (p.node.op === "delete" && p.node.names.length && !p.wheres.length) {
    const d = deleteKeys(p, sc, fr);
    if (d) return d;
  }
  const { table, keyed, target, src } = source(p, sc, fr);
  const rows = filter(p, table, fr);
  let result: Value;
  switch (p.node.op) {
    case "select":
      result = select(p, table, rows, fr, keyed && !p.by ? keyed : null);
      if (p.node.distinct) result = distinct(result);
      if (p.limits) result = applyLimits(result, p.limits, fr);
      return result;
    case "exec":
      return exec(p, table, rows, fr);
    case "update":
      result = update(p, table, rows, fr);
      break;
    case "delete":
      result = del(table, rows, p.node.names);
      break;
  }
  if (keyed) result = rekey(result as Table, keyed.k as Table);
  if (target) {
    sc.globals.set(target, sc.ns, result);
    return src;
  }
  return result;
}

/**
 * `delete a from d` on a dictionary: the entries without those keys
 * (amended in place by name); `delete a from \`.` deletes global a.
 */
function deleteKeys(p: QueryPlan, sc: Scope, fr: Frame): Value | undefined {
  const src = p.from(fr);
  const target = src instanceof Atom && src.t === -11 ? symName(src.v as number) : null;
  if (target?.startsWith(".") && sc.globals.deleteFrom(target, p.node.names)) return src;
  const d = target ? sc.globals.get(target, sc.ns) : src;
  if (!(d instanceof Dict) || isKeyed(d) || !(d.k instanceof Vec) || d.k.t !== 11) return undefined;
  const ids = d.k.a as Int32Array, drop = new Set(p.node.names.map(intern));
  const keep: number[] = [];
  for (let i = 0; i < ids.length; i++) if (!drop.has(ids[i])) keep.push(i);
  const r = new Dict(gather(d.k, keep), gather(d.v, keep));
  if (!target) return r;
  sc.globals.set(target, sc.ns, r);
  return src;
}

function rekey(t: Table, keys: Table): Value {
  const nk = keys.cols.length;
  return new Dict(new Table(t.cols.slice(0, nk), t.data.slice(0, nk)), new Table(t.cols.slice(nk), t.data.slice(nk)));
}

function selected(mask: Value, n: number): Int32Array {
  if (mask instanceof Atom && mask.t === -1) {
    const all = new Int32Array(mask.v ? n : 0);
    for (let k = 0; k < all.length; k++) all[k] = k;
    return all;
  }
  if (!(mask instanceof Vec) || mask.t !== 1) return qerr("type", "a where constraint must give booleans");
  if (mask.n !== n) return qerr("length", "a where constraint must give one boolean per row");
  const m = mask.a as Uint8Array;
  let c = 0;
  for (let i = 0; i < n; i++) c += m[i];
  const out = new Int32Array(c);
  for (let i = 0, j = 0; i < n; i++) if (m[i]) out[j++] = i;
  return out;
}

// ------------------------------------------------------------------ grouping

/** The rows grouped by the by-phrase, and each group's key values. */
interface Grouped {
  g: Grouping;
  n: number;
  keys: Table;
  /** The key codes, and which of them were made for this query alone (of selected rows, not kept). */
  codes: KeyCodes[];
  ownCodes: KeyCodes[];
}

/** Frees what grouping made for one query, once its results are built (see value/release.ts). */
function doneWith(gr: Grouped): void {
  releaseGrouping(gr.g, gr.codes);
  for (const c of gr.ownCodes) release(c.codes);
}

function group(p: QueryPlan, t: Table, rows: Int32Array | null, fr: Frame): Grouped {
  const ctx: RowContext = { table: t, rows, cache: new Map() };
  const n = rowCount(ctx);
  const codes: KeyCodes[] = [], ownCodes: KeyCodes[] = [], keyCols: Value[] = [];
  for (const b of p.by!) {
    const colName = b.node.k === "name" && t.cols.includes(b.node.name) ? b.node.name : null;
    const full = colName ? t.data[t.cols.indexOf(colName)] : null;
    const v = full ?? within(ctx, b.code, fr);
    if (!full && count(v) !== n) qerr("length", `by ${b.name} must give one value per row`);
    const c = keyCodes(v, full ? rows : null);
    codes.push(c);
    if (full && rows) ownCodes.push(c);
    keyCols.push(v);
  }
  const g = groupRows(codes, n, true);
  // each group's key values from its key codes (in group order: no reads scattered over the rows)
  const keys = makeTable(
    p.by!.map((b) => b.name),
    keyCols.map((v, j) => {
      const values = codes[j].values;
      if (values) return values(g.codes![j]);
      const byRow = p.by![j].node.k === "name" && t.cols.includes((p.by![j].node as A.Name).name);
      const at = byRow && rows ? g.first.map((k) => rows[k]) : g.first;
      return v instanceof Vec ? gatherVec(v, at) : gather(v, at);
    }),
  );
  release(...g.codes!);
  return { g, n, keys, codes, ownCodes };
}

/** Evaluates columns per group: the fused ones together in one pass, the others group by group. */
function perGroup(cols: ColumnPlan[], t: Table, rows: Int32Array | null, gr: Grouped, fr: Frame): Value[] {
  const fused = cols.filter((c) => c.shape.kind !== "generic" && fusable(c.shape, t));
  const fusedVals = runShapes(fused.map((c) => c.shape), t, rows, gr.g, gr.n, fr);
  let members: { order: Int32Array; start: Int32Array } | undefined;
  return cols.map((c) => {
    const at = fused.indexOf(c);
    if (at >= 0) return fusedVals[at];
    members ??= groupMembers(gr.g, gr.n);
    const { order, start } = members;
    const out = new Array<Value>(gr.g.count);
    for (let j = 0; j < gr.g.count; j++) {
      const mine = order.subarray(start[j], start[j + 1]);
      const gRows = rows ? mine.map((k) => rows[k]) : mine.slice();
      out[j] = within({ table: t, rows: gRows, cache: new Map() }, c.code, fr);
    }
    return fromItems(out);
  });
}

function select(p: QueryPlan, t: Table, rows: Int32Array | null, fr: Frame, keyed: Dict | null): Value {
  if (!p.by) {
    if (p.cols.length === 0) {
      const r = rows ? gather(t, rows) as Table : t;
      return keyed ? rekey(r, keyed.k as Table) : r;
    }
    const ctx: RowContext = { table: t, rows, cache: new Map() };
    const vals = p.cols.map((c) => within(ctx, c.code, fr));
    const allAtoms = vals.every((v) => v.t < 0 || v.t >= 100);
    return makeTable(p.cols.map((c) => c.name), allAtoms ? vals.map((v) => fromItems([v])) : vals);
  }
  const gr = group(p, t, rows, fr);
  if (p.cols.length === 0) {
    // select by k from t: the last row of each group
    const last = new Int32Array(gr.g.count);
    for (let k = 0; k < gr.n; k++) last[gr.g.gid[k]] = rows ? rows[k] : k;
    const others = t.cols.filter((c) => !p.by!.some((b) => b.name === c));
    doneWith(gr);
    return new Dict(gr.keys, new Table(others, others.map((c) => gather(t.data[t.cols.indexOf(c)], last))));
  }
  const vals = perGroup(p.cols, t, rows, gr, fr);
  doneWith(gr);
  return new Dict(gr.keys, makeTable(p.cols.map((c) => c.name), vals));
}

function exec(p: QueryPlan, t: Table, rows: Int32Array | null, fr: Frame): Value {
  const named = p.node.cols.some(([nm]) => nm !== null);
  const names = () => new Vec(11, Int32Array.from(p.cols, (c) => intern(c.name)));
  if (p.by && !isNoGrouping(p.by)) {
    const gr = group(p, t, rows, fr);
    const vals = perGroup(p.cols, t, rows, gr, fr);
    doneWith(gr);
    // a named by phrase keys by a table (`exec sum q by s:s`); unnamed keys by its values
    const byNamed = p.node.by!.some(([nm]) => nm !== null);
    const keyCol = gr.keys.data.length === 1 && !byNamed ? gr.keys.data[0] : gr.keys;
    const valCol = p.cols.length === 1 && !named ? vals[0] : makeTable(p.cols.map((c) => c.name), vals);
    return new Dict(keyCol, valCol);
  }
  const ctx: RowContext = { table: t, rows, cache: new Map() };
  if (p.cols.length === 0) {
    // `exec from t`: the last record
    const n = rowCount(ctx);
    return new Dict(symVector(t.cols), fromItems(t.cols.map((c) => itemAt(column(ctx, c)!, n - 1))));
  }
  let vals = p.cols.map((c) => within(ctx, c.code, fr));
  if (p.by) return makeTable(p.cols.map((c) => c.name), vals); // `by 0b`: a table
  // exec distinct applies to the first column (as q's does)
  if (p.node.distinct) vals = [distinct(vals[0]), ...vals.slice(1)];
  if (p.cols.length === 1 && !named) return vals[0];
  return new Dict(names(), fromItems(vals));
}

/** `by 0b`: grouping turned off. */
function isNoGrouping(by: ColumnPlan[]): boolean {
  const n = by.length === 1 ? by[0].node : null;
  return n !== null && n.k === "lit" && n.v instanceof Atom && n.v.t === -1 && n.v.v === 0;
}

function update(p: QueryPlan, t: Table, rows: Int32Array | null, fr: Frame): Value {
  const n = count(t);
  let out = t;
  const setCol = (name: string, vals: Value, at: Int32Array | null) => {
    const j = out.cols.indexOf(name);
    let full: Value;
    if (at === null) {
      full = vals.t < 0 ? take(new Atom(-7, BigInt(n)), vals) : vals;
      if (count(full) !== n) qerr("length", `update of ${name} needs ${n} values`);
    } else {
      const base = j >= 0 ? out.data[j] : take(new Atom(-7, BigInt(n)), nullLike(vals));
      full = amend(base, [rowsVec(at)], ASSIGN, vals);
    }
    const data = out.data.slice();
    if (j >= 0) data[j] = full;
    else data.push(full);
    out = new Table(j >= 0 ? out.cols : [...out.cols, name], data);
  };
  if (!p.by) {
    const ctx: RowContext = { table: t, rows, cache: new Map() };
    const vals = p.cols.map((c) => within(ctx, c.code, fr));
    p.cols.forEach((c, j) => setCol(c.name, vals[j], rows));
    return out;
  }
  // each column's per-group values spread over the selected rows; with no
  // where phrase the column is replaced whole (so its type may change)
  const gr = group(p, t, rows, fr);
  const gid = gr.g.gid.subarray(0, gr.n);
  const fused = p.cols.filter((c) => c.shape.kind !== "generic" && fusable(c.shape, t));
  const fusedVals = runShapes(fused.map((c) => c.shape), t, rows, gr.g, gr.n, fr);
  let members: { order: Int32Array; start: Int32Array } | undefined;
  for (const c of p.cols) {
    const at = fused.indexOf(c);
    if (at >= 0) {
      setCol(c.name, gather(fusedVals[at], gid), rows);
      continue;
    }
    members ??= groupMembers(gr.g, gr.n);
    setCol(c.name, spreadGroups(c, t, rows, gr, members, fr), rows);
  }
  doneWith(gr);
  return out;
}

/**
 * A column evaluated group by group, spread back over the selected rows:
 * each group gives one value (repeated over its rows) or one per row.
 */
function spreadGroups(
  c: ColumnPlan,
  t: Table,
  rows: Int32Array | null,
  gr: Grouped,
  { order, start }: { order: Int32Array; start: Int32Array },
  fr: Frame,
): Value {
  const res = new Array<Value>(gr.g.count);
  let atoms = true, uniform = true;
  for (let j = 0; j < gr.g.count; j++) {
    const mine = order.subarray(start[j], start[j + 1]);
    const r = within({ table: t, rows: rows ? mine.map((k) => rows[k]) : mine.slice(), cache: new Map() }, c.code, fr);
    res[j] = r;
    atoms &&= r.t < 0;
    uniform &&= r.t >= 0 && r.t < 98 && count(r) === mine.length;
  }
  if (atoms) return gather(fromItems(res), gr.g.gid.subarray(0, gr.n));
  if (!uniform) return qerr("length", `${c.name} by group must give one value or one per row`);
  // the groups' results end to end follow `order`; put each back at its row
  const back = new Int32Array(gr.n);
  for (let p = 0; p < gr.n; p++) back[order[p]] = p;
  return gather(raze(new List(res)), back);
}

function rowsVec(rows: Int32Array): Vec {
  const a = new BigInt64Array(rows.length), h = new Int32Array(a.buffer);
  for (let k = 0; k < rows.length; k++) h[2 * k] = rows[k];
  return new Vec(7, a);
}

function nullLike(v: Value): Value {
  if (v instanceof Atom) return nullAtom(-v.t);
  if (v instanceof Vec) return nullAtom(v.t);
  return new List([]);
}

function del(t: Table, rows: Int32Array | null, names: string[]): Value {
  if (names.length) {
    const keep = t.cols.map((c, j) => [c, t.data[j]] as const).filter(([c]) => !names.includes(c));
    return new Table(keep.map(([c]) => c), keep.map(([, d]) => d));
  }
  if (!rows) return gather(t, new Int32Array(0));
  const drop = new Uint8Array(count(t));
  for (const r of rows) drop[r] = 1;
  const keep: number[] = [];
  for (let r = 0; r < drop.length; r++) if (!drop[r]) keep.push(r);
  return gather(t, keep);
}

function applyLimits(result: Value, limits: NonNullable<QueryPlan["limits"]>, fr: Frame): Value {
  let r = result;
  for (let k = limits.length - 1; k >= 0; k--) {
    const l = limits[k];
    if (!l) continue;
    if ("sort" in l) {
      if (!(r instanceof Table)) continue;
      const col = r.data[r.cols.indexOf(l.sort.col)] ?? qerr(l.sort.col);
      r = gather(r, l.sort.desc ? gradeDown(col) : gradeUp(col));
      continue;
    }
    // select[n] and select[m n] take at most the rows there are (sublist, not take)
    const lim = l.code(fr), n = count(r);
    let from: number, to: number;
    if (lim instanceof Vec && lim.n === 2) {
      const [start, len] = Array.from(asF64(lim) as Float64Array);
      from = Math.max(0, start);
      to = Math.min(n, from + Math.max(0, len));
    } else if (lim instanceof Atom && lim.t >= -7 && lim.t <= -5) {
      const k = Number(lim.v);
      [from, to] = k >= 0 ? [0, Math.min(n, k)] : [Math.max(0, n + k), n];
    } else return qerr("type", "select[n] needs an integer or a pair");
    const idx = new Int32Array(Math.max(0, to - from));
    for (let j = 0; j < idx.length; j++) idx[j] = from + j;
    r = gather(r, idx);
  }
  return r;
}

// ------------------------------------------------------------------ explain

/** Lines describing how a query runs against the current data (for `explain`). */
export function explainPlan(p: QueryPlan, sc: Scope, fr: Frame): [string, string][] {
  const { table, keyed, partitions } = source(p, sc, fr);
  const out: [string, string][] = [];
  const n = count(table);
  if (partitions) out.push(["partitions", `${partitions} read`]);
  out.push(["from", `${n} rows${keyed ? ", keyed" : ""}`]);
  const used = new Set<string>();
  const note = (node: A.Node) =>
    walkNames(node, (nm) => {
      const col = nm.split(".")[0]; // time.minute reads time
      if (table.cols.includes(col)) used.add(col);
    });
  p.wheres.forEach((w) => note(w.node));
  p.cols.forEach((c) => note(c.node));
  p.by?.forEach((b) => note(b.node));
  const mapped = p.node.from.k === "name" && host.storage.isMapped(p.node.from.name);
  const read = used.size ? [...used].join(" ") : p.node.op === "select" && !p.cols.length ? "all" : "none";
  if (partitions) out.push(["columns read", `${read} (joined from the partitions read)`]);
  else out.push([mapped ? "columns mapped" : "columns read", mapped ? `${read} (read in place from disk)` : read]);
  let rows: Int32Array | null = null;
  p.wheres.forEach((w, k) => {
    const before = rows ? rows.length : n;
    const ctx: RowContext = { table, rows, cache: new Map() };
    const sel = selected(within(ctx, w.code, fr), before);
    rows = rows ? sel.map((x) => rows![x]) : sel;
    out.push([`where ${k + 1}`, `${sourceText(w.node, sc)}: vector over ${before} rows, ${rows.length} kept`]);
  });
  if (p.by) {
    const gr = group(p, table, rows, fr);
    p.by.forEach((b, j) => {
      const codes = keyCodes(gr.keys.data[j], null);
      out.push([`by ${b.name}`, `${b.node.k === "name" ? "column" : "expression"}, codes by ${codes.method}`]);
    });
    out.push(["grouping", `${gr.g.count} groups: ${gr.g.method}`]);
    p.cols.forEach((c) =>
      out.push([
        c.name,
        c.shape.kind !== "generic" && fusable(c.shape, table) ? describeShape(c.shape) : "evaluated group by group",
      ])
    );
  } else {
    p.cols.forEach((c) => out.push([c.name, "evaluated over the selected rows as vectors"]));
  }
  return out;
}

function walkNames(n: unknown, f: (name: string) => void): void {
  if (typeof n !== "object" || n === null) return;
  const node = n as A.Node;
  if (node.k === "name") f(node.name);
  for (const key of Object.keys(node)) {
    const v = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(v)) v.forEach((x) => walkNames(x, f));
    else walkNames(v, f);
  }
}

function sourceText(n: A.Node, sc: Scope): string {
  return sc.src.slice(n.s, n.e);
}

/** Explain lines as a table of two symbol columns, `step` and `detail`. */
export function explainTable(lines: [string, string][]): Table {
  return new Table(["step", "detail"], [
    new Vec(11, Int32Array.from(lines, ([s]) => intern(s))),
    new Vec(11, Int32Array.from(lines, ([, d]) => intern(d))),
  ]);
}
