import { ConfigInvalidError } from "../errors.js";
import type { GatewayConfig, ProviderKind } from "./gateway-config.js";

const KINDS: readonly ProviderKind[] = ["openai", "anthropic", "openai-compatible", "local"];
const TOP_LEVEL = ["providers", "models", "budget", "retry", "concurrency", "defaultMaxTokens"];
const PROVIDER_FIELDS = ["kind", "baseUrl", "apiKeyEnv", "timeoutMs", "limits", "simulated"];
const MODEL_FIELDS = ["provider", "model", "contextWindow", "price", "fallbacks"];
const PRICE_FIELDS = ["inputPerMTok", "outputPerMTok", "cachedInputPerMTok", "cacheWritePerMTok", "reasoningPerMTok", "tiers"];
const LIMIT_FIELDS = ["requestsPerMinute", "tokensPerMinute", "inputTokensPerMinute", "outputTokensPerMinute"];
const RETRY_FIELDS = ["maxRetries", "baseDelayMs", "maxDelayMs"];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Json = Record<string, unknown>;

/** Levenshtein distance, for "did you mean" on misspelt field names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

class Checker {
  constructor(readonly source: string) {}

  fail(field: string, message: string): never {
    throw new ConfigInvalidError(field, `${message} (in ${this.source})`);
  }

  object(value: unknown, field: string): Json {
    if (value === null || typeof value !== "object" || Array.isArray(value)) this.fail(field, "must be an object { ... }.");
    return value as Json;
  }

  known(obj: Json, allowed: readonly string[], field: string): void {
    for (const key of Object.keys(obj)) {
      if (allowed.includes(key)) continue;
      const near = allowed.filter((a) => distance(a.toLowerCase(), key.toLowerCase()) <= 2);
      this.fail(`${field ? `${field}.` : ""}${key}`, `is not a setting here${near.length ? `; did you mean "${near[0]}"?` : ""} Known: ${allowed.join(", ")}.`);
    }
  }

  number(value: unknown, field: string, opts: { min?: number; integer?: boolean } = {}): void {
    if (value === undefined) return;
    const min = opts.min ?? 0;
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || (opts.integer && !Number.isInteger(value))) {
      this.fail(field, `must be a${opts.integer ? " whole" : ""} number of ${min} or more, got ${typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value))}.`);
    }
  }
}

/** A value that is a credential rather than the name of a variable holding one. */
function looksLikeKey(value: string): boolean {
  return /^(sk-|sk_|AIza|xai-|gsk_)/.test(value) || (!ENV_NAME.test(value) && value.length > 20);
}

/**
 * Checks the gateway part of discernus.config.json. Each error names the file, the field (as a
 * JSON path) and the fix. A key pasted where a variable name belongs is refused without echoing it.
 */
