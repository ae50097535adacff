/**
 * A BorF session: the global variables and namespaces, console settings,
 * `\` system commands, and evaluation of source text (a console line or a
 * script). This is what the CLI, the REPL and `mod.ts` drive.
 *
 * @module
 */

import { ExitRequest, locate, qerr, QError, toQError } from "../err/qerror.ts";
import { compact, type ConsoleSize, DEFAULT_CONSOLE, render } from "../fmt/show.ts";
import type * as A from "../parse/ast.ts";
import { parse } from "../parse/parser.ts";
import { symVector } from "../prim/dict.ts";
import { apply1 } from "../prim/apply.ts";
import { getSeed, setSeed } from "../prim/random.ts";
import { DOTQ_S } from "../prim/strings.ts";
import { type HandleOps, NO_HANDLES, setHost } from "../prim/host.ts";
import { NI } from "../value/nulls.ts";
import { intern } from "../value/sym.ts";
import { NS_PER_DAY, UNIX_EPOCH_DAYS } from "../value/temporal.ts";
import { Atom, Dict, Fn, List, NIL, str, Table, type Value, Vec } from "../value/value.ts";
import { compileBody, dotField, type Globals, type Scope } from "./compile.ts";
import { TEXT_IO_GLOBALS } from "../prim/textio.ts";
import { MEMORY_GLOBALS } from "../prim/memory.ts";
import { collectIfGrown, noteDropped } from "../value/collect.ts";
import { listTables } from "../storage/database.ts";
import { partitionsOf } from "../storage/partitioned.ts";
import { isDirectory, onFile } from "../io/files.ts";
import { FILE_IO_GLOBALS } from "../prim/fileio.ts";
import { functionalQuery } from "./functional.ts";
import { loadScript } from "./script.ts";
import { Store } from "./store.ts";

/** Where a session writes. */
export interface SessionIO {
  /** Standard output, one line (callers add the newline). */
  out(text: string): void;
  /** Standard error, one line. */
  err(text: string): void;
  /** Called for `\\` (exit). */
  exit(code: number): void;
  /**
   * Standard output exactly as given, no newline added (`1 "text"`). When
   * absent, a partial line is held and starts the next line written.
   */
  raw?(text: string): void;
  /**
   * Called when `\t n` sets the timer interval (0 stops it). The console
   * then calls {@link Session.tick} every n milliseconds while it waits
   * for input; without this hook the interval is kept but nothing fires.
   */
  timer?(ms: number): void;
}

const decoder = new TextDecoder();

/** The result of running one console input. */
export interface LineResult {
  /** What the console shows (empty when nothing is shown). */
  text: string;
  /** The error, if evaluation failed. */
  error?: QError;
}

/** Version reported by `.z.K` and the banner. */
export const VERSION = "0.1.0";

/** A BorF interpreter session. */
export class Session implements Globals {
  /** Global variables by absolute name (`x`, `.ns.x`). */
  readonly vars = new Map<string, Value>();
  /** Current namespace (`""` is the root), as set by `\d`. */
  ns = "";
  /** Console size and float precision (`\c`, `\P`). */
  console: ConsoleSize = { ...DEFAULT_CONSOLE };
  /** Path of the script being loaded (`.z.f`). */
  scriptFile = "";
  /** Command-line arguments after the script (`.z.x`). */
  args: string[] = [];
  /** Databases mapped into this session. */
  readonly store = new Store();
  /** Where output goes, how exit and timers work (console, tests, embedding). */
  readonly io: SessionIO;
  /** Stdout text written without a newline, not yet part of a line (when `io.raw` is absent). */
  private partial = "";
  /** The timer interval in milliseconds (`\t n`); the console runs `.z.ts` on it. */
  private timer = 0;
  /** Connections (`h x`, `hopen`, `hclose`), set by the IPC layer when it runs. */
  handles: HandleOps = NO_HANDLES;
  /** Listens on a port (`\p n`; -1 any free port, 0 stops), returning it; set by the IPC layer. */
  listen: ((port: number) => number) | undefined;
  /** The port listened on (`\p`), 0 when not listening. */
  port = 0;
  /** The connection whose message is being evaluated (`.z.w`, `.z.u`); handle 0 is the console. */
  caller = { handle: 0, user: "" };

