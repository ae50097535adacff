/**
 * Parser and evaluator fuzz test. Ten thousand inputs — random token soup
 * from q's alphabet, and valid q lines from the golden files mutated by
 * deletions, duplications and bracket insertions — each run through
 * `new Session(…).line(src)`, which must return normally: a bad input is a
 * BorF error in the result, and an `'internal` error (a non-BorF exception
 * that escaped) is a failure, as is a hang or a crash.
 *
 * The inputs run in a worker so that a hang or a crash is caught by a
 * watchdog and reported with its input; loops q itself would never leave
 * (`{x+1}/0`) are cut short by the evaluator's time limit (`'stop`).
 * Inputs come from a seeded PRNG: set BORF_FUZZ_SEED to try other seeds;
 * a failure names its seed and input.
 *
 * @module
 */

import assert from "node:assert/strict";
import { Session } from "../src/eval/session.ts";
import { rng } from "./_rng.ts";

const SEED = Number(Deno.env.get("BORF_FUZZ_SEED") ?? 20240611);
const INPUTS = 10_000;
/** Time limit for one input's loops, in ms. */
const LOOP_LIMIT_MS = 200;
/** Silence from the worker after which an input counts as hung, in ms. */
const HANG_MS = 5_000;
/** Allowance for the worker to load its modules before the first result. */
const STARTUP_MS = 60_000;

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** Tokens of q: literals, names, keywords, operators, iterators, punctuation. */
const ALPHABET: readonly string[] = [
  ..."0 1 2 3 10 -1 -2 1.5 -0.5 0N 0W 0n 0b 1b 101b 0x0f 3h 4i 5j 2.5e 2024.01.02 12:30 0D01".split(" "),
  ...'`a `b `a`b ` "" "a" "ab" "a/b"'.split(" "),
  ..."x y z a b f g d t m .foo.x .z.s".split(" "),
  ..."til count first last sum neg enlist where reverse key value type string raze flip not null".split(" "),
  ..."each over scan prior in and or mod div like cut sv vs inter union except".split(" "),
  ..."if do while select from by exec update delete".split(" "),
  ..."+ - * % ! & | < > = ~ , ^ # _ $ ? @ . <= >= <> +: ,: -:".split(" "),
  ..."' / \\ ': /: \\: :: :".split(" "),
  ..."( ) [ ] { } ; $[ [x] [x;y] ([] a:1 2)".split(" "),
];

/** Random token soup: 1 to 12 tokens, glued or separated by a blank. */
function soup(r: Rand): string {
  let s = "";
  for (let n = int(r, 1, 12); n > 0; n--) s += (r() < 0.5 ? "" : " ") + pick(r, ALPHABET);
  return s;
}

const PAIRS: readonly string[] = ["()", "[]", "{}"];

/**
 * A valid line mutated 1 to 3 times: a span of up to 6 characters deleted,
 * duplicated or wrapped in a bracket pair, or a lone bracket inserted.
 */
function mutate(r: Rand, line: string): string {
  let s = line;
  for (let n = int(r, 1, 3); n > 0; n--) {
    const i = int(r, 0, s.length), j = Math.min(s.length, i + int(r, 1, 6));
    const k = r();
    if (k < 0.35) s = s.slice(0, i) + s.slice(j);
    else if (k < 0.65) s = s.slice(0, j) + s.slice(i, j) + s.slice(j);
    else {
      const [open, close] = pick(r, PAIRS);
      s = k < 0.85
        ? s.slice(0, i) + open + s.slice(i, j) + close + s.slice(j)
        : s.slice(0, i) + pick(r, [open, close]) + s.slice(i);
    }
  }
  return s;
}

/** Every input line of the golden files, in a fixed order. */
function corpus(): string[] {
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const e of [...Deno.readDirSync(dir)].sort((a, b) => a.name.localeCompare(b.name))) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory) walk(p);
      else if (e.name.endsWith(".txt")) {
        for (const l of Deno.readTextFileSync(p).split("\n")) if (l.startsWith("q)")) lines.push(l.slice(2));
      }
    }
  };
  walk(new URL("./golden", import.meta.url).pathname);
  return lines;
}

/**
 * Inputs that could reach outside the session (file handles `` `: ``) or
 * allocate beyond any time limit (numbers of 8 digits and more) are not run.
 */
function safe(src: string): boolean {
  return !src.includes("`:") && !/\d{8}/.test(src);
}

/** The fuzz inputs for `seed`: half soup, half mutated corpus lines. */
function inputs(seed: number, n: number): string[] {
  const r = rng(seed);
  const lines = corpus();
  const out: string[] = [];
  while (out.length < n) {
    const src = r() < 0.5 || lines.length === 0 ? soup(r) : mutate(r, pick(r, lines));
    const one = src.replaceAll("\n", " ");
    if (safe(one)) out.push(one);
  }
  return out;
}

