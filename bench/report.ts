/**
 * Runs the benchmarks with `deno bench --json` and prints markdown tables:
 * the front end in lines per second, and arithmetic in nanoseconds per item
 * with each case's ratio to the plain loop of its group (bold where a 1e7
 * case misses the 1.3x target).
 *
 *     deno run -A bench/report.ts                    # run every bench/*_bench.ts
 *     deno run -A bench/report.ts bench/arith_bench.ts
 *     deno run -A bench/report.ts --rounds 3         # median of 3 runs (shared machines)
 *     deno run -A bench/report.ts --save out.json    # also keep the raw JSON
 *     deno run -A bench/report.ts --load out.json    # re-render saved results
 *
 * With several rounds, each bench's avg and p75 are the medians of its
 * rounds: a burst of load from another process then moves one round, not
 * the table. A group's name ends in its size, `· 1e7 items` or `· 1000 lines`.
 *
 * @module
 */

/** The overhead target on 1e7 items, as a ratio to the plain loop. */
const TARGET = 1.3;

/** One bench's timing from `deno bench --json` (nanoseconds per iteration). */
interface Result {
  group: string;
  name: string;
  baseline: boolean;
  n: number;
  avg: number;
  p75: number;
}

interface BenchJson {
  cpu: string;
  runtime: string;
  benches: {
    group: string | null;
    name: string;
    baseline: boolean;
    results: { ok?: { n: number; avg: number; p75: number } }[];
  }[];
}

const here = new URL(".", import.meta.url);

/** Runs `deno bench --json` on `files` and returns its parsed output. */
async function runBenches(files: string[]): Promise<BenchJson> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["bench", "-A", "--json", ...files],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error("deno bench failed");
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** Every `*_bench.ts` next to this script. */
function benchFiles(): string[] {
  return [...Deno.readDirSync(here)]
    .filter((e) => e.isFile && e.name.endsWith("_bench.ts"))
    .map((e) => new URL(e.name, here).pathname)
    .sort();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Each bench's timings, merged over rounds (medians of avg and p75, total iterations). */
function results(rounds: BenchJson[]): Result[] {
  const byKey = new Map<string, Result[]>();
  for (const json of rounds) {
    for (const b of json.benches) {
      const ok = b.results[0]?.ok;
      if (!ok) continue;
      const r = { group: b.group ?? "", name: b.name, baseline: b.baseline, n: ok.n, avg: ok.avg, p75: ok.p75 };
      const key = `${r.group}\u0000${r.name}`;
      byKey.set(key, [...(byKey.get(key) ?? []), r]);
    }
  }
  return [...byKey.values()].map((rs) => ({
    ...rs[0],
    n: rs.reduce((k, r) => k + r.n, 0),
    avg: median(rs.map((r) => r.avg)),
    p75: median(rs.map((r) => r.p75)),
  }));
}

/** The size a group name ends with: `· 1e7 items` → [1e7, "items"]. */
function sizeOf(group: string): [number, string] {
  const m = /· (\S+) (items|lines)$/.exec(group);
  return m ? [Number(m[1]), m[2]] : [1, "runs"];
}

function fixed(v: number, digits: number): string {
  return v.toFixed(digits);
}

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Lines per second of each front-end bench. */
function linesTable(rs: Result[]): string {
  return table(
    ["benchmark", "ms/script (avg)", "ms/script (p75)", "lines/s (avg)", "lines/s (p75)", "iterations"],
    rs.map((r) => {
      const [lines] = sizeOf(r.group);
      const perSec = (ns: number) => Math.round(lines / (ns / 1e9)).toLocaleString("en-US");
      return [r.name, fixed(r.avg / 1e6, 1), fixed(r.p75 / 1e6, 1), perSec(r.avg), perSec(r.p75), String(r.n)];
    }),
  );
}

/** Nanoseconds per item and the ratio to the group's baseline. */
function itemsTable(rs: Result[]): string {
  const base = new Map(rs.filter((r) => r.baseline).map((r) => [r.group, r]));
  return table(
    ["group", "benchmark", "ns/item (avg)", "ns/item (p75)", "× plain (avg)", "× plain (p75)"],
    rs.map((r) => {
      const [items] = sizeOf(r.group);
      const b = base.get(r.group);
      const ratio = (v: number, bv: number | undefined) => {
        if (bv === undefined) return "";
        const text = fixed(v / bv, 2);
        return items >= 1e7 && v / bv > TARGET ? `**${text}**` : text;
      };
      return [
        r.group,
        r.name,
        fixed(r.avg / items, 2),
        fixed(r.p75 / items, 2),
        ratio(r.avg, b?.avg),
        ratio(r.p75, b?.p75),
      ];
    }),
  );
}

/** The cases over target at 1e7 (by avg and by p75), for the summary line. */
function overTarget(rs: Result[]): string[] {
  const base = new Map(rs.filter((r) => r.baseline).map((r) => [r.group, r]));
  return rs
    .filter((r) => sizeOf(r.group)[0] >= 1e7 && !r.name.startsWith("plain loop"))
    .filter((r) => {
      const b = base.get(r.group);
      return b !== undefined && r.avg / b.avg > TARGET && r.p75 / b.p75 > TARGET;
    })
    .map((r) => `${r.group}: ${r.name}`);
}

function denoVersion(): string {
  const out = new Deno.Command(Deno.execPath(), { args: ["--version"], stdout: "piped" }).outputSync();
  return new TextDecoder().decode(out.stdout).trim().split("\n").join(", ");
}

async function main(args: string[]): Promise<void> {
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args.splice(i, 2)[1];
  };
  const load = flag("--load"), save = flag("--save"), rounds = Number(flag("--rounds") ?? 1);
  const runs: BenchJson[] = load ? JSON.parse(Deno.readTextFileSync(load)) : [];
  for (let i = 0; !load && i < rounds; i++) runs.push(await runBenches(args.length ? args : benchFiles()));
  if (save) Deno.writeTextFileSync(save, JSON.stringify(runs));
  const rs = results(runs);
  const json = runs[0];
  const lines = rs.filter((r) => sizeOf(r.group)[1] === "lines");
  const items = rs.filter((r) => sizeOf(r.group)[1] === "items");
  const over = overTarget(items);
  console.log(`Date: ${new Date().toISOString().slice(0, 10)}`);
  console.log(`Machine: ${json.cpu}, ${navigator.hardwareConcurrency} vCPU; ${denoVersion()}`);
  console.log(`Rounds: ${runs.length}\n`);
  if (lines.length) console.log(`${lines[0].group}\n\n${linesTable(lines)}\n`);
  if (items.length) {
    console.log(`${itemsTable(items)}\n`);
    console.log(`1e7 cases over ${TARGET}x the plain loop (by both avg and p75): ${over.length}`);
    for (const o of over) console.log(`- ${o}`);
  }
}

if (import.meta.main) await main([...Deno.args]);
