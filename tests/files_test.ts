/**
 * Files through the language, on real files in a temporary directory:
 * `read0` `read1` `hcount` `hdel` `key` `1:`, `set`/`get` of any value
 * (q's on-disk layouts), the save family, and clear errors for missing
 * files, directories where files belong, and garbage bytes.
 *
 * @module
 */

import assert from "node:assert/strict";
import { QError } from "../src/err/qerror.ts";
import { Session } from "../src/eval/session.ts";
import { compact } from "../src/fmt/show.ts";
import { match } from "../src/prim/match.ts";
import type { Value } from "../src/value/value.ts";

/** A session and a fresh directory; `q` evaluates source with `@` standing for the directory. */
function setup(): {
  dir: string;
  q: (src: string) => Value;
  fails: (src: string) => QError;
  show: (src: string) => string;
} {
  const dir = Deno.makeTempDirSync({ prefix: "borf_files_" });
  const s = new Session({ out: () => {}, err: () => {} });
  const q = (src: string) => s.eval(src.replaceAll("@", dir));
  const fails = (src: string) => {
    try {
      q(src);
    } catch (e) {
      if (e instanceof QError) return e;
      throw e;
    }
    throw new Error(`${src} did not fail`);
  };
  return { dir, q, fails, show: (src) => compact(q(src), 7) };
}

/** Runs a test in a fresh directory, removed afterwards. */
function inTemp(name: string, f: (t: ReturnType<typeof setup>) => void): void {
  Deno.test(name, () => {
    const t = setup();
    try {
      f(t);
    } finally {
      Deno.removeSync(t.dir, { recursive: true });
    }
  });
}

/** Hex of a byte vector value. */
function bytesOf(v: Value): string {
  return compact(v, 7);
}

inTemp("set/get round-trips values of every kind through a file, leaving no temporary files", ({ dir, q }) => {
  const sources = [
    "42",
    "0Nj",
    "3.5e",
    "`sym",
    '"c"',
    "2024.01.02D03:04:05.123456789",
    "2024.01m",
    "12:34:56.789",
    "0Ng",
    "10 20 30",
    "1 0 1b",
    "0x0102ff",
    "1 2 3h",
    "1.5 0n 0w",
    '"hello"',
    "`a`b`c",
    "2000.01.01 2024.12.31",
    "00:00:01 23:59:59",
    '(1;`a;"xyz";2 3)',
    '`a`b!(1 2;"cd")',
    '([]x:1 2 3;y:`a`b`c;z:("ab";"c";""))',
    "([k:`a`b]v:1.5 2.5)",
    "()",
    "`long$()",
    "{x+y*2}",
    "(+;-:;+/;{x+y}[;1])",
  ];
  sources.forEach((src, i) => {
    q(`\`:@/v${i} set ${src}`);
    const back = q(`get \`:@/v${i}`);
    const want = q(src);
    assert.equal(compact(back, 7), compact(want, 7), src);
    if (!(want.t >= 100)) assert.ok(match(back, want), src);
  });
  const left = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.startsWith("."));
  assert.deepEqual(left, []);
});

inTemp("set writes q's layouts: a mappable vector file, or 0xff01 and the IPC body", ({ q, show }) => {
  q("`:@/v set 10 20 30");
  assert.equal(
    bytesOf(q("read1`:@/v")),
    "0xfe20070000000000030000000000000" + "00a000000000000001400000000000000" + "1e00000000000000",
  );
  assert.equal(q("hcount`:@/v").toString(), q("16+8*3").toString());
  q('t:([]x:2 3 5;y:`ibm`amd`intel;z:"npn")');
  q("`:@/t set t");
  assert.equal(bytesOf(q("2_read1`:@/t")), bytesOf(q("8_-8!t")));
  assert.equal(bytesOf(q("2#read1`:@/t")), "0xff01");
  q("`:@/s set `a`b");
  assert.equal(bytesOf(q("read1`:@/s")), "0xff010b000200000061006200");
  assert.equal(show('`:@/t upsert ([]x:7 8;y:`a`b;z:"qr")'), show("`:@/t"));
  assert.equal(show("count get`:@/t"), "5");
  q("`:@/v set 1 2"); // overwrite
  assert.equal(compact(q("get`:@/v"), 7), "1 2");
});

inTemp("read0 and read1 read lines and bytes, whole or from an offset", ({ q, show }) => {
  q('`:@/x.txt 1: "hello world\\r\\nsecond\\n\\nlast"');
  assert.equal(show("read0`:@/x.txt"), '("hello world";"second";"";"last")');
  assert.equal(show("read0(`:@/x.txt;6;5)"), '"world"');
  assert.equal(show("read1(`:@/x.txt;0;5)"), "0x68656c6c6f");
  assert.equal(show("read1(`:@/x.txt;21)"), "0x6c617374");
  assert.equal(show("read1(`:@/x.txt;100;5)"), "`byte$()");
  assert.equal(show("hcount`:@/x.txt"), "25");
  q('`:@/e 1: ""');
  assert.equal(show("read0`:@/e"), "()");
  assert.equal(show("read1`:@/e"), "`byte$()");
});

inTemp("key lists directories, finds files; hdel deletes files and empty directories", ({ q, fails, show }) => {
  q("`:@/d/b set 1;`:@/d/a set 2;`:@/d/c/x set 3");
  assert.equal(show("key`:@/d"), "`a`b`c");
  assert.equal(show("key`:@/d/a"), show("`:@/d/a"));
  assert.equal(show("key`:@/nope"), "()");
  q("hdel`:@/d/c/x");
  assert.equal(show("key`:@/d/c"), "`symbol$()");
  assert.equal(show("hdel`:@/d/c"), show("`:@/d/c"));
  assert.match(fails("hdel`:@/d").qname, /d: Directory not empty$/);
  assert.match(fails("hdel`:@/d/c").qname, /d\/c: No such file or directory$/);
  assert.equal(show("hsym`a`:b"), "`:a`:b");
  assert.equal(fails("hsym 1").qname, "type");
});

