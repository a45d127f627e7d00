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
  /** Anthropic input tokens per minute. */
  itpm?: number;
  /** Anthropic output tokens per minute: max_tokens at admission, corrected to actual at the end. */
  otpm?: number;
}

export interface SimModel {
  id: string;
  provider: "openai" | "anthropic";
  contextWindow: number;
  limits?: SimLimits;
  /** Reports reasoning tokens (inside completion_tokens, as OpenAI's o-series do). */
  reasoning?: boolean;
  latency?: SimLatency;
  faults?: Partial<Record<FaultKind, number>>;
  /** Typical length of a free-text answer, in tokens. */
  answerTokens?: number;
  /** 0..1: how far this model's numeric answers stray from the text's synthetic "true score". */
  noise?: number;
}

export interface SimConfig {
  seed?: number;
  models?: SimModel[];
  /** Defaults for models that set none. */
  latency?: SimLatency;
  faults?: Partial<Record<FaultKind, number>>;
  /** How long a "timeout" fault stalls before the socket is closed. */
  stallMs?: number;
  /** Retry-After sent with an injected (not limit-caused) 429. */
  faultRetryAfterMs?: number;
  /** If set, only these keys are accepted; otherwise any non-empty key. */
  apiKeys?: string[];
  /** Multiplies every latency (0.1 = ten times faster). */
  timeScale?: number;
  port?: number;
}

export interface ResolvedSimConfig {
  seed: number;
  models: Map<
    string,
    Required<Pick<SimModel, "id" | "provider" | "contextWindow" | "answerTokens" | "noise">> & SimModel
  >;
  latency: SimLatency;
  faults: Partial<Record<FaultKind, number>>;
  stallMs: number;
  faultRetryAfterMs: number;
  apiKeys: Set<string> | undefined;
  timeScale: number;
  port: number;
}

/** Models served when the config names none: current ones of both providers, with their context windows. */
export const DEFAULT_MODELS: SimModel[] = [
  { id: "gpt-4o-mini", provider: "openai", contextWindow: 128_000, limits: { rpm: 5_000, tpm: 2_000_000 } },
  { id: "gpt-4o", provider: "openai", contextWindow: 128_000, limits: { rpm: 5_000, tpm: 800_000 } },
  { id: "gpt-4.1", provider: "openai", contextWindow: 1_047_576, limits: { rpm: 5_000, tpm: 800_000 } },
  {
    id: "gpt-4.1-mini",
    provider: "openai",
    contextWindow: 1_047_576,
    limits: { rpm: 5_000, tpm: 2_000_000 },
  },
  {
    id: "o4-mini",
    provider: "openai",
    contextWindow: 200_000,
    reasoning: true,
    limits: { rpm: 5_000, tpm: 2_000_000 },
  },
  {
    id: "gemini-2.5-flash",
    provider: "openai",
    contextWindow: 1_048_576,
    limits: { rpm: 1_000, tpm: 1_000_000 },
  },
  {
    id: "claude-3-5-haiku-latest",
    provider: "anthropic",
    contextWindow: 200_000,
    limits: { rpm: 4_000, itpm: 400_000, otpm: 80_000 },
  },
  {
    id: "claude-sonnet-4-5",
    provider: "anthropic",
    contextWindow: 200_000,
    limits: { rpm: 4_000, itpm: 2_000_000, otpm: 400_000 },
  },
];

export class SimConfigError extends Error {
  constructor(field: string, message: string) {
    super(`provider-sim config: ${field} ${message}`);
    this.name = "SimConfigError";
  }
}

function checkRate(value: unknown, field: string): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new SimConfigError(field, `must be a rate from 0 to 1, got ${String(value)}.`);
  }
}

function checkPositive(value: unknown, field: string): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new SimConfigError(field, `must be a number of 0 or more, got ${String(value)}.`);
  }
}

function checkFaults(faults: unknown, field: string): void {
  if (faults === undefined) return;
  for (const [kind, rate] of Object.entries(faults as Record<string, unknown>)) {
    if (!FAULT_KINDS.includes(kind as FaultKind))
      throw new SimConfigError(`${field}.${kind}`, `is not a fault; known: ${FAULT_KINDS.join(", ")}.`);
    checkRate(rate, `${field}.${kind}`);
  }
}

export function resolveSimConfig(config: SimConfig = {}): ResolvedSimConfig {
  const models = new Map<string, ResolvedSimConfig["models"] extends Map<string, infer V> ? V : never>();
  for (const [i, m] of (config.models ?? DEFAULT_MODELS).entries()) {
    const field = `models[${i}]`;
    if (!m || typeof m.id !== "string" || m.id === "")
      throw new SimConfigError(`${field}.id`, "must be a model name.");
    if (m.provider !== "openai" && m.provider !== "anthropic")
      throw new SimConfigError(`${field}.provider`, 'must be "openai" or "anthropic".');
    if (!(Number.isInteger(m.contextWindow) && m.contextWindow > 0))
      throw new SimConfigError(`${field}.contextWindow`, "must be a whole number of tokens.");
    for (const k of ["rpm", "tpm", "itpm", "otpm"] as const)
      checkPositive(m.limits?.[k], `${field}.limits.${k}`);
    checkFaults(m.faults, `${field}.faults`);
    checkRate(m.noise, `${field}.noise`);
    models.set(m.id, { ...m, answerTokens: m.answerTokens ?? 60, noise: m.noise ?? 0.2 });
  }
  checkFaults(config.faults, "faults");
  checkPositive(config.stallMs, "stallMs");
  checkPositive(config.timeScale, "timeScale");
  return {
    seed: config.seed ?? 1,
    models,
    latency: config.latency ?? { ttftMs: 0, tokensPerSecond: 0 },
    faults: config.faults ?? {},
    stallMs: config.stallMs ?? 120_000,
    faultRetryAfterMs: config.faultRetryAfterMs ?? 1_000,
    apiKeys: config.apiKeys ? new Set(config.apiKeys) : undefined,
    timeScale: config.timeScale ?? 1,
    port: config.port ?? 0,
  };
}
