export { startSimulator, type SimServer } from "./server.js";
export {
  DEFAULT_MODELS,
  FAULT_KINDS,
  SimConfigError,
  resolveSimConfig,
  type FaultKind,
  type SimConfig,
  type SimLatency,
  type SimLimits,
  type SimModel,
} from "./sim-config.js";
export type { SimStats, SimLogEntry } from "./sim-stats.js";