  /** The value the random seed was last set to (`\S`). */
  private seedSet = getSeed();

  /** A session writing through `io` (by default the process's stdout and stderr). */
  constructor(io?: Partial<SessionIO>) {
    this.io = {
      out: io?.out ?? ((s) => console.log(s)),
      err: io?.err ?? ((s) => console.error(s)),
      exit: io?.exit ?? ((c) => Deno.exit(c)),
      raw: io?.raw,
      timer: io?.timer,
    };
    this.vars.set(".Q.s", DOTQ_S);
    for (const [name, v] of [...TEXT_IO_GLOBALS, ...FILE_IO_GLOBALS, ...MEMORY_GLOBALS]) this.vars.set(name, v);
    this.install();
  }

  /** Makes this session the one primitives talk to. */
  install(): void {
    setHost({
      lookup: (name) => this.get(name, this.ns),
      assign: (name, v) => this.set(name, this.ns, v),
      evalText: (src) => this.eval(src),
      write: (fd, text) => this.write(fd, text),
      render: (v) => render(v, this.console),
      system: (cmd) => this.system(cmd),
      precision: () => this.console.precision,
      functional: (glyph, args) => functionalQuery(glyph, args, this.scope("")),
      exit: (code) => this.io.exit(code),
      storage: this.store,
      handles: {
        apply: (h, x) => this.handles.apply(h, x),
        open: (target) => this.handles.open(target),
        close: (h) => this.handles.close(h),
      },
    });
  }

  // ---------------------------------------------------------------- output

  /**
   * Writes to a q handle: -1 and -2 write lines to stdout and stderr, 1 and
   * 2 write the text as it is.
   */
  write(fd: number, text: string): void {
    if (fd === 2 || fd === -2) return this.io.err(text);
    if (fd < 0) return this.io.out(this.pending(text));
    if (this.io.raw) return this.io.raw(text);
    const lines = (this.partial + text).split("\n");
    this.partial = lines.pop()!;
    for (const line of lines) this.io.out(line);
  }

  /** `text` after any partial line written before it. */
  private pending(text: string): string {
    const t = this.partial + text;
    this.partial = "";
    return t;
  }

  // ---------------------------------------------------------------- globals

  /** `name` as seen from namespace `ns`: its absolute name. */
  private absolute(name: string, ns: string): string {
    return name.startsWith(".") || ns === "" ? name : `${ns}.${name}`;
  }

  /** Reads a global as seen from namespace `ns`; raises 'name when undefined. */
  get(name: string, ns: string): Value {
    if (name.startsWith(".z.")) return this.dotZ(name);
    const abs = this.absolute(name, ns);
    const hit = this.store.lookup(abs) ?? this.vars.get(abs) ?? (abs !== name ? this.vars.get(name) : undefined) ??
      (name.includes(".") ? undefined : this.vars.get(".q." + name)); // .q names are seen from everywhere
    if (hit !== undefined) return hit;
    const nsDict = this.namespace(abs) ?? (abs !== name ? this.namespace(name) : undefined);
    if (nsDict) return nsDict;
    // a.b.c: the longest defined prefix, then fields of its value
    const parts = name.split(".");
    for (let k = parts.length - 1; k >= 1; k--) {
      const head = parts.slice(0, k).join(".");
      if (head === "") continue;
      const base = this.vars.get(this.absolute(head, ns)) ?? this.vars.get(head);
      if (base !== undefined) {
        return parts.slice(k).reduce((v, p) => dotField(v, p), base);
      }
    }
    return qerr(name, `${name} is undefined`);
  }

