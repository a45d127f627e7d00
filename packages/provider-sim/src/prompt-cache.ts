import { createHash } from "node:crypto";

/** One block of an Anthropic prompt, in cache-prefix order (tools, system, messages). */
export interface PromptBlock {
  text: string;
  tokens: number;
  /** cache_control on this block: its TTL. */
  breakpoint?: "5m" | "1h";
}

export interface AutomaticCacheHit {
  cachedTokens: number;
  /** Records this prompt's prefixes; called once the request is admitted. */
  commit(): void;
}

export interface BreakpointCacheHit {
  readTokens: number;
  write5mTokens: number;
  write1hTokens: number;
  commit(): void;
}

// OpenAI: cached prefixes are "typically cleared after 5-10 minutes of inactivity". Anthropic: 5 minutes
// from last use by default, or 1 hour with ttl "1h". Both refresh on every hit.
const OPENAI_TTL_MS = 10 * 60_000;
const ANTHROPIC_TTL_MS = { "5m": 5 * 60_000, "1h": 60 * 60_000 } as const;
// Anthropic looks for hits at each breakpoint and up to 20 blocks before it.
const LOOKBACK_BLOCKS = 20;
const OPENAI_STEP_TOKENS = 128;
const MAX_ENTRIES = 200_000;

/**
 * The providers' prompt caches, per API key and model. OpenAI caches automatically: a prompt of at
 * least 1,024 tokens reuses the longest recently seen prefix, in 128-token steps. Anthropic caches up
 * to explicit cache_control breakpoints: the first request writes the prefix, later ones read it.
 * Bounded and expiring, so a long study does not grow it without end.
 */
export class PromptCache {
  /** key -> expiry time; Map order is least recently used first. */
  readonly #entries = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  #alive(key: string, now: number): boolean {
    const expires = this.#entries.get(key);
    return expires !== undefined && expires > now;
  }

  #remember(key: string, ttlMs: number, now: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, now + ttlMs);
    if (this.#entries.size > MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  /** OpenAI's automatic prefix cache over the prompt's token ids. */
  automatic(scope: string, ids: readonly number[], minTokens: number): AutomaticCacheHit {
    if (ids.length < minTokens) return { cachedTokens: 0, commit: () => {} };
    const now = this.#now();
    const keys: [number, string][] = [];
    // Two running FNV-1a hashes (different offsets) give a 64-bit prefix fingerprint.
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      a = Math.imul(a ^ id, 16777619) >>> 0;
      b = Math.imul(b ^ (id + 0x9e37), 2246822519) >>> 0;
      const length = i + 1;
      if (length >= minTokens && (length - minTokens) % OPENAI_STEP_TOKENS === 0)
        keys.push([length, `a\u0000${scope}\u0000${length}:${a}:${b}`]);
    }
    let cachedTokens = 0;
    for (const [length, key] of keys) if (this.#alive(key, now)) cachedTokens = length;
    return {
      cachedTokens,
      commit: () => {
        for (const [, key] of keys) this.#remember(key, OPENAI_TTL_MS, this.#now());
      },
    };
  }

  /** Anthropic's explicit cache: reads the longest live prefix, writes up to the last breakpoint. */
  breakpoints(scope: string, blocks: readonly PromptBlock[], minTokens: number): BreakpointCacheHit {
    const none = { readTokens: 0, write5mTokens: 0, write1hTokens: 0, commit: () => {} };
    const marks = blocks.flatMap((block, i) => (block.breakpoint ? [i] : []));
    if (marks.length === 0) return none;
    const now = this.#now();
    // Prefix fingerprints and token counts at every block end, up to the last breakpoint.
    const last = marks.at(-1) as number;
    const keys: string[] = [];
    const prefixTokens: number[] = [];
    const hash = createHash("sha256").update(scope);
    let total = 0;
    for (let i = 0; i <= last; i++) {
      const block = blocks[i] as PromptBlock;
      hash.update("\u0000").update(block.text);
      total += block.tokens;
      prefixTokens.push(total);
      keys.push(`b\u0000${hash.copy().digest("base64")}`);
    }
    let readAt = -1;
    for (const mark of marks) {
      for (let i = mark; i >= Math.max(0, mark - LOOKBACK_BLOCKS); i--) {
        if (i > readAt && this.#alive(keys[i] as string, now)) readAt = i;
      }
    }
    const readTokens = readAt >= 0 ? (prefixTokens[readAt] as number) : 0;
    const writable = marks.filter((m) => m > readAt && (prefixTokens[m] as number) >= minTokens);
    const lastWrite = writable.at(-1);
    const last1h = writable.filter((m) => blocks[m]?.breakpoint === "1h").at(-1);
    const write1hTokens = last1h === undefined ? 0 : (prefixTokens[last1h] as number) - readTokens;
    const write5mTokens =
      lastWrite === undefined ? 0 : (prefixTokens[lastWrite] as number) - readTokens - write1hTokens;
    return {
      readTokens,
      write5mTokens,
      write1hTokens,
      commit: () => {
        const at = this.#now();
        if (readAt >= 0) {
          const ttl = blocks.slice(readAt).find((b) => b.breakpoint)?.breakpoint ?? "5m";
          this.#remember(keys[readAt] as string, ANTHROPIC_TTL_MS[ttl], at);
        }
        for (const m of writable) {
          this.#remember(keys[m] as string, ANTHROPIC_TTL_MS[blocks[m]?.breakpoint ?? "5m"], at);
        }
      },
    };
  }
}
