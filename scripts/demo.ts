/**
 * The demo: builds a seeded market-data database (one trading day of
 * trades and quotes over a few hundred symbols) unless it exists, maps it
 * into a session, and runs showcase queries, printing each with its
 * result and time.
 *
 *     deno task demo [dir] [--trades 1e7] [--rebuild]
 *
 * The database goes to `dir`, by default `~/.cache/borf/demo`; building
 * it takes a few seconds per ten million trades, and later runs reuse it.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { Session } from "../src/eval/session.ts";
import { rng } from "../src/value/rng.ts";
import { NS_PER_DAY } from "../src/value/temporal.ts";
import { writeTable } from "./dbgen.ts";

/** Ticker-like names: `n` distinct upper-case codes of 2 to 4 letters. */
function tickers(n: number, rnd: () => number): string[] {
  const out = new Set<string>();
  while (out.size < n) {
    const len = 2 + Math.floor(rnd() * 3);
    let s = "";
    for (let i = 0; i < len; i++) s += String.fromCharCode(65 + Math.floor(rnd() * 26));
    out.add(s);
  }
  return [...out];
}

/** The trading day: 2026.11.20, 09:30 to 16:00, as nanoseconds since 2000.01.01. */
const DAY = 9820n * NS_PER_DAY;
const OPEN = DAY + 34_200_000_000_000n, SESSION_NS = 23_400_000_000_000;

/** Event times: `n` sorted offsets into the session with random gaps. */
function times(n: number, rnd: () => number): BigInt64Array {
  const gaps = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total += gaps[i] = -Math.log(1 - rnd());
  const out = new BigInt64Array(n), scale = SESSION_NS / total;
  let at = 0;
  for (let i = 0; i < n; i++) {
    at += gaps[i];
    out[i] = OPEN + BigInt(Math.floor(at * scale));
  }
  return out;
}

/** Builds the trade and quote tables of the demo database. */
function build(db: string, trades: number): void {
  const rnd = rng(20261120);
  const syms = tickers(300, rnd);
  // popular names trade more: symbol i has weight 1/(i+1)
  const cum = new Float64Array(syms.length);
  syms.forEach((_, i) => (cum[i] = (i ? cum[i - 1] : 0) + 1 / (i + 1)));
  const pick = () => {
    const r = rnd() * cum[cum.length - 1];
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const mid = Float64Array.from(syms, () => 10 + Math.floor(rnd() * 490));
  // quotes move each symbol's mid; a trade prints at its symbol's bid or ask of the moment
  const nq = 2 * trades, qt = times(nq, rnd), tt = times(trades, rnd);
  const qSym = new Int32Array(nq), bid = new Float64Array(nq), ask = new Float64Array(nq);
  const bsize = new Int32Array(nq), asize = new Int32Array(nq);
  const tSym = new Int32Array(trades), px = new Float64Array(trades), size = new Int32Array(trades);
  const cents = (x: number) => Math.round(x * 100) / 100;
  for (let i = 0, j = 0; i < nq || j < trades;) {
    if (j >= trades || (i < nq && qt[i] <= tt[j])) {
      const s = (qSym[i] = pick());
      mid[s] = Math.max(1, mid[s] * (1 + (rnd() - 0.5) * 0.0008));
      bid[i] = cents(mid[s] - 0.01);
      ask[i] = cents(mid[s] + 0.01);
      bsize[i] = 100 * (1 + Math.floor(rnd() * 20));
      asize[i] = 100 * (1 + Math.floor(rnd() * 20));
      i++;
    } else {
      const s = (tSym[j] = pick());
      px[j] = cents(mid[s] + (rnd() < 0.5 ? -0.01 : 0.01));
      size[j] = 100 * (1 + Math.floor(rnd() * 20));
      j++;
    }
  }
  const names = (of: Int32Array, from: number, to: number) => Array.from(of.subarray(from, to), (s) => syms[s]);
  Deno.mkdirSync(db, { recursive: true });
  writeTable(db, "trade", { time: "p", sym: "s", price: "f", size: "i" }, trades, (a, b) => ({
    time: tt.subarray(a, b),
    sym: names(tSym, a, b),
    price: px.subarray(a, b),
    size: size.subarray(a, b),
  }));
  writeTable(db, "quote", { time: "p", sym: "s", bid: "f", ask: "f", bsize: "i", asize: "i" }, nq, (a, b) => ({
    time: qt.subarray(a, b),
    sym: names(qSym, a, b),
    bid: bid.subarray(a, b),
    ask: ask.subarray(a, b),
    bsize: bsize.subarray(a, b),
    asize: asize.subarray(a, b),
  }));
}

/** The showcase: what each query shows, and the query. */
const SHOWCASE: [string, string][] = [
  ["How big is the day?", "(count trade; count quote; count distinct trade`sym)"],
  [
    "The busiest names: trades, volume and VWAP",
    "5#`n xdesc select n:count i, volume:sum size, vwap:size wavg price by sym from trade",
  ],
  ["The busiest name", "top:first exec sym from 1#`n xdesc select n:count i by sym from trade; top"],
  [
    "One-minute bars for it",
    "5#select open:first price, high:max price, low:min price, close:last price, volume:sum size by 1 xbar time.minute from trade where sym=top",
  ],
  [
    "Top movers over the day, in percent",
    "select[5;>move] sym, move from select move:100*((last price)%first price)-1 by sym from trade",
  ],
  [
    "The quote in force at each of its trades (as-of join)",
    "5#aj[`sym`time; select time, sym, price, size from trade where sym=top; select time, sym, bid, ask from quote]",
  ],
  ["How the one-minute bars run (borf's explain)", 'explain "select last price by sym, 1 xbar time.minute from trade"'],
];

const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { trades: { type: "string", default: "1e7" }, rebuild: { type: "boolean" } },
});
const home = Deno.env.get("HOME") ?? ".";
const db = positionals[0] ?? `${Deno.env.get("XDG_CACHE_HOME") ?? `${home}/.cache`}/borf/demo`;
const trades = Number(values.trades);
let exists = false;
try {
  exists = Deno.statSync(`${db}/trade/.meta`).isFile && !values.rebuild;
} catch {
  exists = false;
}
if (!exists) {
  console.log(
    `Building the demo database in ${db}: ${trades.toLocaleString("en")} trades, ${
      (2 * trades).toLocaleString("en")
    } quotes, 300 symbols…`,
  );
  const t0 = performance.now();
  build(db, trades);
  console.log(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
const q = new Session();
q.eval("\\c 25 160");
q.eval(`\\l ${db}`);
for (const [what, src] of SHOWCASE) {
  console.log(`/ ${what}`);
  console.log(`q)${src}`);
  const t0 = performance.now();
  const r = q.line(src);
  const ms = performance.now() - t0;
  console.log(r.text);
  console.log(`(${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms)\n`);
}
console.log(`Open the console on this database:\n  deno task borf ${db}\n(or, with borf installed, borf ${db})`);