  deleteFrom(space: string, names: string[]): boolean {
    const ns = space === "." ? "" : space;
    if (ns !== "" && !this.namespace(ns)) return false;
    for (const n of names) {
      const abs = ns ? `${ns}.${n}` : n;
      this.store.forget(abs);
      const old = this.vars.get(abs);
      if (old) noteDropped(old);
      this.vars.delete(abs);
    }
    return true;
  }

  /** Writes a global as seen from namespace `ns`. */
  set(name: string, ns: string, v: Value): void {
    const abs = this.absolute(name, ns);
    this.store.forget(abs);
    const old = this.vars.get(abs);
    if (old) noteDropped(old);
    this.vars.set(abs, v);
  }

  /** Binds a global variable (in the current namespace) for BorF code to use. */
  bind(name: string, v: Value): void {
    this.set(name, this.ns, v);
  }

  /** A namespace as a dictionary of its members, if any variable lives in it. */
  private namespace(prefix: string): Value | undefined {
    if (!prefix.startsWith(".")) return undefined;
    const names: string[] = [], vals: Value[] = [];
    const p = prefix + ".";
    for (const [k, v] of this.vars) {
      if (!k.startsWith(p)) continue;
      const rest = k.slice(p.length), dot = rest.indexOf(".");
      const member = dot < 0 ? rest : rest.slice(0, dot);
      if (names.includes(member)) continue;
      names.push(member);
      vals.push(dot < 0 ? v : this.namespace(p + member)!);
    }
    if (names.length === 0) return undefined;
    return new Dict(symVector(["", ...names]), new List([NIL, ...vals]));
  }

  /** The `.z` system variables (clock, host, process, connection) and the `.z` handlers set. */
  private dotZ(name: string): Value {
    const now = Date.now();
    const offsetMin = -new Date(now).getTimezoneOffset();
    const utcNs = BigInt(now - UNIX_EPOCH_DAYS * 86_400_000) * 1_000_000n;
    const localNs = utcNs + BigInt(offsetMin) * 60_000_000_000n;
    const ms = (ns: bigint) => Number(((ns % NS_PER_DAY) + NS_PER_DAY) % NS_PER_DAY / 1_000_000n);
    const days = (ns: bigint) => Number((ns - (((ns % NS_PER_DAY) + NS_PER_DAY) % NS_PER_DAY)) / NS_PER_DAY);
    switch (name) {
      case ".z.p":
        return new Atom(-12, utcNs);
      case ".z.P":
        return new Atom(-12, localNs);
      case ".z.n":
        return new Atom(-16, ((utcNs % NS_PER_DAY) + NS_PER_DAY) % NS_PER_DAY);
      case ".z.N":
        return new Atom(-16, ((localNs % NS_PER_DAY) + NS_PER_DAY) % NS_PER_DAY);
      case ".z.d":
        return new Atom(-14, days(utcNs));
      case ".z.D":
        return new Atom(-14, days(localNs));
      case ".z.t":
        return new Atom(-19, ms(utcNs));
      case ".z.T":
        return new Atom(-19, ms(localNs));
      case ".z.z":
        return new Atom(-15, Number(utcNs) / 864e11);
      case ".z.Z":
        return new Atom(-15, Number(localNs) / 864e11);
      case ".z.K":
        return new Atom(-9, Number(VERSION.split(".").slice(0, 2).join(".")));
      case ".z.k":
        return new Atom(-14, 9821);
      case ".z.o":
        return new Atom(-11, intern(Deno.build.os === "linux" ? "l64" : Deno.build.os === "darwin" ? "m64" : "w64"));
      case ".z.i":
        return new Atom(-6, Deno.pid);
      case ".z.f":
        return new Atom(-11, intern(this.scriptFile));
      case ".z.x":
        return this.args.length ? new List(this.args.map((a) => str(a))) : new List([]);
      case ".z.h":
        return new Atom(-11, intern(Deno.hostname()));
      case ".z.w":
        return new Atom(-6, this.caller.handle);
      case ".z.u":
        return new Atom(-11, intern(this.caller.handle ? this.caller.user : Deno.env.get("USER") ?? ""));
    }
    const v = this.vars.get(name);
    if (v !== undefined) return v;
    return qerr(name, `${name} is undefined`);
  }

