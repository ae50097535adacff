/**
 * A growing list of names kept as a few long strings with offsets, not as
 * one string object per name: a symbol list of millions of names costs a
 * decode and an offset scan, and a name becomes its own string only when
 * asked for.
 *
 * @module
 */

/** Names appended in batches; name `k` is sliced from its batch's text on demand. */
export class NameList {
  /** Index of the first name of each batch. */
  private firsts: number[] = [];
  /** Each batch: its names separated by NUL characters. */
  private texts: string[] = [];
  /** Each batch: character offset of each name, plus one past the last name's end. */
  private starts: Int32Array[] = [];
  private n = 0;

  /** Number of names. */
  get length(): number {
    return this.n;
  }

  /** Appends the names in `text`, which holds `count` names each followed by a NUL. */
  append(text: string, count: number): void {
    const starts = new Int32Array(count + 1);
    let pos = 0;
    for (let k = 0; k < count; k++) {
      starts[k] = pos;
      pos = text.indexOf("\0", pos) + 1;
    }
    starts[count] = pos;
    this.firsts.push(this.n);
    this.texts.push(text);
    this.starts.push(starts);
    this.n += count;
  }

  /** Name `k` (0 <= k < length). */
  get(k: number): string {
    // the batch holding k: the last whose first index is <= k
    let lo = 0, hi = this.firsts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.firsts[mid] <= k) lo = mid;
      else hi = mid - 1;
    }
    const s = this.starts[lo], j = k - this.firsts[lo];
    return this.texts[lo].slice(s[j], s[j + 1] - 1);
  }
}

/** A growing Int32Array. */
export class IntList {
  private a = new Int32Array(16);
  private n = 0;

  /** Number of items. */
  get length(): number {
    return this.n;
  }

  /** Item `k`. */
  at(k: number): number {
    return this.a[k];
  }

  /** Sets item `k` (k < length). */
  set(k: number, v: number): void {
    this.a[k] = v;
  }

  /** Appends `count` copies of `v`. */
  fill(v: number, count: number): void {
    if (this.n + count > this.a.length) {
      const grown = new Int32Array(Math.max(this.n + count, this.a.length * 2));
      grown.set(this.a.subarray(0, this.n));
      this.a = grown;
    }
    this.a.fill(v, this.n, this.n + count);
    this.n += count;
  }

  /** The items as a typed array view (valid until the next append). */
  view(): Int32Array {
    return this.a.subarray(0, this.n);
  }
}
