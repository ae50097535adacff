/**
 * `hopen` and `hclose`: connection handles, served by the IPC layer
 * through the host (see HandleOps; reference: ref/hopen.md).
 *
 * @module
 */

import { Atom, NIL, type Prim } from "../value/value.ts";
import { kw1 } from "./define.ts";
import { host } from "./host.ts";
import { toInt } from "./list.ts";

/** Keywords on connection handles. */
export const HANDLE_KEYWORDS: readonly Prim[] = [
  kw1("hopen", (x) => new Atom(-6, host.handles.open(x))),
  kw1("hclose", (x) => {
    host.handles.close(toInt(x));
    return NIL;
  }),
];
