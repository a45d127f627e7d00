export { startSimulator, type SimServer } from "./server.js";
export {
  FAULT_KINDS,
  resolveSimConfig,
  type FaultKind,
  type FaultRates,
  type SimConfig,
  type SimLatency,
  type SimBatchConfig,
  type SimLimits,
  type SimModel,
} from "./sim-config.js";
export { SimConfigError } from "./sim-config-error.js";
export { DEFAULT_MODELS } from "./default-models.js";
export type { FaultInjection } from "./fault-plan.js";
export type { BatchItemOutcome, BatchStats, SimStats, SimLogEntry } from "./sim-stats.js";
export { mulberry32 } from "./prng.js";
