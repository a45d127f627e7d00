import { DEFAULT_MODELS } from "./default-models.js";
import { SimConfigError } from "./sim-config-error.js";

export type FaultKind =
  "429" | "500" | "502" | "503" | "529" | "timeout" | "malformed" | "drop" | "midstream_cut";
export const FAULT_KINDS: readonly FaultKind[] = [
  "429",
  "500",
  "502",
  "503",
  "529",
  "timeout",
  "malformed",
  "drop",
  "midstream_cut",
];

/** Share of requests (0..1) that meet each fault. */
export type FaultRates = Partial<Record<FaultKind, number>>;

export interface SimLatency {
  /** Time to first token. */
  ttftMs: number;
  /** Output speed after the first token; 0 means instant. */
  tokensPerSecond: number;
}

export interface SimLimits {
  /** Requests per minute (both providers). */
  rpm?: number;
  /** OpenAI tokens per minute: prompt + max_tokens charged at admission. */
  tpm?: number;
  /** Anthropic input tokens per minute (uncached input and cache writes). */
  itpm?: number;
  /** Anthropic output tokens per minute: max_tokens at admission, corrected to actual at the end. */
  otpm?: number;
}

export interface SimModel {
  id: string;
  provider: "openai" | "anthropic";
  contextWindow: number;
  /** No limit when absent. */
  limits?: SimLimits;
  /** OpenAI o-series: reasoning tokens inside completion_tokens, max_tokens refused. */
  reasoning?: boolean;
  /** Defaults to the top-level latency. */
  latency?: SimLatency;
  /** Merged over the top-level rates, per kind. */
  faults?: FaultRates;
  /** Typical length of a free-text answer, in tokens (default 60). */
  answerTokens?: number;
  /** 0..1: how far this model's numeric answers stray from the text's synthetic "true score" (default 0.2). */
  noise?: number;
  /** Shortest prompt prefix the provider caches (default 1024; Claude Haiku 3.5 2048). */
  promptCacheMinTokens?: number;
  /**
   * Written at the start of every quote the model makes (e.g. `<img src=x onerror=alert(1)>`), as a
   * model echoing markup from its input would: tests that clients show model output as text.
   */
  markup?: string;
  /**
   * A new revision of the model served under the same name (default 0): a non-zero revision draws
   * different answers for the same requests and seed, as a provider's silent model update would;
   * the same revision always gives the same answers. For drift checks.
   */
  revision?: number;
}

export interface SimConfig {
  /** Seeds answers, noise and fault draws (default 1). */
  seed?: number;
  /** Default: DEFAULT_MODELS. */
  models?: SimModel[];
  /** For models that set none (default 0 ms to first token, instant output). */
  latency?: SimLatency;
  /** For every model (default none). */
  faults?: FaultRates;
  /** How long a "timeout" fault stalls before closing the socket (default 120,000). */
  stallMs?: number;
  /** Retry-After sent with an injected (not limit-caused) 429 (default 1,000). */
  faultRetryAfterMs?: number;
  /** If set, only these keys are accepted; otherwise any non-empty key. */
  apiKeys?: string[];
  /** Multiplies every latency and batch duration (0.1 = ten times faster; default 1). */
  timeScale?: number;
  /** How the Batch APIs (OpenAI /v1/batches, Anthropic /v1/messages/batches) progress. */
  batch?: SimBatchConfig;
  /** Default 0: an ephemeral port. */
  port?: number;
}

export interface SimBatchConfig {
  /** Simulated time from creation until a batch ends, scaled by timeScale (default 60,000). */
  processingMs?: number;
  /** Simulated completion window: a batch still running then expires (default 24 h). */
  windowMs?: number;
  /** Share of items (0..1) that fail with a server error, in the error file / as errored (default 0). */
  itemFailureRate?: number;
  /** Share of items (0..1) never processed, so that the batch expires when its window ends (default 0). */
  expireFraction?: number;
}

export type ResolvedBatchConfig = Required<SimBatchConfig>;

