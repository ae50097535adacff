/**
 * Storage benchmarks (Lsmer), measured side by side in one run:
 *
 * - appends one row at a time, and in batches of 10,000 rows against a
 *   plain sequential write of the same bytes;
 * - open + count of a 10M-row table;
 * - sum of a 1e8-row float column: mapped (warm and cold page cache), read
 *   into the JS heap, and a plain JS loop over a heap array (and C, when a
 *   compiler is present);
 * - a 4 GB column summed by a BorF process whose JS heap is capped at
 *   256 MB, which only works because columns are never copied into the heap.
 *
 * Run: `deno run -A bench/storage_report.ts [--small]` (writes about 5 GB to
 * a temporary directory, removed afterwards). Prints a markdown table.
 *
 * @module
 */

import { close as cclose, dropCache, fsync, O, open as copen } from "../ffi/libc.ts";
import { sumF64 } from "../src/prim/agg.ts";
import { HEADER_SIZE } from "../src/storage/format.ts";
import { schema } from "../src/storage/schema.ts";
import { SplayedTable } from "../src/storage/table.ts";

const small = Deno.args.includes("--small");
const BIG_ROWS = small ? 1e7 : 1e8;
const HUGE_ROWS = small ? 2.5e7 : 5e8;
const rows: string[][] = [];
const note = (name: string, value: string, detail = "") => {
  rows.push([name, value, detail]);
  console.error(`${name}: ${value} ${detail}`);
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

function plainSum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

const dir = Deno.makeTempDirSync({ prefix: "lsmer-bench-" });
try {
  // ---------------------------------------------------------------- row appends
  {
    const t = SplayedTable.create(dir, "rows", schema({ sym: "s", px: "f", n: "j" }));
    const n = 5000;
    const ms = time(() => {
      for (let i = 0; i < n; i++) t.appendRow(["ibm", i + 0.5, BigInt(i)]);
    });
    note(
      "append one row at a time",
      `${Math.round(n / (ms / 1000)).toLocaleString("en")} rows/s`,
      `${n} rows, each published`,
    );
    t.close();
  }

  // ---------------------------------------------------------------- batch appends
  {
    const batch = 10_000, batches = 200;
    const px = new Float64Array(batch).map((_, i) => i + 0.5);
    const n = new BigInt64Array(batch).map((_, i) => BigInt(i));
    const sym = Array.from({ length: batch }, (_, i) => `s${i % 100}`);
    const t = SplayedTable.create(dir, "batches", schema({ sym: "s", px: "f", n: "j" }));
    const tms: number[] = [], pms: number[] = [];
    const plain = Deno.openSync(`${dir}/plain.bin`, { write: true, create: true, truncate: true });
    const symBytes = new Uint8Array(batch * 4);
    const pxBytes = new Uint8Array(px.buffer), nBytes = new Uint8Array(n.buffer);
    for (let b = 0; b < batches; b++) {
      tms.push(time(() => t.appendColumns({ sym, px, n })));
      pms.push(time(() => {
        plain.writeSync(symBytes);
        plain.writeSync(pxBytes);
        plain.writeSync(nBytes);
      }));
    }
    plain.close();
    const bytes = batch * 20;
    const tRate = batch / (median(tms) / 1000), pRate = bytes / (median(pms) / 1000) / 1e6;
    note(
      "append batches of 10,000 rows",
      `${Math.round(tRate).toLocaleString("en")} rows/s`,
      `${(bytes / (median(tms) / 1000) / 1e6).toFixed(0)} MB/s; plain sequential write of the same bytes ${
        pRate.toFixed(0)
      } MB/s (ratio ${(pRate / (bytes / (median(tms) / 1000) / 1e6)).toFixed(2)}x)`,
    );
    t.close();
  }

  // ---------------------------------------------------------------- open + count
  {
    const t = SplayedTable.create(dir, "ten", schema({ px: "f", n: "j", s: "s" }));
    const batch = 1_000_000;
    const px = new Float64Array(batch),
      n = new BigInt64Array(batch),
      s = Array.from({ length: batch }, (_, i) => `k${i % 1000}`);
    for (let b = 0; b < 10; b++) t.appendColumns({ px, n, s });
    t.close();
    const ms: number[] = [];
    for (let k = 0; k < 7; k++) {
      ms.push(time(() => {
        const r = SplayedTable.open(dir, "ten");
        if (r.count !== 10 * batch) throw new Error("bad count");
        r.close();
      }));
    }
    note("open + count of a 10M-row table", `${median(ms).toFixed(2)} ms`, "median of 7");
  }

  // ---------------------------------------------------------------- 1e8 float sum
  {
    const t = SplayedTable.create(dir, "big", schema({ px: "f" }));
    const batch = new Float64Array(10_000_000).map((_, i) => (i % 1000) * 0.25);
    for (let b = 0; b < BIG_ROWS / batch.length; b++) t.appendColumns({ px: batch });
    t.close();
    const path = `${dir}/big/px`;
    const r = SplayedTable.open(dir, "big");
    const view = r.view("px") as Float64Array;
    const expect = plainSum(view);
    const per = (ms: number) => ((ms * 1e6) / BIG_ROWS).toFixed(2);
    const warm: number[] = [],
      cold: number[] = [],
      heapSum: number[] = [],
      heapRead: number[] = [],
      plain: number[] = [];
    for (let k = 0; k < 5; k++) warm.push(time(() => sumF64(view) === expect || fail()));
    for (let k = 0; k < 3; k++) {
      evict(path);
      const fresh = SplayedTable.open(dir, "big");
      cold.push(time(() => sumF64(fresh.view("px") as Float64Array) === expect || fail()));
      fresh.close();
    }
    for (let k = 0; k < 3; k++) {
      let heap: Float64Array | undefined;
      heapRead.push(time(() => {
        const bytes = Deno.readFileSync(path);
        heap = new Float64Array(bytes.buffer, HEADER_SIZE, BIG_ROWS);
      }));
      heapSum.push(time(() => sumF64(heap!) === expect || fail()));
    }
    const copy = new Float64Array(view);
    for (let k = 0; k < 5; k++) plain.push(time(() => plainSum(copy) === expect || fail()));
    r.close();
    note(
      `sum of ${BIG_ROWS.toExponential(0)} floats, mapped, warm cache`,
      `${per(median(warm))} ns/element`,
      `median of 5`,
    );
    note(
      `sum of ${BIG_ROWS.toExponential(0)} floats, mapped, cold cache`,
      `${per(median(cold))} ns/element`,
      "pages dropped with posix_fadvise before each run",
    );
    note(
      `sum of ${BIG_ROWS.toExponential(0)} floats, read into the JS heap`,
      `${per(median(heapRead) + median(heapSum))} ns/element`,
      `${per(median(heapRead))} reading + ${per(median(heapSum))} summing`,
    );
    note(
      `sum of ${BIG_ROWS.toExponential(0)} floats, plain JS loop over a heap array`,
      `${per(median(plain))} ns/element`,
      "reference",
    );
    const c = cSum(path, BIG_ROWS);
    if (c !== undefined) {
      note(`sum of ${BIG_ROWS.toExponential(0)} floats, C (gcc -O3, mmap)`, `${per(c)} ns/element`, "reference");
    }
  }

  // ---------------------------------------------------------------- larger than the heap
  {
    const t = SplayedTable.create(dir, "huge", schema({ px: "f" }));
    const batch = new Float64Array(10_000_000).fill(0.5);
    for (let b = 0; b < HUGE_ROWS / batch.length; b++) t.appendColumns({ px: batch });
    t.close();
    const main = new URL("../src/cli/main.ts", import.meta.url).pathname;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--v8-flags=--max-old-space-size=256", main, "-q"],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(`\\l ${dir}\n\\t s:exec sum px from huge\ns\n`));
    await w.close();
    const out = await child.output();
    const [ms, total] = new TextDecoder().decode(out.stdout).trim().split("\n");
    const bytes = HUGE_ROWS * 8;
    note(
      `sum of a ${(bytes / 1e9).toFixed(1)} GB (${(bytes / 2 ** 30).toFixed(1)} GiB) column with a 256 MB JS heap`,
      `${ms} ms`,
      `result ${total}; ${((Number(ms) * 1e6) / HUGE_ROWS).toFixed(2)} ns/element; exit code ${out.code}`,
    );
  }
} finally {
  Deno.removeSync(dir, { recursive: true });
}

function fail(): never {
  throw new Error("wrong sum");
}

/** Flushes a file and drops its pages from the page cache, so the next read comes from disk. */
function evict(path: string): void {
  const fd = copen(path, O.RDONLY);
  fsync(fd);
  dropCache(fd);
  cclose(fd);
}

/** Times a C mmap sum of the column file (median of 5), when gcc is available. */
function cSum(path: string, n: number): number | undefined {
  const src = `#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <time.h>
int main(int c, char**v){int fd=open(v[1],O_RDONLY);long n=atol(v[2]);
double*p=(double*)((char*)mmap(0,64+n*8,PROT_READ,MAP_SHARED,fd,0)+64);
double best[5];for(int k=0;k<5;k++){struct timespec a,b;clock_gettime(CLOCK_MONOTONIC,&a);
double s=0;for(long i=0;i<n;i++)s+=p[i];clock_gettime(CLOCK_MONOTONIC,&b);
best[k]=(b.tv_sec-a.tv_sec)*1e3+(b.tv_nsec-a.tv_nsec)/1e6;if(s==-1)puts("");}
for(int i=0;i<5;i++)for(int j=i+1;j<5;j++)if(best[j]<best[i]){double t=best[i];best[i]=best[j];best[j]=t;}
printf("%f\\n",best[2]);return 0;}`;
  try {
    const cfile = Deno.makeTempFileSync({ suffix: ".c" }), exe = cfile + ".out";
    Deno.writeTextFileSync(cfile, src);
    if (!new Deno.Command("gcc", { args: ["-O3", "-o", exe, cfile] }).outputSync().success) return undefined;
    const out = new Deno.Command(exe, { args: [path, String(n)], stdout: "piped" }).outputSync();
    Deno.removeSync(cfile);
    Deno.removeSync(exe);
    return Number(new TextDecoder().decode(out.stdout));
  } catch {
    return undefined;
  }
}

console.log(
  `Lsmer storage, ${
    new Date().toISOString().slice(0, 10)
  }, deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} CPUs\n`,
);
console.log("| benchmark | result | detail |\n| --- | --- | --- |");
for (const [a, b, c] of rows) console.log(`| ${a} | ${b} | ${c} |`);
