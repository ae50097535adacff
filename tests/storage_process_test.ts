/**
 * Storage under real processes: a writer killed with SIGKILL at random
 * moments never loses or tears committed rows; readers in another process
 * see only whole rows while a writer appends; a second writer is refused
 * with the holder's name; a full disk fails cleanly and keeps every
 * committed row.
 *
 * @module
 */

import assert from "node:assert/strict";
import { SplayedTable } from "../src/storage/table.ts";
import { rng } from "./_rng.ts";
import { publishable, verify } from "./fixtures/rows.ts";

const WRITER = new URL("./fixtures/writer.ts", import.meta.url).pathname;
const decoder = new TextDecoder();

function spawnWriter(db: string, args: string[] = [], shell?: string): Deno.ChildProcess {
  const deno = Deno.execPath();
  const cmd = shell
    ? new Deno.Command("sh", {
      args: ["-c", `${shell}; exec "$0" run -A "$1" "$2" ${args.join(" ")}`, deno, WRITER, db],
      stdout: "piped",
      stderr: "piped",
    })
    : new Deno.Command(deno, { args: ["run", "-A", WRITER, db, ...args], stdout: "piped", stderr: "piped" });
  return cmd.spawn();
}

/** Published counts a writer printed (lines holding just a number). */
function published(stdout: Uint8Array): number[] {
  return decoder.decode(stdout).split("\n").filter((l) => /^\d+$/.test(l)).map(Number);
}

async function waitForLine(child: Deno.ChildProcess, pattern: RegExp): Promise<string> {
  const reader = child.stdout.getReader();
  let text = "";
  try {
    while (!pattern.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
  } finally {
    reader.releaseLock();
  }
  return text;
}

Deno.test("a writer killed with SIGKILL at 50 random moments never loses or tears committed rows", async () => {
  const db = await Deno.makeTempDir();
  const r = rng(50);
  const valid = publishable(50_000_000);
  let lastSeen = 0;
  try {
    for (let k = 0; k < 50; k++) {
      const child = spawnWriter(db);
      await new Promise((res) => setTimeout(res, 150 + Math.floor(r() * 350)));
      child.kill("SIGKILL");
      const out = await child.output();
      const printed = published(out.stdout);
      const lastPrinted = printed.length ? printed[printed.length - 1] : lastSeen;
      const t = SplayedTable.open(db, "t");
      try {
        const n = t.count;
        assert.ok(valid.has(n), `kill ${k}: count ${n} was never published`);
        assert.ok(n >= lastPrinted, `kill ${k}: count ${n} is below the published ${lastPrinted}`);
        assert.equal(verify(t), "", `kill ${k}`);
        lastSeen = n;
      } finally {
        t.close();
      }
    }
    assert.ok(lastSeen > 0, "the writer never published anything");
  } finally {
    await Deno.remove(db, { recursive: true });
  }
});

Deno.test("a reader in another process always sees whole rows while a writer appends", async () => {
  const db = await Deno.makeTempDir();
  try {
    const writer = spawnWriter(db, ["40000"]);
    await waitForLine(writer, /\n\d+\n/);
    let reader: SplayedTable | undefined;
    let checks = 0, growth = 0, last = 0;
    const writerDone = writer.status;
    let finished = false;
    writerDone.then(() => (finished = true));
    while (!finished || checks < 5) {
      reader ??= SplayedTable.open(db, "t");
      const n = reader.count;
      assert.equal(verify(reader), "", `reader saw a torn row at count ${n}`);
      if (n > last) growth++;
      last = n;
      checks++;
      await new Promise((res) => setTimeout(res, 5));
    }
    reader?.close();
    assert.equal((await writerDone).code, 0);
    assert.ok(growth >= 2, `the reader saw the table grow ${growth} times`);
    const t = SplayedTable.open(db, "t");
    assert.ok(t.count >= 40000);
    assert.equal(verify(t), "");
    t.close();
  } finally {
    await Deno.remove(db, { recursive: true });
  }
});

Deno.test("a second writer is refused with an error naming the holder", async () => {
  const db = await Deno.makeTempDir();
  try {
    const first = spawnWriter(db);
    await waitForLine(first, /open \d+/);
    const second = await spawnWriter(db, ["10"]).output();
    first.kill("SIGKILL");
    await first.output();
    assert.equal(second.code, 3, decoder.decode(second.stderr));
    const msg = decoder.decode(second.stderr);
    assert.match(msg, /another writer holds this table: pid \d+/);
    // the lock dies with its holder: a new writer gets it
    const third = await spawnWriter(db, ["1"]).output();
    assert.equal(third.code, 0, decoder.decode(third.stderr));
  } finally {
    await Deno.remove(db, { recursive: true });
  }
});

Deno.test("a full disk fails the append with a clear error and keeps every committed row", async () => {
  const db = await Deno.makeTempDir();
  try {
    // 4 MB file size limit (ulimit counts 512-byte blocks under sh)
    const out = await spawnWriter(db, [], "ulimit -f 8192").output();
    const err = decoder.decode(out.stderr);
    assert.equal(out.code, 4, err);
    assert.match(err, /the disk is full \(or the file size limit was reached\)/);
    const printed = published(out.stdout);
    const t = SplayedTable.open(db, "t", { write: true });
    try {
      assert.equal(t.count, printed[printed.length - 1]);
      assert.equal(verify(t), "");
    } finally {
      t.close();
    }
  } finally {
    await Deno.remove(db, { recursive: true });
  }
});