export interface ResolvedModel extends SimModel {
  latency: SimLatency;
  faults: FaultRates;
  answerTokens: number;
  noise: number;
  promptCacheMinTokens: number;
}

export interface ResolvedSimConfig {
  seed: number;
  models: Map<string, ResolvedModel>;
  stallMs: number;
  faultRetryAfterMs: number;
  apiKeys: Set<string> | undefined;
  timeScale: number;
  batch: ResolvedBatchConfig;
  port: number;
}

const CONFIG_KEYS = [
  "seed",
  "models",
  "latency",
  "faults",
  "stallMs",
  "faultRetryAfterMs",
  "apiKeys",
  "timeScale",
  "batch",
  "port",
];
const BATCH_KEYS = ["processingMs", "windowMs", "itemFailureRate", "expireFraction"];
const MODEL_KEYS = [
  "id",
  "provider",
  "contextWindow",
  "limits",
  "reasoning",
  "latency",
  "faults",
  "answerTokens",
  "noise",
  "promptCacheMinTokens",
  "markup",
  "revision",
];
// Each provider documents its own limit kinds; a TPM on a Claude model is a mistake worth naming.
const LIMIT_KEYS = { openai: ["rpm", "tpm"], anthropic: ["rpm", "itpm", "otpm"] } as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkKeys(value: unknown, known: readonly string[], field: string): Record<string, unknown> {
  if (!isObject(value)) throw new SimConfigError(field, "must be an object.");
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      throw new SimConfigError(
        `${field ? `${field}.` : ""}${key}`,
        `is not a setting; known: ${known.join(", ")}.`,
      );
  }
  return value;
}

function number(value: unknown, field: string, options: { min?: number; max?: number; integer?: boolean }) {
  const { min = 0, max = Infinity, integer = false } = options;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max)
    throw new SimConfigError(
      field,
      `must be a number from ${min}${max < Infinity ? ` to ${max}` : " up"}, got ${JSON.stringify(value)}.`,
    );
  if (integer && !Number.isInteger(value))
    throw new SimConfigError(field, `must be a whole number, got ${value}.`);
  return value;
}

function optional<T>(value: T | undefined, check: (v: T) => unknown): void {
  if (value !== undefined) check(value);
}

function checkLatency(value: unknown, field: string): SimLatency {
  const l = checkKeys(value, ["ttftMs", "tokensPerSecond"], field);
  return {
    ttftMs: number(l.ttftMs, `${field}.ttftMs`, {}),
    tokensPerSecond: number(l.tokensPerSecond, `${field}.tokensPerSecond`, {}),
  };
}

function checkFaults(value: unknown, field: string): FaultRates {
  const rates = checkKeys(value, FAULT_KINDS, field) as FaultRates;
  let total = 0;
  for (const [kind, rate] of Object.entries(rates)) total += number(rate, `${field}.${kind}`, { max: 1 });
  if (total > 1) throw new SimConfigError(field, `add up to ${total}; the rates must add up to 1 at most.`);
  return rates;
}