/**
 * The worker: runs each input in a fresh session whose `\` commands are
 * limited to the harmless ones (no shell, files or timing), and posts null
 * or a description of the failure.
 */
const WORKER_SRC = `
import { Session } from ${JSON.stringify(new URL("../src/eval/session.ts", import.meta.url).href)};
import { setTimeLimit } from ${JSON.stringify(new URL("../src/prim/iterate.ts", import.meta.url).href)};
import { QError } from ${JSON.stringify(new URL("../src/err/qerror.ts", import.meta.url).href)};
class Sandbox extends Session {
  system(cmd) {
    if (["", "c", "P", "d", "v", "f", "a"].includes(/^\\s*(\\S*)/.exec(cmd)[1])) return super.system(cmd);
    throw new QError("access", "system commands are off in the fuzz test");
  }
}
const io = { out() {}, err() {}, exit() {} };
self.onmessage = (e) => {
  for (const src of e.data) {
    let failure = null;
    try {
      setTimeLimit(${LOOP_LIMIT_MS});
      const r = new Sandbox(io).line(src);
      if (r.error && r.error.qname === "internal") failure = r.error.message;
    } catch (err) {
      failure = "thrown: " + (err && err.stack || err);
    } finally {
      setTimeLimit(0);
    }
    self.postMessage(failure);
  }
};
`;

interface Failure {
  index: number;
  src: string;
  why: string;
}

/**
 * Runs `srcs` from `from` on in a new worker until all are done or one
 * hangs or kills the worker; resolves to the failures and where it stopped.
 */
function runWorker(srcs: string[], from: number): Promise<{ failures: Failure[]; next: number }> {
  const url = URL.createObjectURL(new Blob([WORKER_SRC], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module" });
  const failures: Failure[] = [];
  let at = from;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise((resolve) => {
    const finish = (why?: string) => {
      clearTimeout(timer);
      worker.terminate();
      URL.revokeObjectURL(url);
      if (why !== undefined) failures.push({ index: at, src: srcs[at], why });
      resolve({ failures, next: why === undefined ? at : at + 1 });
    };
    const arm = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(`no result after ${ms} ms (hang)`), ms);
    };
    worker.onmessage = (e: MessageEvent<string | null>) => {
      if (e.data !== null) failures.push({ index: at, src: srcs[at], why: e.data });
      at++;
      if (at === srcs.length) finish();
      else arm(HANG_MS);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      finish(`worker died: ${e.message}`);
    };
    arm(STARTUP_MS);
    worker.postMessage(srcs.slice(from));
  });
}

Deno.test("fuzz: random and mutated inputs never crash, hang or escape as internal errors", async () => {
  const srcs = inputs(SEED, INPUTS);
  const failures: Failure[] = [];
  // run in a scratch directory, in case an input manages to write a file
  const home = Deno.cwd(), scratch = Deno.makeTempDirSync({ prefix: "borf-fuzz-" });
  Deno.chdir(scratch);
  try {
    for (let from = 0; from < srcs.length;) {
      const run = await runWorker(srcs, from);
      failures.push(...run.failures);
      from = run.next;
    }
  } finally {
    Deno.chdir(home);
    Deno.removeSync(scratch, { recursive: true });
  }
  const report = failures.slice(0, 20).map((f) => `#${f.index} ${JSON.stringify(f.src)}\n    ${f.why}`);
  assert.equal(failures.length, 0, `seed ${SEED}: ${failures.length} failing inputs\n${report.join("\n")}`);
});

/** Pathologically deep or long inputs, each of which must end in a BorF error. */
const DEEP: readonly string[] = [
  "(".repeat(5000) + "1" + ")".repeat(5000),
  "[".repeat(5000) + "]".repeat(5000),
  "{".repeat(5000) + "}".repeat(5000),
  "{".repeat(2000) + "x" + "}".repeat(2000) + " 1",
  "-".repeat(50000) + "1",
  "1" + "'".repeat(5000),
  "+" + "/".repeat(5000) + "[1 2]",
  "f:{f x};f 1",
  "(".repeat(5000),
  "]".repeat(5000),
];

Deno.test("fuzz: deep nesting gives a BorF error, not a crash", () => {
  const io = { out() {}, err() {}, exit() {} };
  for (const src of DEEP) {
    const r = new Session(io).line(src);
    const what = JSON.stringify(src.slice(0, 30));
    assert.ok(r.error, `${what}… should fail`);
    assert.notEqual(r.error.qname, "internal", `${what}…: ${r.error.message}`);
  }
});
