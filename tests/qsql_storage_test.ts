/**
 * qSQL over mapped tables: a query reads only the columns it names (a
 * damaged column it does not name cannot affect it), a column it only
 * reads is used in place rather than copied, results are ordinary
 * in-memory values, and explain reports the mapped columns and the plan.
 *
 * @module
 */

import assert from "node:assert/strict";
import { Session } from "../src/eval/session.ts";
import { HEADER_SIZE } from "../src/storage/format.ts";
import { Table, Vec } from "../src/value/value.ts";

async function withDb(f: (db: string, q: Session) => void | Promise<void>): Promise<void> {
  const db = await Deno.makeTempDir(), cwd = Deno.cwd(); // \l makes the database the working directory
  const q = new Session({ out: () => {}, err: () => {} });
  try {
    q.eval(`\`:${db}/t/ set ([]sym:\`a\`b\`a\`c;px:1.5 2.5 3.5 4.5;n:1 2 3 4)`);
    q.eval(`\\l ${db}`);
    await f(db, q);
  } finally {
    Deno.chdir(cwd);
    await Deno.remove(db, { recursive: true });
  }
}

Deno.test("a query on a mapped table reads only the columns it names", async () => {
  await withDb(async (db, q) => {
    // damage the symbol column's data (not its header): queries that do not name it still work
    const bytes = await Deno.readFile(`${db}/t/sym`);
    bytes.fill(0x7f, HEADER_SIZE);
    await Deno.writeFile(`${db}/t/sym`, bytes);
    q.eval(`\\l ${db}`);
    assert.equal(q.line("select s:sum px, m:max n from t where n>1").text, "s    m\n------\n10.5 4");
    assert.equal(q.line("exec px from t where n>2").text, "3.5 4.5");
    assert.match(q.line("select from t where sym=`a").text, /^'corrupt/);
  });
});

Deno.test("a column a query only reads is used in place, and results are in-memory values", async () => {
  await withDb((_db, q) => {
    const t = q.eval("t") as Table;
    const px = t.data[t.cols.indexOf("px")] as Vec;
    const read = q.eval("exec px from t") as Vec;
    assert.equal(read.a.buffer, px.a.buffer, "exec of a whole column returns the mapped column itself");
    const sel = q.eval("select px from t where n>1") as Table;
    assert.notEqual((sel.data[0] as Vec).a.buffer, px.a.buffer, "a filtered column is a new in-memory vector");
    assert.equal(q.line("select sum px by sym from t").text, "sym| px \n---| ---\na  | 5  \nb  | 2.5\nc  | 4.5");
  });
});

Deno.test("explain names the mapped columns, each constraint, the grouping and the fused aggregations", async () => {
  await withDb((_db, q) => {
    q.eval("\\c 40 200");
    const text = q.line('explain "select s:sum px by sym from t where n>1, px<4"').text;
    assert.match(
      text,
      /columns mapped\s+(px sym n|n px sym|sym px n|px n sym|n sym px|sym n px) \(read in place from disk\)/,
    );
    assert.match(text, /where 1\s+n>1: vector over 4 rows, 3 kept/);
    assert.match(text, /where 2\s+px<4: vector over 3 rows, 2 kept/);
    assert.match(text, /grouping\s+2 groups: key codes as group ids/);
    assert.match(text, /s\s+sum of px, fused with grouping/);
    const join = q.line('explain "select from t lj ([sym:`a`b] w:10 20)"').text;
    assert.match(join, /join\s+lj: 4 rows looked up in 2 rows keyed by sym: direct array over the symbol table/);
  });
});
