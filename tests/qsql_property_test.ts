/**
 * qSQL and joins against a naive reference: 1,000 random tables (0 to 40
 * rows; a symbol column with few distinct values and null symbols, an int
 * or long key with nulls, a float column with nulls and repeats, a long
 * value column with nulls, sometimes a boolean and a date column, and a
 * time column) are built in a BorF session through the public API, and
 * every query template below is run once per table with random columns,
 * constraints, aggregates and groupings. Each result is read back with
 * `toJS` and compared with the row-by-row model in
 * `fixtures/qsql_model.ts` (floats within a relative 1e-9, types by `meta`
 * or `type`).
 *
 * Set `BORF_QSQL_SEED` to run another seed; every failure message names
 * the seed and table, gives the table as q text and the query, and the
 * first difference.
 *
 * Reference pages: basics/qsql.md, basics/funsql.md, ref/select.md,
 * ref/exec.md, ref/lj.md, ref/pj.md, ref/ej.md, ref/aj.md, ref/max.md,
 * ref/var.md, ref/wsum.md. Left out as unclear in q: svar/sdev over nulls
 * (whether n counts them), `update … by` when no row is selected,
 * `select[n]` beyond the selection's count, unnamed computed By columns.
 *
 * @module
 */

import assert from "node:assert/strict";
import { rng } from "./_rng.ts";
import { Session } from "../src/eval/session.ts";
import { atomText, bindTable, readResult, type Result, resultDiff, resultText, tableText } from "./fixtures/qsql_io.ts";
import {
  AGGS,
  asofJoin,
  type Cell,
  cmp,
  type Col,
  colOf,
  column,
  distinctRows,
  equiJoin,
  fl,
  groupBy,
  isNull,
  leftJoin,
  nullOf,
  plusJoin,
  type Row,
  sortRows,
  sums,
  type Tab,
  unionJoin,
  wavg,
  wsum,
} from "./fixtures/qsql_model.ts";

const SEED = Number(Deno.env.get("BORF_QSQL_SEED") ?? 20240605) >>> 0;
const TABLES = 1000;

// ------------------------------------------------------------ random choices

/** Random choices from a seeded generator. */
class Gen {
  constructor(readonly u: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.u() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.u() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.u() * xs.length)];
  }
  /** Between lo and hi distinct items of xs, in random order. */
  some<T>(xs: readonly T[], lo: number, hi: number): T[] {
    const pool = [...xs], out: T[] = [];
    const n = Math.min(pool.length, this.int(lo, hi));
    while (out.length < n) out.push(pool.splice(Math.floor(this.u() * pool.length), 1)[0]);
    return out;
  }
}

// ------------------------------------------------------------ random tables

const SYMS = ["a", "b", "c", "ab", "bc"];
const FLOATS = [0, 1.5, -2.25, 3, 10.5];
const DAY_2020 = 7305;

/** The shape shared by a test table and the tables joined to it. */
interface Spec {
  pool: string[];
  kType: "i" | "j";
  pNull: number;
}

/** A fresh random item for column `name` of type t (null with probability pNull). */
function fresh(g: Gen, spec: Spec, name: string, t: string, pNull = spec.pNull): Cell {
  if (t === "b") return g.chance(0.5);
  if (name === "tm") return g.int(0, 60) * 1000;
  if (g.chance(pNull)) return nullOf(t);
  switch (t) {
    case "s":
      return g.pick(spec.pool);
    case "f":
      return g.chance(0.5) ? g.pick(FLOATS) : g.int(-80, 80) / 4;
    case "d":
      return DAY_2020 + g.int(0, 30);
    case "i":
      return g.int(-2, 5);
  }
  return BigInt(name === "k" ? g.int(-2, 5) : g.int(-20, 100));
}

/** n random rows over the columns. */
function randomRows(g: Gen, spec: Spec, cols: Col[], n: number): Row[] {
  return Array.from({ length: n }, () => Object.fromEntries(cols.map((c) => [c.name, fresh(g, spec, c.name, c.t)])));
}

