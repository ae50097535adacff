/**
 * `(f;x) fby g`: for each item of `x`, the aggregate `f` of the items in
 * its group of `g` (a list, or a table for several grouping columns).
 * Written for where-clauses: `select from t where px=(max;px) fby sym`.
 * Aggregates the query engine fuses (`sum`, `max`, `avg`, …) run in one
 * pass over the rows; any other function runs once per group.
 *
 * @module
 */

import { qerr } from "../err/qerror.ts";
import { GROUPED } from "../qsql/aggregate.ts";
import { groupMembers, groupRows, keyCodes } from "../qsql/group.ts";
import { fromItems } from "../value/items.ts";
import { Atom, count, List, Prim, Table, type Value, Vec } from "../value/value.ts";
import { apply1 } from "./apply.ts";
import { kw2 } from "./define.ts";
import { gather, raze, take } from "./list.ts";

function fby(x: Value, g: Value): Value {
  if (!(x instanceof List) || x.a.length !== 2) return qerr("type", "fby takes (f;x) on its left");
  const [f, vals] = x.a;
  const n = count(vals);
  if (count(g) !== n) return qerr("length", "fby needs one group value per item");
  const keys = g instanceof Table ? g.data : [g];
  const grouping = groupRows(keys.map((k) => keyCodes(k, null)), n);
  const fused = f instanceof Prim && f.t === 101 ? GROUPED.get(f.name) : undefined;
  if (fused && fused.arity === 1 && vals instanceof Vec) {
    return gather(fused.run([vals], null, grouping, n), grouping.gid);
  }
  // otherwise group by group: one value per group, or one per row of the group
  const { order, start } = groupMembers(grouping, n);
  const res = new Array<Value>(grouping.count);
  let atoms = true;
  for (let j = 0; j < grouping.count; j++) {
    const r = apply1(f, gather(vals, order.subarray(start[j], start[j + 1])));
    if (r.t >= 0 && count(r) !== start[j + 1] - start[j]) {
      qerr("length", "fby: f must give one value, or one per row of the group");
    }
    res[j] = r;
    atoms &&= r.t < 0;
  }
  if (atoms) return gather(fromItems(res), grouping.gid);
  const back = new Int32Array(n);
  for (let p = 0; p < n; p++) back[order[p]] = p;
  const whole = res.map((r, j) => (r.t < 0 ? take(new Atom(-7, BigInt(start[j + 1] - start[j])), r) : r));
  return gather(raze(new List(whole)), back);
}

/** The `fby` keyword. */
export const FBY_KEYWORDS: readonly Prim[] = [kw2("fby", fby)];
