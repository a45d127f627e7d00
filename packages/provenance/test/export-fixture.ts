import { createHash } from "node:crypto";
import type { CostBreakdown, TokenUsage } from "@discernus/gateway";
import { LedgerWriter } from "../src/ledger-writer.js";
import type {
  CacheHitRecordFields,
  CallRecordFields,
  RunRecordFields,
  SessionRecordFields,
} from "../src/records/ledger-records.js";

/**
 * A small ledger for the export tests, written by LedgerWriter with the record shapes of
 * ledger-records.ts: one run of four calls (a plain one, a fallback, a failure, a hash-mode one)
 * and a cache hit, between a session record and the run's start and end.
 */

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Texts the exports must not carry unless asked (and never from a hash-mode record). */
export const TEXTS = {
  system: "You code political speeches with the populism framework. SYSTEM-TEXT-7f3a",
  user: "Speech 1: the people against the elite. USER-TEXT-91c2",
  answer: '{"populism": 0.82} ANSWER-TEXT-5d0e',
  fallbackUser: "Speech 2: a technocratic budget address. USER-TEXT-2b7d",
  fallbackAnswer: '{"populism": 0.11} ANSWER-TEXT-c41a',
  hashedUser: "Speech 3: restricted corpus, never to leave the lab. HASHED-TEXT-0a9b",
  hashedAnswer: '{"populism": 0.47} HASHED-ANSWER-e8f1',
};

const PRICE_SOURCE = { name: "@pydantic/genai-prices", version: "0.0.34" };

function usage(partial: Partial<TokenUsage>): TokenUsage {
  return {
    inputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    ...partial,
  };
}

function cost(byKind: Partial<TokenUsage>, source = PRICE_SOURCE): CostBreakdown {
  const full = usage(byKind);
  return { totalNanoUsd: Object.values(full).reduce((a, b) => a + b, 0), byKind: full, source };
}

const RUN = "run-2025-03-01-a";
const at = (iso: string) => Date.parse(iso);

export const PLAIN: CallRecordFields = {
  call: "call-0001",
  outcome: "ok",
  cacheKey: sha256("request-1"),
  store: "full",
  request: {
    model: "fast",
    resolvedModel: "openai/gpt-4o-mini",
    messages: [
      { role: "system", content: TEXTS.system },
      { role: "user", content: TEXTS.user },
    ],
    maxTokens: 256,
    temperature: 0,
    seed: 7,
    responseFormat: { type: "json_schema", name: "populism_score", schema: { type: "object" } },
    stream: false,
  },
  response: {
    model: "openai/gpt-4o-mini-2024-07-18",
    provider: "openai",
    finishReason: "stop",
    text: TEXTS.answer,
    json: { populism: 0.82 },
    providerRequestId: "chatcmpl-9xYz1",
  },
  usage: usage({ inputTokens: 182, cachedInputTokens: 1024, outputTokens: 41 }),
  cost: cost({ inputTokens: 27_300, cachedInputTokens: 76_800, outputTokens: 24_600 }),
  attempts: [
    {
      attempt: 1,
      provider: "openai",
      model: "openai/gpt-4o-mini",
      startedAt: at("2025-03-01T10:00:00.250Z"),
      latencyMs: 812,
      outcome: "ok",
      status: 200,
      queuedMs: 3,
    },
  ],
  route: ["openai/gpt-4o-mini"],
  timing: { startedAt: "2025-03-01T10:00:00.247Z", latencyMs: 815 },
  simulated: false,
  tags: { run: RUN, item: "speech-1" },
};

export const FALLBACK: CallRecordFields = {
  call: "call-0002",
  outcome: "ok",
  cacheKey: sha256("request-2"),
  store: "full",
  request: {
    model: "anthropic/claude-3-5-haiku-latest",
    resolvedModel: "anthropic/claude-3-5-haiku-latest",
    messages: [
      { role: "system", content: TEXTS.system },
      { role: "user", content: TEXTS.fallbackUser },
    ],
    maxTokens: 256,
    temperature: 0.2,
    topP: 0.9,
    stream: false,
  },
  response: {
    model: "openai/gpt-4o-mini",
    provider: "openai",
    finishReason: "stop",
    text: TEXTS.fallbackAnswer,
    providerRequestId: "chatcmpl-4aBc2",
  },
  usage: usage({ inputTokens: 1190, outputTokens: 38 }),
  cost: cost({ inputTokens: 178_500, outputTokens: 22_800 }),
  attempts: [
    {
      attempt: 1,
      provider: "anthropic",
      model: "anthropic/claude-3-5-haiku-latest",
      startedAt: at("2025-03-01T10:00:02.000Z"),
      latencyMs: 240,
      outcome: "provider_overloaded",
      status: 529,
      message: "anthropic: Overloaded",
      queuedMs: 0,
    },
    {
      attempt: 2,
      provider: "openai",
      model: "openai/gpt-4o-mini",
      startedAt: at("2025-03-01T10:00:02.250Z"),
      latencyMs: 700,
      outcome: "ok",
      status: 200,
      queuedMs: 10,
    },
  ],
  route: ["anthropic/claude-3-5-haiku-latest", "openai/gpt-4o-mini"],
  timing: { startedAt: "2025-03-01T10:00:02.000Z", latencyMs: 960 },
  simulated: false,
  tags: { run: RUN, item: "speech-2" },
};