/** A random spec and table `t`. */
function randomTable(g: Gen): [Spec, Tab] {
  const spec: Spec = {
    pool: SYMS.slice(0, g.int(1, SYMS.length)),
    kType: g.chance(0.3) ? "i" : "j",
    pNull: g.pick([0, 0.1, 0.2, 0.4]),
  };
  const cols: Col[] = [{ name: "s", t: "s" }, { name: "k", t: spec.kType }, { name: "f", t: "f" }, {
    name: "v",
    t: "j",
  }];
  if (g.chance(0.5)) cols.push({ name: "b", t: "b" });
  if (g.chance(0.5)) cols.push({ name: "d", t: "d" });
  cols.push({ name: "tm", t: "t" });
  const n = g.chance(0.1) ? g.int(0, 1) : g.int(0, 40);
  return [spec, { cols, rows: randomRows(g, spec, cols, n), keys: 0 }];
}

// ------------------------------------------------------------ where constraints

/** A Where subphrase: its q text and which of the rows reaching it it keeps. */
interface Where {
  q: string;
  keep(rows: Row[]): boolean[];
}

function rowWhere(q: string, pred: (r: Row) => boolean): Where {
  return { q, keep: (rows) => rows.map(pred) };
}

/** Rows passing every subphrase, applied left to right. */
function filter(rows: Row[], ws: Where[]): Row[] {
  for (const w of ws) {
    const k = w.keep(rows);
    rows = rows.filter((_, i) => k[i]);
  }
  return rows;
}

function whereText(ws: Where[]): string {
  return ws.length ? ` where ${ws.map((w) => w.q).join(", ")}` : "";
}

const OPS: Record<string, (c: number) => boolean> = {
  "=": (c) => c === 0,
  "<>": (c) => c !== 0,
  "<": (c) => c < 0,
  ">": (c) => c > 0,
  "<=": (c) => c <= 0,
  ">=": (c) => c >= 0,
};

/** An item for a constraint on column c: mostly one in the table, sometimes null or fresh. */
function sample(g: Gen, spec: Spec, t: Tab, c: Col): Cell {
  if (t.rows.length && g.chance(0.6)) return g.pick(t.rows)[c.name];
  return fresh(g, spec, c.name, c.t, 0.2);
}

function nonNullSample(g: Gen, spec: Spec, t: Tab, c: Col): Cell {
  const x = sample(g, spec, t, c);
  return isNull(x) ? fresh(g, spec, c.name, c.t, 0) : x;
}

/** `(a;b;…)` of atoms of type t. */
function tupleText(t: string, xs: Cell[]): string {
  return `(${xs.map((x) => atomText(t, x)).join(";")})`;
}

/** A `like` pattern over ? and * as a RegExp. */
function globRegExp(p: string): RegExp {
  return new RegExp(`^${p.replace(/[?*]/g, (m) => (m === "?" ? "." : ".*"))}$`);
}

/** A random constraint on one column: a comparison, in, within, like, null, or a boolean column itself. */
function constraint(g: Gen, spec: Spec, t: Tab): Where {
  const col = g.pick(t.cols), c = col.name, ty = col.t;
  if (ty === "b") return g.chance(0.5) ? rowWhere(c, (r) => r[c] === true) : rowWhere(`not ${c}`, (r) => !r[c]);
  const kind = g.pick(["cmp", "cmp", "in", ty === "s" ? "like" : "within", "null"]);
  if (kind === "cmp") {
    const op = g.pick(Object.keys(OPS)), x = sample(g, spec, t, col);
    return rowWhere(`${c}${op} ${atomText(ty, x)}`, (r) => OPS[op](cmp(r[c], x)));
  }
  if (kind === "in") {
    const xs = Array.from({ length: g.int(2, 3) }, () => sample(g, spec, t, col));
    return rowWhere(`${c} in ${tupleText(ty, xs)}`, (r) => xs.some((x) => cmp(r[c], x) === 0));
  }
  if (kind === "within") {
    const lo = nonNullSample(g, spec, t, col), hi = nonNullSample(g, spec, t, col);
    return rowWhere(`${c} within ${tupleText(ty, [lo, hi])}`, (r) => cmp(lo, r[c]) <= 0 && cmp(r[c], hi) <= 0);
  }
  if (kind === "like") {
    const p = g.pick(["a*", "*b", "?", "*c*", "?b*", "a?"]), re = globRegExp(p);
    return rowWhere(`${c} like "${p}"`, (r) => re.test(r[c] as string));
  }
  return g.chance(0.5) ? rowWhere(`null ${c}`, (r) => isNull(r[c])) : rowWhere(`not null ${c}`, (r) => !isNull(r[c]));
}

