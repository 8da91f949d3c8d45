import "server-only";

// A seeded pseudo-random generator (the SFC32 construction: a 128-bit state of
// four 32-bit words) so the demo clinic comes out identical on every run.
// Streams are keyed by strings: `fork("patient/17")` gives patient 17 the same
// numbers however many other patients are generated before it.

const UINT32_RANGE = 2 ** 32;

/** Ids are drawn by the million at benchmark scale; a lookup table keeps that cheap. */
const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly key: string) {
    [this.a, this.b, this.c, this.d] = hashKey(key);
    // The first outputs of a freshly seeded state are still correlated with the seed.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  fork(label: string): Random {
    return new Random(`${this.key}/${label}`);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / UINT32_RANGE;
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Normally distributed (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next(); // in (0, 1], so the logarithm is finite
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Random.pick needs at least one item");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks an item with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let remaining = this.next() * total;
    for (const [item, weight] of entries) {
      remaining -= weight;
      if (remaining < 0) return item;
    }
    // Only reached through floating-point rounding on the last entry.
    return this.pick(entries.slice(-1))[0];
  }

  hex(length: number): string {
    let out = "";
    while (out.length < length) {
      const word = this.nextUint32();
      out += BYTE_HEX[word >>> 24]! + BYTE_HEX[(word >>> 16) & 0xff]! + BYTE_HEX[(word >>> 8) & 0xff]! + BYTE_HEX[word & 0xff]!;
    }
    return out.slice(0, length);
  }

  /** A random (version 4 layout) UUID. */
  uuid(): string {
    const hex = this.hex(32);
    const variant = "89ab"[this.int(0, 3)];
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

export function createRandom(key: string): Random {
  return new Random(key);
}

/** Four independent 32-bit hashes of the key, so distinct keys practically never share a state. */
function hashKey(key: string): [number, number, number, number] {
  let h1 = 0x9e3779b9;
  let h2 = 0x85ebca6b;
  let h3 = 0xc2b2ae35;
  let h4 = 0x27d4eb2f;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 0x01000193);
    h2 = Math.imul(h2 ^ code, 0x5bd1e995);
    h3 = Math.imul(h3 ^ code, 0x1b873593);
    h4 = Math.imul(h4 ^ code, 0xcc9e2d51);
  }
  return [avalanche(h1 ^ key.length), avalanche(h2 + h1), avalanche(h3 ^ h2), avalanche(h4 + h3)];
}

/** Spreads every input bit over the whole word. */
function avalanche(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}