inTemp("1: reads fixed-width records little- or big-endian, and writes bytes", ({ show }) => {
  assert.equal(show('(enlist"i";enlist 4) 1: 0x01000000'), ",,1i");
  assert.equal(show('(enlist 4;enlist"i") 1: 0x01000000'), ",,16777216i");
  assert.equal(show('("ich";4 1 2) 1: 0x00000000410000FF00000042FFFF'), '(0 255i;"AB";0 -1h)');
  assert.equal(show('("ich";4 1 2) 1: "arthur!"'), '(,1752461921i;,"u";,8562h)');
  assert.equal(show('(enlist"f";enlist 8) 1: 0x7fbdc282fb210940'), ",,3.141593");
  assert.equal(show('("**";4 4) 1: "abcd\\"ef\\""'), '(,"abcd";,"\\"ef\\"")');
  assert.equal(show('("s h";3 1 2) 1: "ab\\000x\\001\\000"'), "(,`ab;,1h)");
  assert.equal(show("`:@/b 1: 0x0102030405"), show("`:@/b"));
  assert.equal(show('("hh";2 2) 1: `:@/b'), "(,513h;,1027h)");
  assert.equal(show('("h";2) 1: (`:@/b;1;4)'), ",770 1284h");
});

inTemp("save/load, rsave/rload and dsave write and read globals", ({ dir, q, fails, show }) => {
  q("t:([]x:2 3 5;y:`ibm`amd`intel)");
  assert.equal(show("save`:@/t"), show("`:@/t"));
  q("t:0");
  assert.equal(show("load`:@/t"), "`t");
  assert.equal(show("t"), "+`x`y!(2 3 5;`ibm`amd`intel)");
  q('a:til 3;b:"xyz"');
  assert.equal(show("save`:@/a`:@/b"), show("`:@/a`:@/b"));
  q("`:@/dir/p set 1 2;`:@/dir/q set `s");
  assert.equal(show("load`:@/dir"), "`dir");
  assert.equal(show("dir"), "`p`q!(1 2;`s)");
  const cwd = Deno.cwd();
  Deno.chdir(dir);
  try {
    assert.equal(show("rsave`t"), "`:t/");
    q("t:0");
    assert.equal(show("rload`t"), "`t");
    assert.equal(show("t"), "+`x`y!(2 3 5;`ibm`amd`intel)");
  } finally {
    Deno.chdir(cwd);
  }
  q("k:([a:1 2]b:`xa`yb)");
  assert.equal(show("save`:@/k.csv"), show("`:@/k.csv"));
  assert.equal(show("read0`:@/k.csv"), '("a,b";"1,xa";"2,yb")');
  assert.equal(show("load`:@/k.csv"), "`k");
  assert.equal(show("k"), "+`a`b!(1 2;`xa`yb)");
  assert.equal(fails("save`:@/k.xls").qname, "nyi");
  q("u:([]s:`b`a`b;v:1 2 3)");
  assert.equal(fails("`:@/db dsave`u").qname, "u-fail");
  q("u:`s xasc u");
  assert.equal(show("`:@/db dsave`u"), "`u");
  assert.equal(show("exec a from meta get`:@/db/u/"), "`p`");
  assert.equal(show("get`:@/db/u"), "+`s`v!(`p#`a`b`b;2 1 3)");
});

inTemp("bad input: missing files, directories, garbage and truncated data files name the file", ({ q, fails }) => {
  assert.match(fails("get`:@/missing").qname, /missing: No such file or directory$/);
  assert.match(fails("read0`:@/missing").qname, /missing: No such file or directory$/);
  assert.match(fails("hcount`:@/missing").qname, /missing: No such file or directory$/);
  q("`:@/g 1: 0x0102030405");
  const garbage = fails("get`:@/g");
  assert.equal(garbage.qname, "type");
  assert.match(garbage.hint, /\/g: not a data file/);
  q("`:@/v set til 10;`:@/w 1: -3_read1`:@/v");
  assert.match(fails("get`:@/w").hint, /\/w: the header says 10 items/);
  q("`:@/d set ([]a:1 2);`:@/e 1: -1_read1`:@/d");
  const cut = fails("get`:@/e");
  assert.equal(cut.qname, "badmsg");
  assert.match(cut.hint, /\/e: truncated/);
  q("`:@/dir/x set 1");
  assert.match(fails("read1`:@/dir").qname, /dir: Is a directory$/);
  assert.match(fails("`:@/dir set 1").qname, /dir: Is a directory$/);
  assert.equal(fails("load`:@/nothing").qname.endsWith("nothing: No such file or directory"), true);
  assert.equal(fails("read0 42").qname, "type");
  assert.equal(fails("-9!1 2 3").qname, "type");
  assert.equal(fails("rload`nosuch").qname.length > 0, true);
});

inTemp("splayed tables (paths ending in /) still write and read", ({ show, q }) => {
  q("t:([]a:1 2 3;b:`x`y`z)");
  assert.equal(show("`:@/db/t/ set t"), show("`:@/db/t/"));
  assert.equal(show("get`:@/db/t/"), show("t"));
  assert.equal(show("get`:@/db/t"), show("t"));
});
