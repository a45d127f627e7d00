import type {
  AttemptRecord,
  BatchCounts,
  BatchState,
  ChatMessage,
  CostBreakdown,
  JsonSchemaFormat,
  TokenUsage,
} from "@discernus/gateway";

/**
 * The record types of a v1 ledger, after `seq`, `ts`, `type` and `prev` (see LedgerRecord). Every
 * field a reader relies on is here; records may carry more.
 */

/** `"full"` keeps texts; `"hash"` keeps sha256 of every text and output instead, for corpora that may not be shared. */
export type StoreMode = "full" | "hash";

/** A message as stored: its text in full mode, its sha256 in hash mode. */
export type StoredMessage =
  { role: ChatMessage["role"]; content: string } | { role: ChatMessage["role"]; sha256: string };

export interface StoredRequest {
  /** The model as the caller named it (an alias stays an alias). */
  model: string;
  /** The resolved `<provider>/<model>` the cache key is computed with. */
  resolvedModel: string;
  messages: StoredMessage[];
  maxTokens: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  /** Kept in both modes: a framework's schema is not corpus text. */
  responseFormat?: JsonSchemaFormat;
  stream: boolean;
}

export interface StoredResponse {
  /** The `<provider>/<model>` that answered (after fallbacks). */
  model: string;
  provider: string;
  finishReason: string;
  /** Full mode. */
  text?: string;
  /** Hash mode: sha256 of the text. */
  textSha256?: string;
  /** Full mode: the parsed structured output. */
  json?: unknown;
  /** Hash mode: sha256 of the canonical JSON of the structured output. */
  jsonSha256?: string;
  providerRequestId?: string;
}

/** One call the gateway sent (or tried to): what was asked, what came back, what it cost. */
export interface CallRecordFields {
  /** The gateway's call id. */
  call: string;
  outcome: "ok" | "failed";
  /** The request hash: the cache and replay lookup key. */
  cacheKey: string;
  store: StoreMode;
  request: StoredRequest;
  /** Present when outcome is "ok". */
  response?: StoredResponse;
  /** Present when outcome is "failed". */
  error?: { code: string; message: string };
  usage: TokenUsage;
  /** Integer nano-USD by token kind, with the price source and its version. */
  cost: CostBreakdown;
  attempts: AttemptRecord[];
  /** Every model tried, in order: more than one means a fallback happened. */
  route: string[];
  timing: { startedAt: string; latencyMs: number };
  simulated: boolean;
  /** The caller's labels (run id, item id). */
  tags?: Record<string, string>;
  /**
   * Set when the call was one item of a provider batch: the batch id and the seq of its
   * `batch` "submitted" record, which holds the request as it was sent. Its cost carries the
   * batch discount; `attempts` is empty (the provider ran it, not the gateway).
   */
  batch?: { id: string; submittedSeq: number };
  /**
   * Set in a reproduction's ledger (`discernus reproduce`): the answer was not asked of a provider
   * but repeated from the recorded call with this id, with its usage, cost and latency.
   */
  replayOf?: string;
}

/** A request answered from the ledger instead of a provider: costs nothing, points at the call that paid. */
export interface CacheHitRecordFields {
  call: string;
  cacheKey: string;
  /** The call id and seq of the record that holds the answer. */
  original: { call: string; seq: number };
  model: string;
  tags?: Record<string, string>;
}

/** The budget's cap when a session starts, and every call it refused. */
export interface BudgetRecordFields {
  action: "cap" | "refused";
  capNanoUsd: number | null;
  spentNanoUsd: number;
  reservedNanoUsd: number;
  /** For "refused": the worst case of the refused call. */
  amountNanoUsd?: number;
  call?: string;
}

/** A session opened on the ledger: how it was bound to the notebook and what it will do. */
export interface SessionRecordFields {
  mode: "live" | "replay";
  store: StoreMode;
  /** How the notebook was found (explicit, JPY_SESSION_NAME, DISCERNUS_NOTEBOOK, cwd). */
  boundBy: string;
  tools: Record<string, string>;
  /**
   * The kernel's working folder: where the notebook's relative paths (frameworks, corpora) and its
   * config were read from. A reproduction elsewhere reads this folder in printed paths as its own.
   */
  folder?: string;
}

/**
 * One analyze() run (issue 4 writes these): `digest` is sha256 of the canonical result table, the
 * same digest the notebook output carries in its metadata, so verify can tie output to ledger.
 */
export interface RunRecordFields {
  run: string;
  phase: "start" | "end";
  /**
   * What the run did: `"analyze"` (the default when absent) scored texts; `"drift"` asked a
   * sample of run `of`'s calls again, live, to see whether the answers changed (dx.drift(),
   * `discernus drift`). A drift run's calls never answer a request from the ledger.
   */
  kind?: "analyze" | "drift";
  /** A drift run: the analyze() run whose recorded answers it checked. */
  of?: string;
  framework?: string;
  models?: string[];
  items?: number;
  digest?: string;
  totals?: { calls: number; cacheHits: number; failed: number; costNanoUsd: number };
  /**
   * Items without a score and why: a call that failed, or an answer that still did not fit the
   * framework after its one retry (its raw text is in the call record named).
   */
  unscored?: { item: string; model: string; repeat: number; status: string; call?: string }[];
}

/** Where a provider batch stands, and its items by outcome, as the provider last reported them. */
export type BatchRecordState = BatchState;
export type BatchRecordCounts = BatchCounts;

/** One request of a submitted batch: its custom id is its request hash (the cache key). */
export interface BatchRecordItem {
  customId: string;
  request: StoredRequest;
  tags?: Record<string, string>;
}

/**
 * One step of a provider batch (OpenAI Batch API, Anthropic Message Batches):
 * - `submitted`: the provider accepted it; `items` holds every request as sent, so the batch can be
 *   collected later from the ledger alone (a kernel restart, `discernus batches --collect`);
 * - `polled`: its state or counts changed;
 * - `collected`: its results were read and every item written as a `call` record (with
 *   `batch.id`); `state` says how it ended (ended, expired, cancelled, failed).
 * A batch with `submitted` and no `collected` is in flight: nothing may submit its items again.
 */
export interface BatchRecordFields {
  action: "submitted" | "polled" | "collected";
  /** The provider's batch id. */
  batch: string;
  provider: string;
  /** The analyze() run that submitted it. */
  run?: string;
  /** submitted: */
  providerKind?: "openai" | "anthropic";
  /** submitted, OpenAI: the one model the batch runs on. */
  model?: string;
  inputFileId?: string;
  /** submitted, polled: ISO time the provider's completion window closes. */
  expiresAt?: string;
  /** submitted: what the items could cost at most, at the batch price (reserved against the budget). */
  worstCaseNanoUsd?: number;
  items?: BatchRecordItem[];
  /** polled, collected: */
  state?: BatchRecordState;
  counts?: BatchRecordCounts;
  /** collected: items answered and failed, and what the answered ones cost (with the discount). */
  answered?: number;
  failed?: number;
  costNanoUsd?: number;
  /** collected, state failed: why the provider refused the batch. */
  error?: { code: string; message: string };
}

export interface LedgerRecordTypes {
  call: CallRecordFields;
  cache_hit: CacheHitRecordFields;
  budget: BudgetRecordFields;
  session: SessionRecordFields;
  run: RunRecordFields;
  batch: BatchRecordFields;
}
