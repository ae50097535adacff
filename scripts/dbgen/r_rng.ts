/**
 * R's default random number generator, reproduced exactly, so the public
 * db-benchmark data can be regenerated bit for bit: Mersenne-Twister
 * seeded as `set.seed` does, `unif_rand` with R's fixup, `R_unif_index`
 * by rejection sampling (R ≥ 3.6), and `sample` with and without
 * replacement.
 *
 * @module
 */

const N = 624, M = 397;
const UPPER = 0x80000000, LOWER = 0x7fffffff, MATRIX_A = 0x9908b0df;
const I2_32M1 = 2.328306437080797e-10;

/** An R random stream after `set.seed(seed)`. */
export class RRandom {
  private readonly mt = new Uint32Array(N);
  private mti = N;

  constructor(seed: number) {
    let s = seed >>> 0;
    for (let j = 0; j < 50; j++) s = (Math.imul(69069, s) + 1) >>> 0;
    // R fills 625 words (the first is the position, reset to 624)
    s = (Math.imul(69069, s) + 1) >>> 0;
    for (let j = 0; j < N; j++) {
      s = (Math.imul(69069, s) + 1) >>> 0;
      this.mt[j] = s;
    }
    this.mti = N;
  }

  private refill(): void {
    const mt = this.mt;
    let kk = 0, y: number;
    for (; kk < N - M; kk++) {
      y = (mt[kk] & UPPER) | (mt[kk + 1] & LOWER);
      mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk] & UPPER) | (mt[kk + 1] & LOWER);
      mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (mt[N - 1] & UPPER) | (mt[0] & LOWER);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.mti = 0;
  }

  /** `unif_rand()`: a double in (0, 1). */
  unif(): number {
    if (this.mti >= N) this.refill();
    let y = this.mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    const x = (y >>> 0) * 2.3283064365386963e-10;
    if (x <= 0) return 0.5 * I2_32M1;
    if (1 - x <= 0) return 1 - 0.5 * I2_32M1;
    return x;
  }

  /** `R_unif_index(n)`: a uniform integer in [0, n), by rejection on 16-bit chunks. */
  index(n: number): number {
    if (n <= 0) return 0;
    const bits = Math.ceil(Math.log2(n));
    const mask = bits >= 31 ? 2 ** bits - 1 : (1 << bits) - 1;
    for (;;) {
      let v = 0;
      for (let k = 0; k <= bits; k += 16) v = 65536 * v + Math.floor(this.unif() * 65536);
      const dv = bits >= 31 ? v % (mask + 1) : v & mask;
      if (dv < n) return dv;
    }
  }

  /** `sample.int(n, size, replace=TRUE)` (1-based values). */
  sampleReplace(n: number, size: number): Int32Array {
    const out = new Int32Array(size);
    for (let i = 0; i < size; i++) out[i] = this.index(n) + 1;
    return out;
  }

  /** `sample.int(n, size)` without replacement (1-based values; partial Fisher-Yates). */
  sampleNoReplace(n: number, size = n): Int32Array {
    const x = new Int32Array(n);
    for (let i = 0; i < n; i++) x[i] = i;
    const out = new Int32Array(size);
    let m = n;
    for (let i = 0; i < size; i++) {
      const j = this.index(m);
      out[i] = x[j] + 1;
      x[j] = x[--m];
    }
    return out;
  }

  /** `runif(n, max=max)` rounded as `round(…, 6)`. */
  runif6(n: number, max: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.round(max * this.unif() * 1e6) / 1e6;
    return out;
  }
}