export function validateGatewayConfig(raw: unknown, source = "discernus.config.json"): GatewayConfig {
  const c = new Checker(source);
  const config = c.object(raw, "config");
  c.known(config, TOP_LEVEL, "");
  const providers = c.object(config.providers, "providers");
  if (Object.keys(providers).length === 0) c.fail("providers", 'needs at least one provider, e.g. { "local": { "kind": "local" } }.');

  for (const [name, value] of Object.entries(providers)) {
    const field = `providers.${name}`;
    const p = c.object(value, field);
    c.known(p, PROVIDER_FIELDS, field);
    if (!KINDS.includes(p.kind as ProviderKind)) c.fail(`${field}.kind`, `must be one of ${KINDS.map((k) => `"${k}"`).join(", ")}.`);
    if (p.baseUrl !== undefined) {
      let ok = typeof p.baseUrl === "string";
      try {
        if (ok) ok = ["http:", "https:"].includes(new URL(p.baseUrl as string).protocol);
      } catch {
        ok = false;
      }
      if (!ok) c.fail(`${field}.baseUrl`, 'must be an http(s) URL, e.g. "http://127.0.0.1:11434/v1".');
    } else if (p.kind === "openai-compatible") {
      c.fail(`${field}.baseUrl`, 'is required for an openai-compatible provider, e.g. "https://generativelanguage.googleapis.com/v1beta/openai/".');
    }
    if (p.kind !== "local") {
      if (typeof p.apiKeyEnv !== "string" || p.apiKeyEnv === "") {
        c.fail(`${field}.apiKeyEnv`, 'must name the environment variable that holds the key, e.g. "OPENAI_API_KEY".');
      }
      const envName = p.apiKeyEnv as string;
      if (looksLikeKey(envName)) {
        c.fail(`${field}.apiKeyEnv`, "names an environment variable, not the key itself; move the key into the environment and put the variable's name here.");
      }
      if (!ENV_NAME.test(envName)) c.fail(`${field}.apiKeyEnv`, "must be a variable name (letters, digits, _).");
    }
    c.number(p.timeoutMs, `${field}.timeoutMs`, { min: 1 });
    if (p.simulated !== undefined && typeof p.simulated !== "boolean") c.fail(`${field}.simulated`, "must be true or false.");
    if (p.limits !== undefined) {
      for (const [model, limits] of Object.entries(c.object(p.limits, `${field}.limits`))) {
        const lf = `${field}.limits.${model}`;
        const l = c.object(limits, lf);
        c.known(l, LIMIT_FIELDS, lf);
        for (const k of LIMIT_FIELDS) c.number(l[k], `${lf}.${k}`, { min: 1 });
      }
    }
  }

  const models = config.models === undefined ? {} : c.object(config.models, "models");
  const resolvable = (name: string) => name in models || (name.includes("/") && name.slice(0, name.indexOf("/")) in providers);
  for (const [name, value] of Object.entries(models)) {
    const field = `models.${name}`;
    const m = c.object(value, field);
    c.known(m, MODEL_FIELDS, field);
    const qualified = name.includes("/") && name.slice(0, name.indexOf("/")) in providers;
    if (!qualified) {
      if (typeof m.provider !== "string" || typeof m.model !== "string") {
        c.fail(field, `is an alias, so it needs "provider" and "model", e.g. { "provider": "openai", "model": "gpt-4o-mini" }.`);
      }
      if (!((m.provider as string) in providers)) c.fail(`${field}.provider`, `"${String(m.provider)}" is not under "providers" (known: ${Object.keys(providers).join(", ")}).`);
    }
    c.number(m.contextWindow, `${field}.contextWindow`, { min: 1, integer: true });
    if (m.price !== undefined) {
      const price = c.object(m.price, `${field}.price`);
      c.known(price, PRICE_FIELDS, `${field}.price`);
      if (price.inputPerMTok === undefined || price.outputPerMTok === undefined) {
        c.fail(`${field}.price`, "needs inputPerMTok and outputPerMTok (USD per million tokens).");
      }
      for (const k of PRICE_FIELDS.filter((f) => f !== "tiers")) c.number(price[k], `${field}.price.${k}`);
    }
    if (m.fallbacks !== undefined) {
      if (!Array.isArray(m.fallbacks) || !m.fallbacks.every((f) => typeof f === "string")) c.fail(`${field}.fallbacks`, "must be a list of model names.");
      for (const f of m.fallbacks as string[]) {
        if (!resolvable(f)) c.fail(`${field}.fallbacks`, `"${f}" is neither an alias under "models" nor "<provider>/<model>" with a configured provider.`);
      }
    }
  }

  if (config.budget !== undefined) {
    const budget = c.object(config.budget, "budget");
    c.known(budget, ["capUsd"], "budget");
    c.number(budget.capUsd, "budget.capUsd");
    if (budget.capUsd === undefined) c.fail("budget.capUsd", 'is required in "budget", e.g. { "capUsd": 5 }.');
  }
  if (config.retry !== undefined) {
    const retry = c.object(config.retry, "retry");
    c.known(retry, RETRY_FIELDS, "retry");
    c.number(retry.maxRetries, "retry.maxRetries", { integer: true });
    c.number(retry.baseDelayMs, "retry.baseDelayMs");
    c.number(retry.maxDelayMs, "retry.maxDelayMs");
  }
  c.number(config.concurrency, "concurrency", { min: 1, integer: true });
  c.number(config.defaultMaxTokens, "defaultMaxTokens", { min: 1, integer: true });
  return config as unknown as GatewayConfig;
}