function resolveModel(raw: unknown, field: string, defaults: { latency: SimLatency; faults: FaultRates }) {
  const m = checkKeys(raw, MODEL_KEYS, field) as Partial<SimModel>;
  if (typeof m.id !== "string" || m.id === "")
    throw new SimConfigError(`${field}.id`, "must be a model name.");
  if (m.provider !== "openai" && m.provider !== "anthropic")
    throw new SimConfigError(`${field}.provider`, 'must be "openai" or "anthropic".');
  number(m.contextWindow, `${field}.contextWindow`, { min: 1, integer: true });
  optional(m.limits, (limits) => {
    const l = checkKeys(limits, LIMIT_KEYS[m.provider as "openai"], `${field}.limits`);
    for (const [k, v] of Object.entries(l)) number(v, `${field}.limits.${k}`, { min: 1 });
  });
  optional(m.reasoning, (r) => {
    if (typeof r !== "boolean") throw new SimConfigError(`${field}.reasoning`, "must be true or false.");
    if (r && m.provider !== "openai")
      throw new SimConfigError(`${field}.reasoning`, "is modelled for OpenAI models only.");
  });
  optional(m.answerTokens, (v) => number(v, `${field}.answerTokens`, { min: 1, integer: true }));
  optional(m.noise, (v) => number(v, `${field}.noise`, { max: 1 }));
  optional(m.promptCacheMinTokens, (v) =>
    number(v, `${field}.promptCacheMinTokens`, { min: 1, integer: true }),
  );
  optional(m.markup, (v) => {
    if (typeof v !== "string") throw new SimConfigError(`${field}.markup`, "must be a string.");
  });
  optional(m.revision, (v) => number(v, `${field}.revision`, { integer: true }));
  const model: ResolvedModel = {
    ...(m as SimModel),
    latency: m.latency === undefined ? defaults.latency : checkLatency(m.latency, `${field}.latency`),
    faults: {
      ...defaults.faults,
      ...(m.faults === undefined ? {} : checkFaults(m.faults, `${field}.faults`)),
    },
    answerTokens: m.answerTokens ?? 60,
    noise: m.noise ?? 0.2,
    promptCacheMinTokens: m.promptCacheMinTokens ?? 1024,
  };
  checkFaults(model.faults, `${field}.faults (with the top-level faults)`);
  return model;
}

function resolveBatch(value: unknown): ResolvedBatchConfig {
  const b = checkKeys(value ?? {}, BATCH_KEYS, "batch") as SimBatchConfig;
  optional(b.processingMs, (v) => number(v, "batch.processingMs", {}));
  optional(b.windowMs, (v) => number(v, "batch.windowMs", { min: 1 }));
  optional(b.itemFailureRate, (v) => number(v, "batch.itemFailureRate", { max: 1 }));
  optional(b.expireFraction, (v) => number(v, "batch.expireFraction", { max: 1 }));
  return {
    processingMs: b.processingMs ?? 60_000,
    // Both providers give a batch 24 hours.
    windowMs: b.windowMs ?? 24 * 60 * 60 * 1000,
    itemFailureRate: b.itemFailureRate ?? 0,
    expireFraction: b.expireFraction ?? 0,
  };
}

/** Validates a config and fills in the defaults; errors name the field and what it must be. */
export function resolveSimConfig(config: SimConfig = {}): ResolvedSimConfig {
  const c = checkKeys(config, CONFIG_KEYS, "") as SimConfig;
  optional(c.seed, (v) => number(v, "seed", { min: -(2 ** 31), max: 2 ** 32, integer: true }));
  optional(c.stallMs, (v) => number(v, "stallMs", {}));
  optional(c.faultRetryAfterMs, (v) => number(v, "faultRetryAfterMs", {}));
  optional(c.timeScale, (v) => number(v, "timeScale", {}));
  optional(c.port, (v) => number(v, "port", { max: 65_535, integer: true }));
  optional(c.apiKeys, (keys) => {
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== "string" || k === ""))
      throw new SimConfigError("apiKeys", "must be a list of non-empty strings.");
  });
  const defaults = {
    latency: c.latency === undefined ? { ttftMs: 0, tokensPerSecond: 0 } : checkLatency(c.latency, "latency"),
    faults: c.faults === undefined ? {} : checkFaults(c.faults, "faults"),
  };
  const list = c.models ?? DEFAULT_MODELS;
  if (!Array.isArray(list) || list.length === 0)
    throw new SimConfigError("models", "must be a non-empty list of models.");
  const models = new Map<string, ResolvedModel>();
  for (const [i, raw] of list.entries()) {
    const model = resolveModel(raw, `models[${i}]`, defaults);
    if (models.has(model.id)) throw new SimConfigError(`models[${i}].id`, `repeats "${model.id}".`);
    models.set(model.id, model);
  }
  return {
    seed: c.seed ?? 1,
    models,
    stallMs: c.stallMs ?? 120_000,
    faultRetryAfterMs: c.faultRetryAfterMs ?? 1_000,
    apiKeys: c.apiKeys ? new Set(c.apiKeys) : undefined,
    timeScale: c.timeScale ?? 1,
    batch: resolveBatch(c.batch),
    port: c.port ?? 0,
  };
}
