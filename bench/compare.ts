/**
 * The db-benchmark groupby and join questions (bench/questions.ts), run by
 * borf and by DuckDB on the same data, side by side.
 *
 *     deno task bench:compare [--data bench/data] [--rows 1e7] [--runs 3]
 *                             [--only groupby|join] [--write]
 *
 * Missing data is generated first (scripts/dbgen.ts; about a minute per
 * dataset at 1e7 rows). borf maps the splayed tables in this process;
 * DuckDB runs in a child process (bench/duck_child.ts), as db-benchmark
 * runs each solution in its own, and loads the CSV files into memory with
 * the benchmark's column types (ENUM ids, 32-bit v3), on all cores. Each question runs `--runs` times per engine,
 * alternating engines; the table shows the median time of each, their
 * ratio and whether the answers' checksums agree (with each other and
 * with the published checksum). `--write` puts the table into
 * bench/README.md between the compare markers.
 *
 * @module
 */

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import os from "node:os";
import { parseArgs } from "node:util";
import { Session } from "../src/eval/session.ts";
import { unkey } from "../src/prim/dict.ts";
import { Dict, isKeyed, Table, type Value, Vec } from "../src/value/value.ts";
import { generate } from "../scripts/dbgen.ts";
import { retainFreedMemory } from "../ffi/libc.ts";
import { GROUPBY, JOIN, type Question } from "./questions.ts";

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
const dir = resolve(values.data!), rows = Number(values.rows), runs = Number(values.runs);
const tag = rows.toExponential().replace("+", "");
const gFile = `${dir}/G1_${tag}_1e2_0_0.csv`;
const jFile = (s: string) => `${dir}/J1_${tag}_${s}_0_0.csv`;
const small = (rows / 1e6).toExponential().replace("+", ""), medium = (rows / 1e3).toExponential().replace("+", "");
const wantGroupby = values.only !== "join", wantJoin = values.only !== "groupby";
if (wantGroupby && !existsSync(gFile)) generate(dir, { rows, groupby: true, join: false, csv: true });
if (wantJoin && !existsSync(jFile("NA"))) generate(dir, { rows, groupby: false, join: true, csv: true });

const child = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", new URL("./duck_child.ts", import.meta.url).pathname],
  stdin: "piped",
  stdout: "piped",
}).spawn();
const toChild = child.stdin.getWriter();
const fromChild = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
let received = "";

/** Sends one request to the DuckDB process and waits for its answer. */
async function duck(req: Record<string, unknown>): Promise<Record<string, unknown>> {
  await toChild.write(new TextEncoder().encode(JSON.stringify(req) + "\n"));
  let nl: number;
  while ((nl = received.indexOf("\n")) < 0) {
    const { value, done } = await fromChild.read();
    if (done) throw new Error("the DuckDB process ended");
    received += value;
  }
  const reply = JSON.parse(received.slice(0, nl));
  received = received.slice(nl + 1);
  if (reply.error) throw new Error(`DuckDB: ${reply.error}`);
  return reply;
}

// as the borf command does
retainFreedMemory();
const session = new Session({ out: () => {}, err: () => {} });
session.eval(`\\l ${dir}/db`);

async function loadDuck(name: string, file: string, enums: string[], types: Record<string, string>): Promise<void> {
  await duck({ op: "load", name, file, enums, types });
}

async function duckAnswer(q: Question, cols: string[] | null): Promise<{ ms: number; chk: number[] }> {
  const r = await duck({ op: "ask", sql: q.sql, cols });
  return { ms: r.ms as number, chk: r.chk as number[] };
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
  await duck({ op: "drop", name: "x" });
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
  `${rows.toExponential()} rows; median of ${runs} runs each, engines alternating, each in its own process; DuckDB on all cores.`,
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
await toChild.close();
await child.status;
if (values.write) {
  // (the session's \\l changed the working directory, as q's does)
  const readme = new URL("./README.md", import.meta.url).pathname;
  const text = Deno.readTextFileSync(readme);
  const start = "<!-- compare:start -->", end = "<!-- compare:end -->";
  const a = text.indexOf(start), b = text.indexOf(end);
  if (a < 0 || b < 0) throw new Error(`${readme} has no ${start} … ${end} section`);
  Deno.writeTextFileSync(readme, text.slice(0, a + start.length) + "\n" + lines.join("\n") + "\n" + text.slice(b));
  // keep the file as deno fmt writes it
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "-q", readme] }).output();
}