  // ---------------------------------------------------------------- evaluation

  /** The compile-time scope of top-level source `src`. */
  private scope(src: string): Scope {
    return { locals: null, ns: this.ns, globals: this, src };
  }

  /**
   * One timer event: `.z.ts` applied to the timestamp the event was
   * scheduled for (as q calls it). Returns the error it raised, if any;
   * an undefined `.z.ts` does nothing.
   */
  tick(scheduled: Date): QError | undefined {
    let f: Value;
    try {
      f = this.get(".z.ts", "");
    } catch {
      return undefined;
    }
    const ns = BigInt(scheduled.getTime() - UNIX_EPOCH_DAYS * 86400000) * 1000000n;
    try {
      this.install();
      apply1(f, new Atom(-12, ns));
      return undefined;
    } catch (e) {
      if (e instanceof QError || e instanceof RangeError) return toQError(e);
      throw e; // an exit request, or a bug
    }
  }

  /** Runs parsed statements, returning the last value. */
  private run(stmts: A.Node[], src: string): Value {
    this.install();
    let v: Value = NIL;
    for (const s of stmts) {
      collectIfGrown();
      const code = compileBody([s], this.scope(src));
      v = code({ vars: [], ret: false });
    }
    return v;
  }

  /** Evaluates source text and returns its value; throws QError on failure. */
  eval(src: string): Value {
    try {
      return this.run(parse(src), src);
    } catch (e) {
      if (e instanceof ExitRequest) throw e; // exit inside value "…" still ends the process
      throw toQError(e);
    }
  }

  /**
   * Runs one console input as the q console does: evaluates every
   * statement and shows the last result, unless it is an assignment, ends
   * in `;`, or is the generic null.
   */
  line(src: string): LineResult {
    try {
      const stmts = parse(src);
      if (stmts.length === 0) return { text: "" };
      const v = this.run(stmts, src);
      const last = stmts[stmts.length - 1];
      const tail = last.k === "seq" ? last.items[last.items.length - 1] : last;
      if (tail === null || tail.k === "assign" || tail.k === "sys" && v === NIL) return { text: "" };
      if (v === NIL) return { text: "" };
      return { text: this.pending(render(v, this.console)) };
    } catch (e) {
      if (e instanceof ExitRequest) throw e;
      const err = toQError(e);
      return { text: this.pending(`'${err.qname}`), error: err };
    }
  }

  /** The stderr explanation of an error: its hint and where it happened. */
  describe(err: QError): string {
    const where = locate(err.span);
    return [err.hint, where].filter(Boolean).join("\n");
  }

  /** Loads a script file (`\l`), executing it statement by statement. */
  load(path: string): Value {
    let src: string;
    try {
      src = Deno.readTextFileSync(path);
    } catch (e) {
      return qerr(path, `cannot read ${path}: ${(e as Error).message}`);
    }
    const saved = this.scriptFile;
    this.scriptFile = path;
    try {
      loadScript({ run: (stmts, s) => this.run(stmts, s) }, src);
    } finally {
      this.scriptFile = saved;
    }
    return NIL;
  }

  /**
   * `\l dir`: as q does, maps the database's tables, makes it the working
   * directory and runs its scripts (`*.q`, in name order). A directory with
   * no tables, symbol list or scripts is not a database: an error, and
   * nothing changes.
   */
  private loadDirectory(dir: string): Value {
    const root = onFile(dir, () => Deno.realPathSync(dir));
    const entries = onFile(dir, () => [...Deno.readDirSync(root)]);
    const scripts = entries.filter((e) => e.isFile && e.name.endsWith(".q")).map((e) => e.name).sort();
    const tables = listTables(root);
    const database = tables.length > 0 || entries.some((e) => e.name === "sym") || partitionsOf(root) !== undefined;
    if (!database && scripts.length === 0) {
      return qerr(dir, `${dir}: not a database (no splayed tables, partitions, sym file or scripts)`);
    }
    for (const name of this.store.loadDatabase(root)) this.vars.delete(name);
    Deno.chdir(root);
    for (const f of scripts) this.load(f);
    return NIL;
  }