/** Between lo and hi random constraints. */
function wheres(g: Gen, spec: Spec, t: Tab, lo = 0, hi = 2): Where[] {
  return Array.from({ length: g.int(lo, hi) }, () => constraint(g, spec, t));
}

/** `x op (agg;x) fby key` (ref/fby.md): x compared with the aggregate over the rows sharing its key. */
function fbyWhere(g: Gen, t: Tab): Where {
  const [x, agg, op] = g.pick([["v", "max", "="], ["v", "min", ">"], ["f", "avg", ">"], ["v", "sum", "<"], [
    "f",
    "med",
    "<=",
  ], ["v", "count", ">"]]);
  const key = g.pick(t.cols.filter((c) => ["s", "k", "b"].includes(c.name))).name, xt = colOf(t, x).t;
  const lhs = agg === "count" ? "2" : x;
  return {
    q: `${lhs}${op}(${agg};${x}) fby ${key}`,
    keep(rows) {
      const of = new Map<Row, Cell>();
      for (const gr of groupBy(rows, (r) => [r[key]])) {
        const a = AGGS[agg].f(column(gr.rows, x), xt);
        for (const r of gr.rows) of.set(r, a);
      }
      return rows.map((r) => OPS[op](cmp(agg === "count" ? 2n : r[x], of.get(r)!)));
    },
  };
}

// ------------------------------------------------------------ templates

/** One generated query: its text, the tables it needs besides `t`, and the expected result. */
interface Case {
  q: string;
  expect: Result;
  setup?: [string, Tab][];
}

/** A query template: makes a random case for table t. */
type Template = (g: Gen, spec: Spec, t: Tab) => Case;

function tabResult(cols: Col[], rows: Row[], keys = 0): Result {
  return { kind: "tab", tab: { cols, rows, keys } };
}

const names = (t: Tab) => t.cols.map((c) => c.name);

/** `select [cols] from t [where …]`. */
const selectWhere: Template = (g, spec, t) => {
  const ws = wheres(g, spec, t, 0, 3), rows = filter(t.rows, ws);
  const cols = g.chance(0.5) ? t.cols : g.some(t.cols, 1, 3);
  const phrase = cols === t.cols ? "" : ` ${cols.map((c) => c.name).join(",")}`;
  return { q: `select${phrase} from t${whereText(ws)}`, expect: tabResult(cols, rows) };
};

/** `select[n]`, `select[-n]`, `select[m n]` with n within the selection's count. */
const selectLimit: Template = (g, spec, t) => {
  const ws = wheres(g, spec, t, 0, 1), rows = filter(t.rows, ws), n = rows.length;
  const form = g.int(0, 2);
  if (form === 0 || n === 0) {
    const k = g.int(0, n);
    return { q: `select[${k}] from t${whereText(ws)}`, expect: tabResult(t.cols, rows.slice(0, k)) };
  }
  if (form === 1) {
    const k = g.int(1, n);
    return { q: `select[-${k}] from t${whereText(ws)}`, expect: tabResult(t.cols, rows.slice(n - k)) };
  }
  const m = g.int(0, n), k = g.int(0, n - m);
  return { q: `select[${m} ${k}] from t${whereText(ws)}`, expect: tabResult(t.cols, rows.slice(m, m + k)) };
};

/** `select[>c]`, `select[<c]`, `select[n;>c]`: stable sorts, nulls least. */
const selectOrder: Template = (g, spec, t) => {
  const ws = wheres(g, spec, t, 0, 1), c = g.pick(t.cols).name, desc = g.chance(0.5);
  const rows = sortRows(filter(t.rows, ws), c, desc);
  const order = `${desc ? ">" : "<"}${c}`;
  if (g.chance(0.5)) return { q: `select[${order}] from t${whereText(ws)}`, expect: tabResult(t.cols, rows) };
  const k = g.int(0, rows.length);
  return { q: `select[${k};${order}] from t${whereText(ws)}`, expect: tabResult(t.cols, rows.slice(0, k)) };
};

