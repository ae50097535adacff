/**
 * CSV loading speed: the db-benchmark groupby file (`id1..id3` symbols,
 * `id4..v2` ints, `v3` float: types `SSSIIIIIF`) loaded
 *
 * - by BorF's loader (`loadFile`, what `("SSSIIIIIF";enlist",") 0: file` runs),
 * - by q's `0:` in a session (the same, plus lexing and building the table),
 * - by a plain JS reference doing the same work for this one layout: bytes
 *   split and parsed in a hand-written loop into typed arrays, each symbol
 *   field made a string and interned through a `Map`,
 * - by naive JS: decode each chunk to a string, `split` lines and fields,
 *   `Number()` and a `Map`,
 * - by DuckDB's `read_csv` into an in-memory table, on one thread (as borf
 *   loads) and on all cores.
 *
 * Two ways to run it:
 *
 *     deno run -A bench/csv_bench.ts [file.csv]   # MB/s on a real file (default bench/data/G1_1e7_1e2_0_0.csv)
 *     deno bench -A bench/csv_bench.ts             # the same loaders on a generated 200k-row file
 *
 * @module
 */

import { DuckDBInstance } from "@duckdb/node-api";
import { Session } from "../src/eval/session.ts";
import { loadFile } from "../src/io/stream.ts";
import type { Atom } from "../src/value/value.ts";

const TYPES = "SSSIIIIIF";
const CHUNK = 1 << 24;

// ---------------------------------------------------------------- plain JS reference

/** Calls `each(buf, end)` with whole lines of the file, read in 16 MB chunks. */
function eachChunk(path: string, each: (buf: Uint8Array, end: number) => void): void {
  const f = Deno.openSync(path);
  try {
    let buf = new Uint8Array(CHUNK + 1), len = 0;
    for (;;) {
      const got = f.readSync(buf.subarray(len, CHUNK));
      if (got === null) {
        if (len > 0) {
          buf[len++] = 10;
          each(buf, len);
        }
        return;
      }
      len += got;
      const end = buf.lastIndexOf(10, len - 1) + 1;
      if (end === 0) {
        const b = new Uint8Array(buf.length * 2);
        b.set(buf);
        buf = b;
        continue;
      }
      each(buf, end);
      buf.copyWithin(0, end, len);
      len -= end;
    }
  } finally {
    f.close();
  }
}

/** Growable typed columns of the reference loaders. */
class RefColumns {
  n = 0;
  syms = [new Int32Array(1 << 16), new Int32Array(1 << 16), new Int32Array(1 << 16)];
  ints = [0, 1, 2, 3, 4].map(() => new Int32Array(1 << 16));
  f = new Float64Array(1 << 16);
  readonly names = new Map<string, number>();

  room(): void {
    if (this.n < this.f.length) return;
    const grow = <A extends Int32Array | Float64Array>(a: A): A => {
      const b = new (a.constructor as { new (n: number): A })(a.length * 2);
      b.set(a);
      return b;
    };
    this.syms = this.syms.map(grow);
    this.ints = this.ints.map(grow);
    this.f = grow(this.f);
  }

  sym(s: string): number {
    let id = this.names.get(s);
    if (id === undefined) this.names.set(s, id = this.names.size);
    return id;
  }
}

/** The reference: one hand-written pass over the bytes for exactly this layout. */
function plainLoad(path: string): number {
  const cols = new RefColumns();
  let header = true;
  eachChunk(path, (buf, end) => {
    let p = 0;
    if (header) {
      p = buf.indexOf(10) + 1;
      header = false;
    }
    while (p < end) {
      cols.room();
      const row = cols.n++;
      for (let c = 0; c < 3; c++) {
        const s = p;
        while (buf[p] !== 44) p++;
        let name = "";
        for (let i = s; i < p; i++) name += String.fromCharCode(buf[i]);
        cols.syms[c][row] = cols.sym(name);
        p++;
      }
      for (let c = 0; c < 5; c++) {
        let v = 0, neg = false;
        if (buf[p] === 45) {
          neg = true;
          p++;
        }
        for (let b = buf[p]; b !== 44; b = buf[++p]) v = v * 10 + b - 48;
        cols.ints[c][row] = neg ? -v : v;
        p++;
      }
      let m = 0, scale = 1, frac = false, neg = false;
      if (buf[p] === 45) {
        neg = true;
        p++;
      }
      for (let b = buf[p]; b !== 10 && b !== 13; b = buf[++p]) {
        if (b === 46) frac = true;
        else {
          m = m * 10 + b - 48;
          if (frac) scale *= 10;
        }
      }
      cols.f[row] = (neg ? -m : m) / scale;
      while (buf[p] !== 10) p++;
      p++;
    }
  });
  return cols.n;
}