  // ---------------------------------------------------------------- system commands

  /** Runs a `\` command (text after the backslash). */
  system(cmd: string): Value {
    const [, name, reps, rest] = /^\s*([^\s:]*)(?::(\d+))?\s*([\s\S]*)$/.exec(cmd)!;
    const arg = rest.trim();
    switch (name) {
      case "":
        return NIL;
      case "\\":
        this.io.exit(0);
        return NIL;
      case "c": {
        if (!arg) return intVec([this.console.rows, this.console.cols]);
        const [r, c] = arg.split(/\s+/).map(Number);
        if (!(r > 0) || !(c > 0)) return qerr("domain", "\\c needs two positive numbers");
        this.console.rows = clamp(r, 10, 2000);
        this.console.cols = clamp(c, 10, 2000);
        return NIL;
      }
      case "P": {
        if (!arg) return new Atom(-6, this.console.precision);
        const p = Number(arg);
        if (!(p >= 0 && p <= 17) || !Number.isInteger(p)) return qerr("domain", "\\P needs 0..17");
        this.console.precision = p;
        return NIL;
      }
      case "d": {
        if (!arg) return new Atom(-11, intern(this.ns === "" ? "." : this.ns));
        if (!arg.startsWith(".")) return qerr("domain", "namespaces start with a dot");
        this.ns = arg === "." ? "" : arg;
        return NIL;
      }
      case "v":
      case "f":
      case "a":
        return this.listVars(name, arg);
      case "l":
        if (!arg) return qerr("domain", "\\l needs a file or database directory");
        return isDirectory(arg) ? this.loadDirectory(arg) : this.load(arg);
      case "t":
      case "ts":
        return this.time(name === "ts", reps === undefined ? 1 : Number(reps), arg);
      case "S":
        return this.seed(arg);
      case "sync": {
        // beyond q: whether appends to tables on disk fsync (see README, Storage)
        if (!arg) return new Atom(-1, this.store.sync ? 1 : 0);
        if (arg !== "0" && arg !== "1") return qerr("domain", "\\sync takes 0 or 1");
        this.store.sync = arg === "1";
        return NIL;
      }
      case "w": {
        const mem = Deno.memoryUsage();
        return longVec([mem.heapUsed, mem.heapTotal, mem.rss, 0, 0, mem.external]);
      }
      case "cd":
        if (!arg) return str(Deno.cwd());
        onFile(arg, () => Deno.chdir(arg));
        return NIL;
      case "__key":
        return this.keyOfName(arg);
      case "x":
        if (!arg.startsWith(".z.")) return qerr("domain", "\\x removes a .z handler, as in \\x .z.ts");
        this.vars.delete(arg);
        return NIL;
    }
    if (name === "p") {
      if (!arg) return new Atom(-6, this.port);
      const port = arg === "0W" ? -1 : Number(arg); // 0W: any free port
      if (!Number.isInteger(port) || port < -1 || port > 65535) return qerr("domain", "\\p takes a port number or 0W");
      if (!this.listen) return qerr("nyi", "listening needs the IPC layer (borf -p, or IpcServer.attach from mod.ts)");
      this.port = this.listen(port);
      return NIL;
    }
    if (name in FIXED_SETTINGS) {
      if (arg) return qerr("nyi", `\\${name} ${arg}: this setting cannot be changed in this version`);
      return new Atom(-6, FIXED_SETTINGS[name]);
    }
    if (name === "1" || name === "2" || name === "_") return qerr("nyi", `\\${name} is not available in this version`);
    return this.shell(cmd);
  }