/** `select distinct c1[,c2] from t [where …]`. */
const selectDistinct: Template = (g, spec, t) => {
  const ws = wheres(g, spec, t, 0, 1);
  const cols = g.some(t.cols.filter((c) => ["s", "k", "b", "v"].includes(c.name)), 1, 2);
  const cs = cols.map((c) => c.name);
  return {
    q: `select distinct ${cs.join(",")} from t${whereText(ws)}`,
    expect: tabResult(cols, distinctRows(filter(t.rows, ws), cs)),
  };
};

/** A By phrase: its text, its key columns, key tuple per row, and any constraint it needs first. */
interface By {
  q: string;
  cols: Col[];
  keyOf(r: Row): Cell[];
  pre: Where[];
}

/** x mod 3 for a non-null int or long x: a long (the long 3 widens an int), never negative. */
function floorMod(x: Cell): Cell {
  const b = BigInt(x as number | bigint);
  return ((b % 3n) + 3n) % 3n;
}

/** A random By phrase: one or two columns, `k mod 3`, or `10 xbar f`. */
function randomBy(g: Gen, t: Tab): By {
  const plain = (cs: string[]): By => ({
    q: cs.join(","),
    cols: cs.map((c) => colOf(t, c)),
    keyOf: (r) => cs.map((c) => r[c]),
    pre: [],
  });
  const forms: (() => By)[] = [
    () => plain(["s"]),
    () => plain(["k"]),
    () => plain(g.some(["s", "k"], 2, 2)),
    () => plain([g.pick(t.cols.filter((c) => c.name === "b" || c.name === "d" || c.name === "s")).name]),
    () => ({
      q: "km:k mod 3",
      cols: [{ name: "km", t: "j" }],
      keyOf: (r) => [floorMod(r.k)],
      pre: [rowWhere("not null k", (r) => !isNull(r.k))],
    }),
    () => ({
      q: "fb:10 xbar f",
      cols: [{ name: "fb", t: "f" }],
      keyOf: (r) => [r.f === null ? null : 10 * Math.floor((r.f as number) / 10)],
      pre: [],
    }),
  ];
  return g.pick(forms)();
}

/** Aggregates that apply to a column of type t. */
function aggsFor(t: string): string[] {
  if (t === "j" || t === "f") return Object.keys(AGGS);
  if (t === "s") return ["first", "last", "count"];
  return ["min", "max", "first", "last", "count"];
}

/** A named aggregate column of a select: its text, type, value over a group's rows, and constraints it needs. */
interface AggCol {
  q: string;
  col: Col;
  of(rows: Row[]): Cell;
  pre?: Where[];
}

/**
 * Constraints an aggregate needs: svar and sdev only over null-free items,
 * as whether their n counts nulls (ref/var.md gives `count x`) is unclear.
 */
function nullFree(agg: string, c: string): Where[] {
  return agg === "svar" || agg === "sdev" ? [rowWhere(`not null ${c}`, (r) => !isNull(r[c]))] : [];
}

function randomAgg(g: Gen, t: Tab, i: number): AggCol {
  const name = `a${i}`;
  if (g.chance(0.15)) return { q: `${name}:count i`, col: { name, t: "j" }, of: (rows) => BigInt(rows.length) };
  const c = g.pick(t.cols.filter((x) => x.name !== "tm" && x.name !== "b"));
  const agg = g.pick(aggsFor(c.t)), a = AGGS[agg];
  return {
    q: `${name}:${agg} ${c.name}`,
    col: { name, t: a.type(c.t) },
    of: (rows) => a.f(column(rows, c.name), c.t),
    pre: nullFree(agg, c.name),
  };
}

/** Rows of a keyed result: each group's key columns and aggregate columns. */
function groupedRows(rows: Row[], by: By, aggs: AggCol[]): Row[] {
  return groupBy(rows, by.keyOf).map((gr) => {
    const o: Row = {};
    by.cols.forEach((c, i) => (o[c.name] = gr.key[i]));
    for (const a of aggs) o[a.col.name] = a.of(gr.rows);
    return o;
  });
}

