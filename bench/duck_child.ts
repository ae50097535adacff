/**
 * DuckDB for `bench/compare.ts`, in a process of its own (as db-benchmark
 * runs each solution): its threads and the gigabytes it holds must not
 * share a process with borf's measurements.
 *
 * Reads one JSON request per line on stdin and answers each with one
 * JSON line on stdout:
 *
 * - `{"op":"load","name":…,"file":…,"enums":[…],"types":{…}}` loads a CSV
 *   file into table `name` with the benchmark's column types, turning the
 *   `enums` columns into ENUMs.
 * - `{"op":"ask","sql":…,"cols":[…]|null}` runs a question into a table
 *   and answers `{"ms":…,"chk":[…]}`: the time, and the sums of `cols`
 *   (by default, every column not named `id<n>`).
 * - `{"op":"drop","name":…}` drops a table.
 *
 * A failure answers `{"error":…}`.
 *
 * @module
 */

import { DuckDBInstance } from "@duckdb/node-api";

const duck = await (await DuckDBInstance.create(":memory:", { threads: String(navigator.hardwareConcurrency) }))
  .connect();

async function load(name: string, file: string, enums: string[], types: Record<string, string>): Promise<void> {
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

async function ask(sql: string, checkCols: string[] | null): Promise<{ ms: number; chk: number[] }> {
  const t0 = performance.now();
  await duck.run(`CREATE OR REPLACE TEMP TABLE ans AS ${sql}`);
  await duck.runAndReadAll("SELECT count(*) FROM ans");
  const ms = performance.now() - t0;
  const cols = checkCols ??
    (await duck.runAndReadAll("SELECT * FROM ans LIMIT 0")).columnNames().filter((c) => !/^id\d$/.test(c));
  const r = await duck.runAndReadAll(`SELECT ${cols.map((c) => `sum(${c})::DOUBLE`).join(", ")} FROM ans`);
  await duck.run("DROP TABLE ans");
  return { ms, chk: (r.getRows()[0] as unknown[]).map(Number) };
}

async function answer(line: string): Promise<unknown> {
  const req = JSON.parse(line);
  switch (req.op) {
    case "load":
      await load(req.name, req.file, req.enums, req.types);
      return {};
    case "ask":
      return await ask(req.sql, req.cols);
    case "drop":
      await duck.run(`DROP TABLE ${req.name}`);
      return {};
    default:
      throw new Error(`unknown request ${req.op}`);
  }
}

const encoder = new TextEncoder();
let pending = "";
for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
  pending += chunk;
  let nl: number;
  while ((nl = pending.indexOf("\n")) >= 0) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    let reply: unknown;
    try {
      reply = await answer(line);
    } catch (e) {
      reply = { error: String(e) };
    }
    await Deno.stdout.write(encoder.encode(JSON.stringify(reply) + "\n"));
  }
}