  /** `\v`, `\f`, `\a`: the variables, functions or tables of a namespace. */
  private listVars(kind: string, ns: string): Value {
    const prefix = ns ? (ns === "." ? "" : ns) : this.ns;
    const names: string[] = kind === "f" || prefix !== "" ? [] : this.store.names();
    for (const [k, v] of this.vars) {
      const local = prefix === ""
        ? (k.startsWith(".") ? null : k)
        : k.startsWith(prefix + ".")
        ? k.slice(prefix.length + 1)
        : null;
      if (local === null || local.includes(".")) continue;
      if (kind === "f" && !(v instanceof Fn)) continue;
      if (kind === "a" && !(v instanceof Table)) continue;
      names.push(local);
    }
    names.sort();
    return symVector(names);
  }

  /** `key` of a name: a namespace's members. */
  private keyOfName(name: string): Value {
    if (name === "" || name === ".") {
      const spaces = new Set<string>();
      for (const k of this.vars.keys()) if (k.startsWith(".")) spaces.add(k.split(".")[1]);
      return symVector([...spaces].sort());
    }
    const ns = this.namespace(name);
    if (ns instanceof Dict) return ns.k;
    return qerr(name, `${name} is not a namespace`);
  }

  /**
   * `\t expr` and `\ts expr`: milliseconds (and bytes) to run expr `reps`
   * times; `\t` alone shows, and `\t n` sets, the timer interval.
   */
  private time(space: boolean, reps: number, src: string): Value {
    if (!space && /^\d*$/.test(src)) {
      if (src === "") return new Atom(-6, this.timer);
      this.timer = Number(src);
      this.io.timer?.(this.timer);
      return NIL;
    }
    const stmts = parse(src);
    const before = Deno.memoryUsage().heapUsed;
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) this.run(stmts, src);
    const ms = Math.round(performance.now() - t0);
    if (!space) return new Atom(-7, BigInt(ms));
    return longVec([ms, Math.max(0, Deno.memoryUsage().heapUsed - before)]);
  }

  /** `\S`: the seed last set; `\S 0N` the generator's current state; `\S n` restarts it from n. */
  private seed(arg: string): Value {
    if (arg === "") return new Atom(-6, this.seedSet);
    if (arg === "0N") return new Atom(-6, getSeed());
    const n = Number(arg);
    if (!Number.isInteger(n)) return qerr("type", "\\S needs an integer");
    this.seedSet = n | 0;
    setSeed(n);
    return NIL;
  }

  /** Runs a shell command (`system`, `\` lines that are not q commands); its output lines. */
  private shell(cmd: string): Value {
    try {
      const out = new Deno.Command("sh", { args: ["-c", cmd], stdout: "piped", stderr: "piped" }).outputSync();
      if (!out.success) return qerr("os", decoder.decode(out.stderr).trim() || `command failed: ${cmd}`);
      const lines = decoder.decode(out.stdout).split("\n");
      if (lines[lines.length - 1] === "") lines.pop();
      return new List(lines.map((l) => str(l)));
    } catch (e) {
      if (e instanceof QError) throw e;
      return qerr("os", (e as Error).message);
    }
  }

  /** The compact text of a value (as `-3!`). */
  show(v: Value): string {
    return compact(v, this.console.precision);
  }
}

/**
 * q settings borf has but does not let you change, with their values (a
 * q command of that name is never run as a shell command): error trap
 * `\e`, UTC offset `\o`, date format `\z`, secondary threads `\s`,
 * garbage collection mode `\g`, timeouts `\T` and `\W` (week offset).
 */
const FIXED_SETTINGS: Record<string, number> = { e: 0, o: NI, z: 0, s: 0, g: 0, T: 0, W: 2 };

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.trunc(v)));
}

function intVec(xs: number[]): Vec {
  return new Vec(6, Int32Array.from(xs));
}

function longVec(xs: number[]): Vec {
  return new Vec(7, BigInt64Array.from(xs.map((x) => BigInt(Math.round(x)))));
}
