/**
 * Generates the public db-benchmark data (see bench/README.md): the
 * groupby table `G1_<N>_1e2_0_0` and the join tables `J1_<N>_NA_0_0`
 * (left) with their small, medium and big right tables, drawn exactly as
 * the benchmark's R scripts draw them. Writes them as CSV files (for
 * DuckDB, and identical in content to the published files) and as a borf
 * database of splayed tables (`g1`, `jx`, `jsmall`, `jmedium`, `jbig`).
 *
 *     deno run -A scripts/dbgen.ts <dir> [--rows 1e7] [--groupby] [--join] [--no-csv]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { schema } from "../src/storage/schema.ts";
import { SplayedTable } from "../src/storage/table.ts";
import { groupby, label } from "./dbgen/groupby.ts";
import { joinData, type JoinTable } from "./dbgen/join.ts";

const encoder = new TextEncoder();

/** Writes rows to a CSV file in chunks (row i's fields from `row(i)`). */
function writeCsv(path: string, header: string, n: number, row: (i: number) => string): void {
  const f = Deno.openSync(path, { write: true, create: true, truncate: true });
  try {
    let buf = header + "\n";
    for (let i = 0; i < n; i++) {
      buf += row(i) + "\n";
      if (buf.length > 1 << 22) {
        f.writeSync(encoder.encode(buf));
        buf = "";
      }
    }
    f.writeSync(encoder.encode(buf));
  } finally {
    f.close();
  }
}

/** Appends columns to a new splayed table (replacing any old one) in batches of a million rows. */
export function writeTable(
  db: string,
  name: string,
  types: Record<string, string>,
  n: number,
  cols: (from: number, to: number) => Record<string, unknown>,
): void {
  try {
    Deno.removeSync(`${db}/${name}`, { recursive: true });
  } catch {
    // no previous table
  }
  const t = SplayedTable.create(db, name, schema(types));
  try {
    const step = 1_000_000;
    for (let from = 0; from < n; from += step) t.appendColumns(cols(from, Math.min(n, from + step)));
  } finally {
    t.close();
  }
}

function labels(ids: Int32Array, from: number, to: number, width: number): string[] {
  const out = new Array<string>(to - from);
  for (let i = from; i < to; i++) out[i - from] = width ? label(ids[i], width) : "id" + ids[i];
  return out;
}

function genGroupby(dir: string, n: number, csv: boolean): void {
  const t0 = performance.now();
  const d = groupby(n, 100);
  const nk = `${n.toExponential().replace("+", "")}_1e2_0_0`;
  if (csv) {
    writeCsv(
      `${dir}/G1_${nk}.csv`,
      "id1,id2,id3,id4,id5,id6,v1,v2,v3",
      n,
      (i) =>
        `${label(d.id1[i], 3)},${label(d.id2[i], 3)},${label(d.id3[i], 10)},${d.id4[i]},${d.id5[i]},${d.id6[i]},${
          d.v1[i]
        },${d.v2[i]},${d.v3[i]}`,
    );
  }
  writeTable(
    `${dir}/db`,
    "g1",
    { id1: "s", id2: "s", id3: "s", id4: "i", id5: "i", id6: "i", v1: "i", v2: "i", v3: "f" },
    n,
    (a, b) => ({
      id1: labels(d.id1, a, b, 3),
      id2: labels(d.id2, a, b, 3),
      id3: labels(d.id3, a, b, 10),
      id4: d.id4.subarray(a, b),
      id5: d.id5.subarray(a, b),
      id6: d.id6.subarray(a, b),
      v1: d.v1.subarray(a, b),
      v2: d.v2.subarray(a, b),
      v3: d.v3.subarray(a, b),
    }),
  );
  console.error(`groupby G1_${nk}: ${n} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function joinTable(dir: string, name: string, file: string, t: JoinTable, csv: boolean, v: string): void {
  const n = t.v.length, k = t.ids.length;
  const idNames = ["id1", "id2", "id3"].slice(0, k);
  const strNames = ["id4", "id5", "id6"].slice(0, k);
  if (csv) {
    writeCsv(`${dir}/${file}.csv`, [...idNames, ...strNames, v].join(","), n, (i) => {
      const ids = t.ids.map((c) => c[i]);
      return `${ids.join(",")},${ids.map((x) => "id" + x).join(",")},${t.v[i]}`;
    });
  }
  const types: Record<string, string> = {};
  for (const c of idNames) types[c] = "j";
  for (const c of strNames) types[c] = "s";
  types[v] = "f";
  writeTable(`${dir}/db`, name, types, n, (a, b) => {
    const cols: Record<string, unknown> = {};
    idNames.forEach((c, j) => (cols[c] = BigInt64Array.from(t.ids[j].subarray(a, b), (x) => BigInt(x))));
    strNames.forEach((c, j) => (cols[c] = labels(t.ids[j], a, b, 0)));
    cols[v] = t.v.subarray(a, b);
    return cols;
  });
}

function genJoin(dir: string, n: number, csv: boolean): void {
  const t0 = performance.now();
  const d = joinData(n);
  const e = (x: number) => x.toExponential().replace("+", "");
  joinTable(dir, "jx", `J1_${e(n)}_NA_0_0`, d.x, csv, "v1");
  joinTable(dir, "jsmall", `J1_${e(n)}_${e(n / 1e6)}_0_0`, d.small, csv, "v2");
  joinTable(dir, "jmedium", `J1_${e(n)}_${e(n / 1e3)}_0_0`, d.medium, csv, "v2");
  joinTable(dir, "jbig", `J1_${e(n)}_${e(n)}_0_0`, d.big, csv, "v2");
  console.error(`join J1_${e(n)}: ${n} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** What to generate: which datasets, how many rows, and whether to write CSV files too. */
export interface GenOptions {
  rows: number;
  groupby: boolean;
  join: boolean;
  csv: boolean;
}

/** Generates the chosen datasets into `dir` (CSV files) and `dir/db` (splayed tables). */
export function generate(dir: string, o: GenOptions): void {
  Deno.mkdirSync(`${dir}/db`, { recursive: true });
  if (o.groupby) genGroupby(dir, o.rows, o.csv);
  if (o.join) genJoin(dir, o.rows, o.csv);
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      rows: { type: "string", default: "1e7" },
      groupby: { type: "boolean" },
      join: { type: "boolean" },
      "no-csv": { type: "boolean" },
    },
  });
  const dir = positionals[0];
  if (!dir) {
    console.error("usage: deno run -A scripts/dbgen.ts <dir> [--rows 1e7] [--groupby] [--join] [--no-csv]");
    Deno.exit(2);
  }
  const both = !values.groupby && !values.join;
  generate(dir, {
    rows: Number(values.rows),
    groupby: both || !!values.groupby,
    join: both || !!values.join,
    csv: !values["no-csv"],
  });
}