/** Naive JS: strings and `split`. */
function naiveLoad(path: string): number {
  const cols = new RefColumns(), decoder = new TextDecoder();
  let header = true;
  eachChunk(path, (buf, end) => {
    const lines = decoder.decode(buf.subarray(0, end - 1)).split("\n");
    for (const line of header ? lines.slice(1) : lines) {
      const f = line.split(",");
      cols.room();
      const row = cols.n++;
      for (let c = 0; c < 3; c++) cols.syms[c][row] = cols.sym(f[c]);
      for (let c = 0; c < 5; c++) cols.ints[c][row] = Number(f[3 + c]);
      cols.f[row] = Number(f[8]);
    }
    header = false;
  });
  return cols.n;
}

// ---------------------------------------------------------------- the loaders compared

const session = new Session({ out: () => {}, err: () => {} });

/** A DuckDB loader on `threads` threads: the CSV read into an in-memory table with the file's types. */
async function duckLoader(threads: number): Promise<(path: string) => Promise<number>> {
  const db = await DuckDBInstance.create(":memory:", { threads: String(threads) });
  const con = await db.connect();
  const cols = "id1:'VARCHAR',id2:'VARCHAR',id3:'VARCHAR',id4:'INTEGER',id5:'INTEGER',id6:'INTEGER'," +
    "v1:'INTEGER',v2:'INTEGER',v3:'DOUBLE'";
  return async (path) => {
    await con.run(`CREATE OR REPLACE TABLE g AS SELECT * FROM read_csv('${path}', header=true, columns={${cols}})`);
    const r = await con.runAndReadAll("SELECT count(*) FROM g");
    return Number(r.getRows()[0][0]);
  };
}

const LOADERS: [string, (path: string) => number | Promise<number>][] = [
  ["borf loadFile", (path) => {
    const { columns } = loadFile(path, { types: TYPES, delim: 44, header: true });
    return (columns[0] as { n: number }).n;
  }],
  ["q 0: in a session", (path) => Number((session.eval(`count ("${TYPES}";enlist ",") 0: \`:${path}`) as Atom).v)],
  ["plain JS reference", plainLoad],
  ["naive JS (split)", naiveLoad],
  ["DuckDB read_csv, 1 thread", await duckLoader(1)],
  [`DuckDB read_csv, ${navigator.hardwareConcurrency} threads`, await duckLoader(navigator.hardwareConcurrency)],
];

/** Milliseconds of one call of `f`. */
async function time(f: () => unknown): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/** Prints a markdown table of MB/s per loader (best of `runs`, the loaders taking turns). */
async function report(path: string, runs: number): Promise<void> {
  const mb = Deno.statSync(path).size / 1e6;
  const best = LOADERS.map(() => Infinity);
  for (let r = 0; r < runs; r++) {
    for (const [i, [, load]] of LOADERS.entries()) best[i] = Math.min(best[i], await time(() => load(path)));
  }
  console.log(`${path}: ${mb.toFixed(0)} MB, best of ${runs}, loaders taking turns\n`);
  console.log("| loader | ms | MB/s |\n|---|---:|---:|");
  for (const [i, [name]] of LOADERS.entries()) {
    console.log(`| ${name} | ${best[i].toFixed(0)} | ${(mb / (best[i] / 1000)).toFixed(0)} |`);
  }
}

/** Writes a groupby-like CSV of `rows` rows (deterministic) to a temporary file. */
function generate(rows: number): string {
  const path = Deno.makeTempFileSync({ suffix: ".csv" });
  let x = 42;
  const r = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n);
  const lines = ["id1,id2,id3,id4,id5,id6,v1,v2,v3"];
  for (let i = 0; i < rows; i++) {
    const id = (n: number, w: number) => "id" + String(1 + r(n)).padStart(w, "0");
    lines.push(
      `${id(100, 3)},${id(100, 3)},${id(rows / 100, 10)},${1 + r(100)},${1 + r(100)},${1 + r(rows / 100)},` +
        `${1 + r(5)},${1 + r(15)},${(r(1e8) / 1e6).toFixed(6)}`,
    );
  }
  Deno.writeTextFileSync(path, lines.join("\n") + "\n");
  return path;
}

if (import.meta.main) {
  await report(Deno.args[0] ?? new URL("./data/G1_1e7_1e2_0_0.csv", import.meta.url).pathname, 3);
} else {
  const path = generate(200_000);
  globalThis.addEventListener("unload", () => Deno.removeSync(path));
  for (const [name, load] of LOADERS) {
    Deno.bench({
      name,
      group: "csv 200k rows",
      baseline: name === "plain JS reference",
      fn: async () => void await load(path),
    });
  }
}
