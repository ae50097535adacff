/**
 * `explain "select …"` (beyond q): the plan a qSQL query runs with, on the
 * current data — rows read, columns read, each where-constraint and how
 * many rows it keeps, how groups are formed, and which aggregations are
 * fused with grouping — as a table of `step` and `detail`.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import type * as A from "../parse/ast.ts";
import { parse } from "../parse/parser.ts";
import { kw1 } from "../prim/define.ts";
import { describeJoin } from "../prim/joins.ts";
import { host } from "../prim/host.ts";
import { KEYWORDS } from "../prim/verbs.ts";
import { text, type Value, Vec } from "../value/value.ts";
import { compile, type Scope } from "./compile.ts";
import { explainPlan, explainTable, planQSql } from "./qsql.ts";

/** Explains the qSQL query in string `x`. */
export function explain(x: Value): Value {
  if (!(x instanceof Vec) || x.t !== 10) return qerr("type", "explain takes a qSQL query as a string");
  const src = text(x);
  const stmts = parse(src);
  const node = stmts.length === 1 ? stmts[0] : undefined;
  if (!node || node.k !== "qsql") return qerr("type", "explain takes one select, exec, update or delete");
  const sc: Scope = {
    locals: null,
    ns: "",
    src,
    globals: {
      get: (name) => host.lookup(name),
      set: (name, _ns, v) => host.assign(name, v),
      system: (c) => host.system(c),
      deleteFrom: () => false, // explain plans a query; it never runs one
    },
  };
  const plan = planQSql(node, sc, compile);
  const lines = explainPlan(plan, sc, { vars: [], ret: false });
  lines.splice(1, 0, ...joinLines(node.from, sc));
  return explainTable([[node.op, src], ...lines]);
}

/** The join strategy when the from phrase is a join (`x lj y`, `aj[c;t;q]`, …). */
function joinLines(from: A.Node, sc: Scope): [string, string][] {
  const run = (n: A.Node | null) => compile(n, sc)({ vars: [], ret: false });
  if (from.k === "dyad" && from.f.k === "name") return describeJoin(from.f.name, [run(from.x), run(from.y)]);
  if (from.k === "index" && from.f.k === "name") return describeJoin(from.f.name, from.args.map(run));
  return [];
}

KEYWORDS.set("explain", kw1("explain", explain));
