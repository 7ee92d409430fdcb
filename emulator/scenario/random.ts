/** Small seeded helpers so the scenario is the same on every machine and every start. */

/** 32-bit FNV-1a hash of a string. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a fast seeded PRNG returning floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A 26-character identifier in DSQL's alphabet, derived from a name. */
export function clusterIdFor(name: string): string {
  const r = rng(hash32(name));
  let id = "";
  for (let i = 0; i < 26; i++) id += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return id;
}

/** Deterministic noise in [-1, 1] for a (series, minute) pair, without state. */
export function noise(seed: number, minute: number): number {
  let h = (seed ^ Math.imul(minute | 0, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) / 4294967296) * 2 - 1;
}