/** Aggregates selected from the whole (filtered) table, or by groups. */
function aggregateCase(g: Gen, spec: Spec, t: Tab, aggs: AggCol[], extra: Where[] = []): Case {
  const ws = [...extra, ...aggs.flatMap((a) => a.pre ?? []), ...wheres(g, spec, t, 0, 1)],
    phrase = aggs.map((a) => a.q).join(", ");
  if (g.chance(0.25)) {
    const rows = filter(t.rows, ws), o: Row = {};
    for (const a of aggs) o[a.col.name] = a.of(rows);
    return { q: `select ${phrase} from t${whereText(ws)}`, expect: tabResult(aggs.map((a) => a.col), [o]) };
  }
  const by = randomBy(g, t), all = [...by.pre, ...ws], rows = groupedRows(filter(t.rows, all), by, aggs);
  const cols = [...by.cols, ...aggs.map((a) => (rows.length ? a.col : { ...a.col, t: "?" }))];
  return { q: `select ${phrase} by ${by.q} from t${whereText(all)}`, expect: tabResult(cols, rows, by.cols.length) };
}

/** `select a0:agg c, … [by …] from t [where …]`. */
const selectAggregate: Template = (g, spec, t) => {
  const aggs = Array.from({ length: g.int(1, 3) }, (_, i) => randomAgg(g, t, i));
  return aggregateCase(g, spec, t, aggs);
};

/** `x wavg y` and `x wsum y` over rows with neither null. */
const selectWeighted: Template = (g, spec, t) => {
  const aggs: AggCol[] = [
    { q: "w0:v wavg f", col: { name: "w0", t: "f" }, of: (rows) => wavg(column(rows, "v"), column(rows, "f")) },
    { q: "w1:f wsum v", col: { name: "w1", t: "f" }, of: (rows) => wsum(column(rows, "f"), column(rows, "v")) },
    { q: "w2:f wavg f", col: { name: "w2", t: "f" }, of: (rows) => wavg(column(rows, "f"), column(rows, "f")) },
  ];
  const pre = [rowWhere("not null v", (r) => !isNull(r.v)), rowWhere("not null f", (r) => !isNull(r.f))];
  return aggregateCase(g, spec, t, g.some(aggs, 1, 3), pre);
};

/** Atomic functions of aggregates: `(max v)-min v`, `(sum f)%count i`, `(max f)-min f`. */
const selectAtomic: Template = (g, spec, t) => {
  const of = (agg: string, c: string, rows: Row[]) => AGGS[agg].f(column(rows, c), colOf(t, c).t);
  const aggs: AggCol[] = [
    {
      q: "r0:(max v)-min v",
      col: { name: "r0", t: "j" },
      of: (rows) => BigInt.asIntN(64, (of("max", "v", rows) as bigint) - (of("min", "v", rows) as bigint)),
    },
    {
      q: "r1:(sum f)%count i",
      col: { name: "r1", t: "f" },
      of: (rows) => fl((of("sum", "f", rows) as number) / rows.length),
    },
    {
      q: "r2:(max f)-min f",
      col: { name: "r2", t: "f" },
      of: (rows) => fl((of("max", "f", rows) as number) - (of("min", "f", rows) as number)),
    },
  ];
  return aggregateCase(g, spec, t, g.some(aggs, 1, 3));
};

/** Unnamed columns named as basics/qsql.md#computed-columns shows: leftmost name, else x, suffixed when taken. */
const selectAutoNames: Template = (g, spec, t) => {
  const ws = wheres(g, spec, t, 0, 1), rows = filter(t.rows, ws);
  if (g.chance(0.5)) {
    const out = rows.map((r) => ({
      s: r.s,
      s1: r.s,
      x: r.f === null ? null : 2 * (r.f as number),
      f: r.f === null || r.v === null ? null : (r.f as number) + Number(r.v),
      f1: r.f === null ? null : -(r.f as number),
    }));
    const cols = ["s", "s1", "x", "f", "f1"].map((name) => ({ name, t: name[0] === "s" ? "s" : "f" }));
    return { q: `select s, s, 2*f, f+v, neg f from t${whereText(ws)}`, expect: tabResult(cols, out) };
  }
  const o = { v: AGGS.sum.f(column(rows, "v"), "j"), v1: AGGS.max.f(column(rows, "v"), "j") };
  return {
    q: `select sum v, max v from t${whereText(ws)}`,
    expect: tabResult([{ name: "v", t: "j" }, { name: "v1", t: "j" }], [o]),
  };
};

