/**
 * The db-benchmark groupby and join questions, run by borf and by DuckDB
 * on the same data in the same process, side by side.
 *
 *     deno task bench:compare [--data bench/data] [--rows 1e7] [--runs 3]
 *                             [--only groupby|join] [--write]
 *
 * Missing data is generated first (scripts/dbgen.ts; about a minute per
 * dataset at 1e7 rows). borf maps the splayed tables; DuckDB loads the
 * CSV files into memory with the benchmark's column types (ENUM ids,
 * 32-bit v3), on all cores. Each question runs `--runs` times per engine,
 * alternating engines; the table shows the median time of each, their
 * ratio and whether the answers' checksums agree (with each other and
 * with the published checksum). `--write` puts the table into
 * bench/README.md between the compare markers.
 *
 * @module
 */

import { DuckDBInstance } from "@duckdb/node-api";
import { existsSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { Session } from "../src/eval/session.ts";
import { unkey } from "../src/prim/dict.ts";
import { Dict, isKeyed, Table, type Value, Vec } from "../src/value/value.ts";
import { generate } from "../scripts/dbgen.ts";

/** One benchmark question: its q and SQL, and the checksum the benchmark publishes. */
interface Question {
  id: string;
  name: string;
  q: string;
  sql: string;
  published: number[];
}

const GROUPBY: Question[] = [
  {
    id: "q1",
    name: "sum v1 by id1",
    q: "select v1:sum v1 by id1 from x",
    sql: "SELECT id1, sum(v1) AS v1 FROM x GROUP BY id1",
    published: [29998789],
  },
  {
    id: "q2",
    name: "sum v1 by id1:id2",
    q: "select v1:sum v1 by id1,id2 from x",
    sql: "SELECT id1, id2, sum(v1) AS v1 FROM x GROUP BY id1, id2",
    published: [29998789],
  },
  {
    id: "q3",
    name: "sum v1 mean v3 by id3",
    q: "select v1:sum v1, v3:avg v3 by id3 from x",
    sql: "SELECT id3, sum(v1) AS v1, avg(v3) AS v3 FROM x GROUP BY id3",
    published: [29998789, 4999720],
  },
  {
    id: "q4",
    name: "mean v1:v3 by id4",
    q: "select v1:avg v1, v2:avg v2, v3:avg v3 by id4 from x",
    sql: "SELECT id4, avg(v1) AS v1, avg(v2) AS v2, avg(v3) AS v3 FROM x GROUP BY id4",
    published: [299.988, 799.8942, 4999.767],
  },
  {
    id: "q5",
    name: "sum v1:v3 by id6",
    q: "select v1:sum v1, v2:sum v2, v3:sum v3 by id6 from x",
    sql: "SELECT id6, sum(v1) AS v1, sum(v2) AS v2, sum(v3) AS v3 FROM x GROUP BY id6",
    published: [29998789, 79989360, 499976651],
  },
  {
    id: "q6",
    name: "median v3 sd v3 by id4 id5",
    q: "select median_v3:med v3, sd_v3:sdev v3 by id4,id5 from x",
    sql: "SELECT id4, id5, quantile_cont(v3, 0.5) AS median_v3, stddev(v3) AS sd_v3 FROM x GROUP BY id4, id5",
    published: [499920.1, 288648.1],
  },
  {
    id: "q7",
    name: "max v1 - min v2 by id3",
    q: "select range_v1_v2:(max v1)-min v2 by id3 from x",
    sql: "SELECT id3, max(v1)-min(v2) AS range_v1_v2 FROM x GROUP BY id3",
    published: [399882],
  },
  {
    id: "q8",
    name: "largest two v3 by id6",
    q: "ungroup select largest2_v3:2 sublist desc v3 by id6 from x where not null v3",
    sql: "SELECT id6, unnest(max(v3, 2)) largest2_v3 FROM x WHERE v3 IS NOT NULL GROUP BY id6",
    published: [19700451],
  },
  {
    id: "q9",
    name: "regression v1 v2 by id2 id4",
    q: "select r2:{x*x} v1 cor v2 by id2,id4 from x",
    sql: "SELECT id2, id4, pow(corr(v1, v2), 2) AS r2 FROM x GROUP BY id2, id4",
    published: [9.838641],
  },
  {
    id: "q10",
    name: "sum v3 count by id1:id6",
    q: "select v3:sum v3, cnt:count i by id1,id2,id3,id4,id5,id6 from x",
    sql:
      "SELECT id1, id2, id3, id4, id5, id6, sum(v3) AS v3, count(*) AS count FROM x GROUP BY id1, id2, id3, id4, id5, id6",
    published: [499976651, 10000000],
  },
];

const JOIN: Question[] = [
  {
    id: "j1",
    name: "small inner on int",
    q: "x ij 1!select id1, small_id4:id4, v2 from small",
    sql: "SELECT x.*, small.id4 AS small_id4, v2 FROM x JOIN small USING (id1)",
    published: [450015154, 347720187],
  },
  {
    id: "j2",
    name: "medium inner on int",
    q: "x ij 1!select id2, medium_id1:id1, medium_id4:id4, medium_id5:id5, v2 from medium",
    sql:
      "SELECT x.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS medium_id5, v2 FROM x JOIN medium USING (id2)",
    published: [449954076, 449999845],
  },
  {
    id: "j3",
    name: "medium outer on int",
    q: "x lj 1!select id2, medium_id1:id1, medium_id4:id4, medium_id5:id5, v2 from medium",
    sql:
      "SELECT x.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS medium_id5, v2 FROM x LEFT JOIN medium USING (id2)",
    published: [500043741, 449999845],
  },
  {
    id: "j4",
    name: "medium inner on factor",
    q: "x ij 1!select id5, medium_id1:id1, medium_id2:id2, medium_id4:id4, v2 from medium",
    sql:
      "SELECT x.*, medium.id1 AS medium_id1, medium.id2 AS medium_id2, medium.id4 AS medium_id4, v2 FROM x JOIN medium USING (id5)",
    published: [449954076, 449999845],
  },
  {
    id: "j5",
    name: "big inner on int",
    q: "x ij 1!select id3, big_id1:id1, big_id2:id2, big_id4:id4, big_id5:id5, big_id6:id6, v2 from big",
    sql:
      "SELECT x.*, big.id1 AS big_id1, big.id2 AS big_id2, big.id4 AS big_id4, big.id5 AS big_id5, big.id6 AS big_id6, v2 FROM x JOIN big USING (id3)",
    published: [450032092, 449860429],
  },
];

/** Sums of the value columns of a borf answer (the benchmark's checksum; joins: v1 and v2). */
function borfChecksum(v: Value, cols: string[] | null): number[] {
  const t = isKeyed(v) ? unkey(v as Dict) : v;
  if (!(t instanceof Table)) throw new Error("answer is not a table");
  const keyCount = isKeyed(v) ? ((v as Dict).k as Table).cols.length : 0;
  const names = cols ?? t.cols.slice(keyCount).filter((c) => !/^id\d$/.test(c));
  return names.map((c) => {
    const col = t.data[t.cols.indexOf(c)];
    if (!(col instanceof Vec)) throw new Error(`column ${c} is not a vector`);
    let s = 0;
    const a = col.a;
    for (let i = 0; i < col.n; i++) {
      const x = Number(a[i]);
      if (!Number.isNaN(x) && x !== -2147483648 && x !== -9223372036854775808) s += x;
    }
    return s;
  });
}

/** Close enough to the published value, which is rounded to 7 significant digits. */
function agrees(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= 1e-6 * Math.max(1, Math.abs(b[i])) + 0.5e-3);
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One row of the result table. */
interface Row {
  q: Question;
  /** Median times (ms). */
  borf: number;
  duck: number;
  /** First-run times (ms): borf's include computing key codes it then keeps for the column. */
  borf1: number;
  duck1: number;
  ok: boolean;
}

const { values } = parseArgs({
  args: Deno.args,
  options: {
    data: { type: "string", default: "bench/data" },
    rows: { type: "string", default: "1e7" },
    runs: { type: "string", default: "3" },
    only: { type: "string" },
    write: { type: "boolean" },
  },
});
const dir = values.data!, rows = Number(values.rows), runs = Number(values.runs);
const tag = rows.toExponential().replace("+", "");
const gFile = `${dir}/G1_${tag}_1e2_0_0.csv`;
const jFile = (s: string) => `${dir}/J1_${tag}_${s}_0_0.csv`;
const small = (rows / 1e6).toExponential().replace("+", ""), medium = (rows / 1e3).toExponential().replace("+", "");
const wantGroupby = values.only !== "join", wantJoin = values.only !== "groupby";
if (wantGroupby && !existsSync(gFile)) generate(dir, { rows, groupby: true, join: false, csv: true });
if (wantJoin && !existsSync(jFile("NA"))) generate(dir, { rows, groupby: false, join: true, csv: true });

const duck = await (await DuckDBInstance.create(":memory:", { threads: String(navigator.hardwareConcurrency) }))
  .connect();
const session = new Session({ out: () => {}, err: () => {} });
session.eval(`\\l ${dir}/db`);

async function loadDuck(name: string, file: string, enums: string[], types: Record<string, string>): Promise<void> {
  const cols = Object.entries(types).map(([c, t]) => `'${c}': '${t}'`).join(", ");
  await duck.run(
    `CREATE OR REPLACE TABLE ${name}_csv AS SELECT * FROM read_csv('${file}', header=true, columns={${cols}})`,
  );
  for (const e of enums) {
    await duck.run(`CREATE TYPE ${name}_${e} AS ENUM (SELECT DISTINCT ${e} FROM ${name}_csv WHERE ${e} IS NOT NULL)`);
  }
  const sel = Object.keys(types).map((c) => (enums.includes(c) ? `${c}::${name}_${c} AS ${c}` : c)).join(", ");
  await duck.run(`CREATE OR REPLACE TABLE ${name} AS SELECT ${sel} FROM ${name}_csv`);
  await duck.run(`DROP TABLE ${name}_csv`);
}

async function duckAnswer(q: Question, checkCols: string[] | null): Promise<{ ms: number; chk: number[] }> {
  const t0 = performance.now();
  await duck.run(`CREATE OR REPLACE TEMP TABLE ans AS ${q.sql}`);
  await duck.runAndReadAll("SELECT count(*) FROM ans");
  const ms = performance.now() - t0;
  const cols = checkCols ??
    (await duck.runAndReadAll("SELECT * FROM ans LIMIT 0")).columnNames().filter((c) => !/^id\d$/.test(c));
  const r = await duck.runAndReadAll(`SELECT ${cols.map((c) => `sum(${c})::DOUBLE`).join(", ")} FROM ans`);
  await duck.run("DROP TABLE ans");
  return { ms, chk: (r.getRows()[0] as unknown[]).map(Number) };
}

function borfAnswer(q: Question, checkCols: string[] | null): { ms: number; chk: number[] } {
  const t0 = performance.now();
  const v = session.eval(`ans:${q.q}`) as Value;
  const ms = performance.now() - t0;
  return { ms, chk: borfChecksum(v, checkCols) };
}

async function runSet(qs: Question[], checkCols: string[] | null): Promise<Row[]> {
  const out: Row[] = [];
  for (const q of qs) {
    const b: number[] = [], d: number[] = [];
    let bc: number[] = [], dc: number[] = [];
    for (let r = 0; r < runs; r++) {
      const x = borfAnswer(q, checkCols);
      b.push(x.ms);
      bc = x.chk;
      const y = await duckAnswer(q, checkCols);
      d.push(y.ms);
      dc = y.chk;
    }
    const ok = agrees(bc, q.published) && agrees(dc, q.published);
    const row = { q, borf: median(b), duck: median(d), borf1: b[0], duck1: d[0], ok };
    console.error(
      `${q.id} borf ${row.borf.toFixed(0)} ms, duckdb ${row.duck.toFixed(0)} ms, checksums ${
        ok ? "agree" : `borf ${bc} duckdb ${dc}`
      }`,
    );
    out.push(row);
  }
  return out;
}

const results: Row[] = [];
if (wantGroupby) {
  await loadDuck("x", gFile, ["id1", "id2"], {
    id1: "VARCHAR",
    id2: "VARCHAR",
    id3: "VARCHAR",
    id4: "INTEGER",
    id5: "INTEGER",
    id6: "INTEGER",
    v1: "INTEGER",
    v2: "INTEGER",
    v3: "FLOAT",
  });
  session.eval("x:g1");
  results.push(...await runSet(GROUPBY, null));
  await duck.run("DROP TABLE x");
}
if (wantJoin) {
  const ids = { id1: "BIGINT", id2: "BIGINT", id3: "BIGINT", id4: "VARCHAR", id5: "VARCHAR", id6: "VARCHAR" };
  await loadDuck("x", jFile("NA"), ["id4", "id5"], { ...ids, v1: "DOUBLE" });
  await loadDuck("small", jFile(small), ["id4"], { id1: "BIGINT", id4: "VARCHAR", v2: "DOUBLE" });
  await loadDuck("medium", jFile(medium), ["id4", "id5"], {
    id1: "BIGINT",
    id2: "BIGINT",
    id4: "VARCHAR",
    id5: "VARCHAR",
    v2: "DOUBLE",
  });
  await loadDuck("big", jFile(tag), ["id4", "id5"], { ...ids, v2: "DOUBLE" });
  session.eval("x:jx;small:jsmall;medium:jmedium;big:jbig");
  results.push(...await runSet(JOIN, ["v1", "v2"]));
}

const geo = Math.exp(results.reduce((s, r) => s + Math.log(r.borf / r.duck), 0) / results.length);
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu}, ${navigator.hardwareConcurrency} cores, ${
    (os.totalmem() / 2 ** 30).toFixed(0)
  } GiB;`,
  `${rows.toExponential()} rows; median of ${runs} runs each, engines alternating, in one process; DuckDB on all cores.`,
  "",
  "| question | borf ms | DuckDB ms | borf/DuckDB | first run, borf / DuckDB ms | checksums |",
  "|---|---:|---:|---:|---:|---|",
  ...results.map((r) => {
    const first = `${r.borf1.toFixed(0)} / ${r.duck1.toFixed(0)}`;
    const ratio = (r.borf / r.duck).toFixed(2);
    return `| ${r.q.id} ${r.q.name} | ${r.borf.toFixed(0)} | ${r.duck.toFixed(0)} | ${ratio} | ${first} | ${
      r.ok ? "agree" : "DIFFER"
    } |`;
  }),
  `| geometric mean | | | ${geo.toFixed(2)} | | |`,
];
console.log(lines.join("\n"));
if (values.write) {
  const readme = "bench/README.md";
  const text = Deno.readTextFileSync(readme);
  const start = "<!-- compare:start -->", end = "<!-- compare:end -->";
  const a = text.indexOf(start), b = text.indexOf(end);
  if (a < 0 || b < 0) throw new Error(`${readme} has no ${start} … ${end} section`);
  Deno.writeTextFileSync(readme, text.slice(0, a + start.length) + "\n" + lines.join("\n") + "\n" + text.slice(b));
  // keep the file as deno fmt writes it
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", readme] }).output();
}
