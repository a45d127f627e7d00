import { AgreementDataError } from "./agreement-data-error.js";

/** A source of uniform numbers in [0, 1), like Math.random; pass a seeded one for reproducible results. */
export type RandomSource = () => number;

/**
 * A seeded uniform generator in [0, 1): Mulberry32 (Tommy Ettinger, 2017, public domain), a
 * 32-bit state generator with period 2^32. Plenty for bootstrap resampling and
 * reproducible across platforms, since it uses only 32-bit integer arithmetic.
 */
export function seededRandom(seed: number): RandomSource {
  if (!Number.isInteger(seed)) {
    throw new AgreementDataError(
      "invalid_option",
      `seed must be an integer, got ${seed}. Record the seed you pass so the run can be repeated.`,
    );
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