/** `select by c from t`: the last row of each group (ref/select.md#by-phrase). */
const selectByLast: Template = (g, spec, t) => {
  const ws = wheres(g, spec, t, 0, 1), key = g.pick(["s", "k"]);
  const rest = t.cols.filter((c) => c.name !== key);
  const rows = groupBy(filter(t.rows, ws), (r) => [r[key]]).map((gr) => gr.rows[gr.rows.length - 1]);
  return { q: `select by ${key} from t${whereText(ws)}`, expect: tabResult([colOf(t, key), ...rest], rows, 1) };
};

/** `exec c`, `exec distinct c`, `exec agg c`, `exec agg c by s`, `exec c1,c2`. */
const execForms: Template = (g, spec, t) => {
  const c = g.pick(t.cols.filter((x) => x.name !== "b")), agg = g.pick(aggsFor(c.t)), a = AGGS[agg];
  const ws = [...nullFree(agg, c.name), ...wheres(g, spec, t, 0, 1)], rows = filter(t.rows, ws), w = whereText(ws);
  const items = column(rows, c.name);
  switch (g.int(0, 4)) {
    case 0:
      return { q: `exec ${c.name} from t${w}`, expect: { kind: "vec", t: c.t, items } };
    case 1: {
      const d = distinctRows(rows, [c.name]).map((r) => r[c.name]);
      return { q: `exec distinct ${c.name} from t${w}`, expect: { kind: "vec", t: c.t, items: d } };
    }
    case 2:
      return { q: `exec ${agg} ${c.name} from t${w}`, expect: { kind: "atom", t: a.type(c.t), cell: a.f(items, c.t) } };
    case 3: {
      const groups = groupBy(rows, (r) => [r.s]);
      return {
        q: `exec ${agg} ${c.name} by s from t${w}`,
        expect: {
          kind: "dict",
          key: groups.map((gr) => gr.key[0]),
          value: groups.map((gr) => a.f(column(gr.rows, c.name), c.t)),
          kt: "s",
          vt: a.type(c.t),
          unordered: true,
        },
      };
    }
  }
  const cs = g.some(names(t), 2, 2);
  return {
    q: `exec ${cs.join(",")} from t${w}`,
    expect: { kind: "dict", key: cs, value: cs.map((x) => column(rows, x)), kt: "s", vt: " " },
  };
};

/** Rows of t with `f` applied to those passing the Where phrase; new column `name` null elsewhere. */
function updated(t: Tab, ws: Where[], name: string, f: (r: Row) => Cell, nul: Cell): Row[] {
  const hit = new Set(filter(t.rows, ws));
  return t.rows.map((r) => ({ ...r, [name]: hit.has(r) ? f(r) : name in r ? r[name] : nul }));
}