export const FAILED: CallRecordFields = {
  call: "call-0003",
  outcome: "failed",
  cacheKey: sha256("request-3"),
  store: "full",
  request: {
    model: "openai/gpt-4o-mini",
    resolvedModel: "openai/gpt-4o-mini",
    messages: [{ role: "user", content: TEXTS.user }],
    maxTokens: 128,
    stream: true,
  },
  error: {
    code: "provider_server_error",
    message: "openai: 500 The server had an error while processing your request.",
  },
  usage: usage({}),
  cost: cost({}, { name: "none", version: "0" }),
  attempts: [1, 2, 3].map((n) => ({
    attempt: n,
    provider: "openai",
    model: "openai/gpt-4o-mini",
    startedAt: at("2025-03-01T10:00:04.000Z") + (n - 1) * 500,
    latencyMs: 120,
    outcome: "provider_server_error" as const,
    status: 500,
    message: "openai: 500 The server had an error while processing your request.",
    queuedMs: 0,
  })),
  route: ["openai/gpt-4o-mini"],
  timing: { startedAt: "2025-03-01T10:00:04.000Z", latencyMs: 1120 },
  simulated: false,
  tags: { run: RUN, item: "speech-1-retry" },
};

export const HASHED: CallRecordFields = {
  call: "call-0005",
  outcome: "ok",
  cacheKey: sha256("request-5"),
  store: "hash",
  request: {
    model: "anthropic/claude-sonnet-4-5",
    resolvedModel: "anthropic/claude-sonnet-4-5",
    messages: [
      { role: "system", sha256: sha256(TEXTS.system) },
      { role: "user", sha256: sha256(TEXTS.hashedUser) },
    ],
    maxTokens: 1024,
    temperature: 1,
    stream: false,
  },
  response: {
    model: "anthropic/claude-sonnet-4-5-20250929",
    provider: "anthropic",
    finishReason: "end_turn",
    textSha256: sha256(TEXTS.hashedAnswer),
    jsonSha256: sha256('{"populism":0.47}'),
    providerRequestId: "msg_01AbCdEf",
  },
  usage: usage({
    inputTokens: 35,
    cachedInputTokens: 0,
    cacheWriteTokens: 2048,
    outputTokens: 60,
    reasoningTokens: 300,
  }),
  cost: cost({
    inputTokens: 105_000,
    cacheWriteTokens: 7_680_000,
    outputTokens: 900_000,
    reasoningTokens: 4_500_000,
  }),
  attempts: [
    {
      attempt: 1,
      provider: "anthropic",
      model: "anthropic/claude-sonnet-4-5",
      startedAt: at("2025-03-01T10:00:07.000Z"),
      latencyMs: 3100,
      outcome: "ok",
      status: 200,
      queuedMs: 0,
    },
  ],
  route: ["anthropic/claude-sonnet-4-5"],
  timing: { startedAt: "2025-03-01T10:00:07.000Z", latencyMs: 3100 },
  simulated: false,
  tags: { run: RUN, item: "speech-3" },
};

/** The same request as PLAIN, answered from the ledger (PLAIN is seq 3). */
export const HIT: CacheHitRecordFields = {
  call: "call-0004",
  cacheKey: PLAIN.cacheKey,
  original: { call: PLAIN.call, seq: 3 },
  model: "openai/gpt-4o-mini",
  tags: { run: RUN, item: "speech-1-again" },
};

export const CALLS = [PLAIN, FALLBACK, FAILED, HASHED];

/** Seq of each record in the ledger writeLedger() builds. */
export const SEQ = {
  session: 1,
  runStart: 2,
  plain: 3,
  fallback: 4,
  failed: 5,
  hit: 6,
  hashed: 7,
  runEnd: 8,
};

export async function writeExportLedger(path: string): Promise<void> {
  let now = new Date("2025-03-01T09:59:59.000Z");
  const ledger = await LedgerWriter.open(path, {
    notebook: "study.ipynb",
    tools: { discernus: "0.1.0", node: "20.11.1" },
    now: () => now,
  });
  const append = (iso: string, type: string, fields: object) => {
    now = new Date(iso);
    ledger.append(type, fields as Record<string, unknown>);
  };
  const session: SessionRecordFields = {
    mode: "live",
    store: "full",
    boundBy: "explicit",
    tools: { discernus: "0.1.0", node: "20.11.1" },
  };
  append("2025-03-01T09:59:59.500Z", "session", session);
  const start: RunRecordFields = {
    run: RUN,
    phase: "start",
    framework: "populism",
    models: ["fast"],
    items: 3,
  };
  append("2025-03-01T10:00:00.000Z", "run", start);
  append("2025-03-01T10:00:01.100Z", "call", PLAIN);
  append("2025-03-01T10:00:03.000Z", "call", FALLBACK);
  append("2025-03-01T10:00:05.200Z", "call", FAILED);
  append("2025-03-01T10:00:06.000Z", "cache_hit", HIT);
  append("2025-03-01T10:00:10.200Z", "call", HASHED);
  const end: RunRecordFields = {
    run: RUN,
    phase: "end",
    digest: sha256("result table"),
    totals: {
      calls: 4,
      cacheHits: 1,
      failed: 1,
      costNanoUsd: CALLS.reduce((a, c) => a + c.cost.totalNanoUsd, 0),
    },
  };
  append("2025-03-01T10:00:10.500Z", "run", end);
  await ledger.close();
}

export { RUN };
