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
 * @module
 */

export { Session, type SessionIO } from "./src/eval/session.ts";
export { QError } from "./src/err/qerror.ts";
export { compact, DEFAULT_CONSOLE, render } from "./src/fmt/show.ts";
export { fromJS, type JSValue, toDate, toJS } from "./src/value/js.ts";
export { Atom, Dict, Fn, Lambda, List, Table, type Value, Vec } from "./src/value/value.ts";
export { T } from "./src/value/types.ts";