/** `update` of existing and new columns, with and without by (ref/update.md). */
const updateForms: Template = (g, spec, t) => {
  const ws = wheres(g, spec, t, 0, 2), w = whereText(ws);
  const add = (c: Col) => [...t.cols, c];
  const neg = (x: Cell) => (x === null ? null : BigInt.asIntN(64, -(x as bigint)));
  // by forms only over a non-empty selection: what q adds when no group exists is unclear
  switch (g.int(0, filter(t.rows, ws).length ? 4 : 2)) {
    case 0:
      return {
        q: `update f:f+1.5 from t${w}`,
        expect: tabResult(t.cols, updated(t, ws, "f", (r) => (r.f === null ? null : (r.f as number) + 1.5), null)),
      };
    case 1: {
      const c = { name: "w", t: "f" };
      return {
        q: `update w:2*f from t${w}`,
        expect: tabResult(add(c), updated(t, ws, "w", (r) => (r.f === null ? null : 2 * (r.f as number)), null)),
      };
    }
    case 2:
      return { q: `update v:neg v from t${w}`, expect: tabResult(t.cols, updated(t, ws, "v", (r) => neg(r.v), null)) };
    case 3: {
      const per = new Map<Row, Cell>();
      for (const gr of groupBy(filter(t.rows, ws), (r) => [r.k])) {
        const s = sums(column(gr.rows, "v"));
        gr.rows.forEach((r, i) => per.set(r, s[i]));
      }
      return {
        q: `update cs:sums v by k from t${w}`,
        expect: tabResult(add({ name: "cs", t: "j" }), updated(t, ws, "cs", (r) => per.get(r)!, null)),
      };
    }
  }
  const per = new Map<Row, Cell>();
  for (const gr of groupBy(filter(t.rows, ws), (r) => [r.s])) {
    const m = AGGS.max.f(column(gr.rows, "f"), "f");
    for (const r of gr.rows) per.set(r, m);
  }
  return {
    q: `update m:max f by s from t${w}`,
    expect: tabResult(add({ name: "m", t: "f" }), updated(t, ws, "m", (r) => per.get(r)!, null)),
  };
};

/** `delete from t where …` and `delete c1[,c2] from t`. */
const deleteForms: Template = (g, spec, t) => {
  if (g.chance(0.5)) {
    const ws = wheres(g, spec, t, 1, 2), gone = new Set(filter(t.rows, ws));
    return { q: `delete from t${whereText(ws)}`, expect: tabResult(t.cols, t.rows.filter((r) => !gone.has(r))) };
  }
  const drop = g.some(names(t), 1, 2);
  return {
    q: `delete ${drop.join(",")} from t`,
    expect: tabResult(t.cols.filter((c) => !drop.includes(c.name)), t.rows),
  };
};

/** `select from t where … (agg;x) fby key …`. */
const selectFby: Template = (g, spec, t) => {
  const ws = [...wheres(g, spec, t, 0, 1), fbyWhere(g, t), ...wheres(g, spec, t, 0, 1)];
  return { q: `select from t${whereText(ws)}`, expect: tabResult(t.cols, filter(t.rows, ws)) };
};

/** A keyed table on k with distinct keys (a null key sometimes), a long w, and sometimes the float f. */
function keyedTable(g: Gen, spec: Spec, t: Tab): Tab {
  const kc = colOf(t, "k");
  const keys = g.some([...[-2, -1, 0, 1, 2, 3, 4, 5].map((x) => (kc.t === "j" ? BigInt(x) : x)), null], 0, 6);
  const cols: Col[] = [kc, { name: "w", t: "j" }, ...(g.chance(0.5) ? [{ name: "f", t: "f" }] : [])];
  const rows = keys.map((k) => ({ ...randomRows(g, spec, cols.slice(1), 1)[0], k }));
  return { cols, rows, keys: 1 };
}

/** `t lj kt`, `t ij kt`, `t pj kt`. */
const keyedJoins: Template = (g, spec, t) => {
  const kt = keyedTable(g, spec, t), op = g.pick(["lj", "ij", "pj"]);
  const r = op === "pj" ? plusJoin(t, kt) : leftJoin(t, kt, op === "ij");
  return { q: `t ${op} kt`, setup: [["kt", kt]], expect: tabResult(r.cols, r.rows) };
};

/** `t uj t2` with t2 sharing some columns and adding `w`. */
const unionJoinForm: Template = (g, spec, t) => {
  const cols = [...g.some(t.cols, 1, t.cols.length), { name: "w", t: "f" }];
  const t2: Tab = { cols, rows: randomRows(g, spec, cols, g.int(0, 8)), keys: 0 };
  const r = unionJoin(t, t2);
  return { q: "t uj t2", setup: [["t2", t2]], expect: tabResult(r.cols, r.rows) };
};

