import type { KernelDisplay } from "../display/kernel-display.js";

/** Where a rehearsal's inner runs show their progress and results: nowhere; its own table says it all. */
export const silentDisplay: KernelDisplay = {
  inKernel: false,
  show: () => {},
  live: () => ({ update: () => {} }),
};
