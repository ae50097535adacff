/**
 * The one-writer-per-table lock: `flock(2)` on a lock file, which the
 * kernel releases when the holding process dies (even by SIGKILL). The
 * holder writes who it is into the file, so a second writer's error can
 * name it.
 *
 * With FFI the lock is taken with LOCK_NB and fails at once. Without FFI,
 * Deno's `FsFile.lockSync` (also flock) can only wait, so the recorded
 * holder's pid is checked first and a live holder is reported instead.
 *
 * @module
 */

import * as c from "./libc.ts";

/** A held writer lock. */
export interface WriterLock {
  /** Releases the lock. */
  release(): void;
}

/** The lock was held by someone else: their recorded description. */
export interface LockHeld {
  heldBy: string;
}

const encoder = new TextEncoder();
/** Lock files this process holds (Deno's portable lock would wait on them forever). */
const held = new Set<string>();

/** Who this process is, as recorded in lock files. */
export function holderText(): string {
  let host = "this machine";
  try {
    host = Deno.hostname();
  } catch {
    // no permission to read the host name: the pid still identifies the holder
  }
  return `pid ${Deno.pid} on ${host} since ${new Date().toISOString()}`;
}

function recordedHolder(path: string): string {
  try {
    return Deno.readTextFileSync(path).trim();
  } catch {
    return "";
  }
}

/** Takes the exclusive lock on `path` without waiting, or says who holds it. */
export function lockWriter(path: string): WriterLock | LockHeld {
  return c.libc() ? lockNative(path) : lockPortable(path);
}

/** Bytes of a lock file's holder text (padded with blanks). */
const HOLDER_BYTES = 128;

function lockNative(path: string): WriterLock | LockHeld {
  const fd = c.open(path, c.O.RDWR | c.O.CREAT);
  if (!c.flock(fd, c.LOCK.EX | c.LOCK.NB, path)) {
    c.close(fd);
    return { heldBy: recordedHolder(path) || "another process" };
  }
  // written over the old text in one write, never truncated first: a look at the holder never finds it empty
  const text = encoder.encode((holderText() + "\n").padEnd(HOLDER_BYTES));
  c.pwriteAll(fd, text, 0, path);
  c.ftruncate(fd, text.length, path);
  return {
    release() {
      c.flock(fd, c.LOCK.UN, path);
      c.close(fd);
    },
  };
}

function lockPortable(path: string): WriterLock | LockHeld {
  const who = recordedHolder(path);
  if (held.has(path)) return { heldBy: who || "this process" };
  const pid = Number(/^pid (\d+)/.exec(who)?.[1]);
  if (pid && pid !== Deno.pid && alive(pid)) return { heldBy: who };
  const file = Deno.openSync(path, { read: true, write: true, create: true });
  file.lockSync(true);
  file.truncateSync(0);
  file.writeSync(encoder.encode(holderText() + "\n"));
  held.add(path);
  return {
    release() {
      held.delete(path);
      try {
        file.unlockSync();
      } finally {
        file.close();
      }
    },
  };
}

function alive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}