/** `ej[`k;t;t2]` with repeated and null keys in t2. */
const equiJoinForm: Template = (g, spec, t) => {
  const cols = [colOf(t, "k"), { name: "w", t: "j" }, ...(g.chance(0.5) ? [{ name: "f", t: "f" }] : [])];
  const t2: Tab = { cols, rows: randomRows(g, spec, cols, g.int(0, 8)), keys: 0 };
  const r = equiJoin(["k"], t, t2);
  return { q: "ej[`k;t;t2]", setup: [["t2", t2]], expect: tabResult(r.cols, r.rows) };
};

/** `aj[`s`tm;t;qt]` with qt sorted by time within symbol, no null symbols or times. */
const asofJoinForm: Template = (g, spec, t) => {
  const cols: Col[] = [{ name: "s", t: "s" }, { name: "tm", t: "t" }, { name: "p", t: "f" }, { name: "qn", t: "j" }];
  const rows = randomRows(g, spec, cols, g.int(0, 12)).map((r) => ({ ...r, s: g.pick(spec.pool) }));
  const qt: Tab = { cols, rows: sortRows(sortRows(rows, "tm", false), "s", false), keys: 0 };
  const r = asofJoin(["s"], "tm", t, qt);
  return { q: "aj[`s`tm;t;qt]", setup: [["qt", qt]], expect: tabResult(r.cols, r.rows) };
};

/** The table read back as it was built, and equal (`~`) to its q literal. */
const roundTrip: Template = (_g, _spec, t) => ({
  q: `$[t~${tableText(t)};t;'literal]`,
  expect: tabResult(t.cols, t.rows),
});

const TEMPLATES: Record<string, Template> = {
  roundTrip,
  selectWhere,
  selectLimit,
  selectOrder,
  selectDistinct,
  selectAggregate,
  selectAggregate2: selectAggregate,
  selectWeighted,
  selectAtomic,
  selectAutoNames,
  selectByLast,
  execForms,
  updateForms,
  deleteForms,
  selectFby,
  keyedJoins,
  unionJoinForm,
  equiJoinForm,
  asofJoinForm,
};

// ------------------------------------------------------------ running

/** The difference between what BorF gives for a case and what the model expects, or "". */
function check(session: Session, c: Case): [string, Result | string] {
  for (const [name, tab] of c.setup ?? []) bindTable(session, name, tab);
  let actual: Result;
  try {
    actual = readResult(session, session.eval(c.q));
  } catch (e) {
    return [`error ${(e as Error).message}`, String((e as Error).message)];
  }
  return [resultDiff(c.expect, actual), actual];
}

function failureText(i: number, name: string, t: Tab, c: Case, diff: string, actual: Result | string): string {
  const setup = (c.setup ?? []).map(([n, tab]) => `  q)${n}:${tableText(tab)}`);
  const shown = typeof actual === "string" ? actual : resultText(actual);
  return [
    `[${name}] seed=${SEED} table=${i}: ${diff}`,
    `  q)t:${tableText(t)}`,
    ...setup,
    `  q)${c.q}`,
    `  expected: ${resultText(c.expect).replaceAll("\n", "\n    ")}`,
    `  actual:   ${shown.replaceAll("\n", "\n    ")}`,
  ].join("\n");
}

Deno.test(`qSQL and joins on ${TABLES} random tables agree with a naive row-by-row reference (seed ${SEED})`, () => {
  const session = new Session({ out: () => {}, err: () => {} });
  const failures = new Map<string, { count: number; first: string }>();
  let cases = 0;
  for (let i = 0; i < TABLES; i++) {
    const g = new Gen(rng((SEED ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0));
    const [spec, t] = randomTable(g);
    bindTable(session, "t", t);
    for (const [name, template] of Object.entries(TEMPLATES)) {
      const c = template(g, spec, t);
      const [diff, actual] = check(session, c);
      cases++;
      if (!diff) continue;
      const f = failures.get(name);
      if (f) f.count++;
      else failures.set(name, { count: 1, first: failureText(i, name, t, c, diff, actual) });
    }
  }
  const report = [...failures.entries()].map(([name, f]) => `${name}: ${f.count} failing\n${f.first}`);
  assert.equal(failures.size, 0, `seed ${SEED}: mismatches in ${cases} cases\n\n${report.join("\n\n")}`);
});
