/**
 * borf: a q-family array language (BorF) for Deno.
 *
 * Open a session, evaluate BorF, and read results back as JavaScript —
 * vectors as their typed arrays, without copies:
 *
 * ```ts
 * import { Session, toJS } from "./mod.ts";
 *
 * const q = new Session({ out: () => {} });
 * q.eval("t:([]sym:`a`b`a;px:10 20 30f)");
 * const total = toJS(q.eval("sum t`px"));            // 60
 * const px = toJS(q.eval("t`px")) as Float64Array;   // Float64Array [10, 20, 30]
 * console.log(total, px, q.line("t").text);
 * ```
 *
 * `q.line(src)` runs console input and returns exactly what the q console
 * would print; `q.eval(src)` returns the value (and throws {@link QError}
 * with q's error name on failure).
 *
 * Splayed tables on disk (Lsmer): create, append, read columns in place.
 *
 * ```ts
 * import { schema, SplayedTable } from "./mod.ts";
 *
 * const db = Deno.makeTempDirSync();
 * const t = SplayedTable.create(db, "trades", schema({ sym: "symbol", px: "float", size: "long" }));
 * t.appendRow(["ibm", 101.5, 100n]);
 * t.appendColumns({ sym: ["msft", "ibm"], px: new Float64Array([40.25, 102]), size: [200, 300] });
 * const px = t.view("px") as Float64Array;   // the mapped file itself: no copy
 * console.log(t.count, px, t.row(1));         // 3, Float64Array [101.5, 40.25, 102], …
 * t.close();
 * ```
 *
 * Appends are crash-safe: a killed process leaves the table at its last
 * committed row. Pass `{ sync: true }` to also survive a power loss.
 *
 * CSV files larger than memory stream straight into a splayed table:
 *
 * ```ts
 * import { csvToSplayed, loadText, saveText } from "./mod.ts";
 *
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/in.csv`, "sym,px\nibm,101.5\nmsft,40.25\n");
 * const rows = csvToSplayed(`${dir}/in.csv`, `${dir}/db`, "quotes", { types: "SF" }); // 2
 * saveText(`${dir}/out.csv`, loadText(`${dir}/in.csv`));                             // types inferred
 * ```
 *
 * A session can serve q IPC clients (q, kdb+ client libraries, other borf
 * processes), as `borf -p` does:
 *
 * ```ts
 * import { IpcServer, Session } from "./mod.ts";
 *
 * const q = new Session({ out: () => {} });
 * const server = IpcServer.attach(q, (code) => Deno.exit(code));
 * q.eval("\\p 0W");               // listen on any free port
 * console.log(q.eval("\\p"));     // the port, as q's \p shows it
 * await server.stop();
 * ```
 *
 * @module
 */

export { type LineResult, Session, type SessionIO } from "./src/eval/session.ts";
export type { Globals } from "./src/eval/compile.ts";
export type { HandleOps } from "./src/prim/host.ts";
export { QError, type Span } from "./src/err/qerror.ts";
export { compact, type ConsoleSize, DEFAULT_CONSOLE, render } from "./src/fmt/show.ts";
export { fromJS, type JSValue, toDate, toJS } from "./src/value/js.ts";
export { Atom, type AtomValue, Dict, Fn, Lambda, List, Table, type Value, Vec } from "./src/value/value.ts";
export { T, type TypedArray } from "./src/value/types.ts";
export { SplayedTable, type TableOptions } from "./src/storage/table.ts";
export { columnFromJS, schema, type TypeSpec } from "./src/storage/schema.ts";
export { listTables, splay } from "./src/storage/database.ts";
export { csvToSplayed, loadText, saveText, type SplayOptions } from "./src/io/stream.ts";
export { IpcServer } from "./src/ipc/server.ts";
export { retainFreedMemory } from "./ffi/libc.ts";
export type { ColumnMeta } from "./src/storage/meta.ts";
