import type { PromptCache } from "./prompt-cache.js";
import type { ParsedRequest } from "./protocol.js";
import type { ResolvedModel } from "./sim-config.js";

/** What a request reads from and writes to the prompt cache, in tokens. */
export interface CacheUse {
  readTokens: number;
  write5mTokens: number;
  write1hTokens: number;
  /** Remembers the prompt: called only once the request is admitted. */
  commit(): void;
}

const NO_CACHE: CacheUse = { readTokens: 0, write5mTokens: 0, write1hTokens: 0, commit: () => {} };

/**
 * The prompt cache's answer for a request within `scope` (an API key and model for interactive
 * calls, a batch for batch items): OpenAI's automatic prefix cache, or Anthropic's breakpoints.
 */
export function promptCacheUse(
  cache: PromptCache,
  scope: string,
  model: ResolvedModel,
  request: ParsedRequest,
): CacheUse {
  const use = request.cache;
  if (use?.kind === "automatic" && request.promptTokens >= model.promptCacheMinTokens) {
    const hit = cache.automatic(scope, use.ids(), model.promptCacheMinTokens);
    return { ...NO_CACHE, readTokens: hit.cachedTokens, commit: hit.commit };
  }
  if (use?.kind === "breakpoints") return cache.breakpoints(scope, use.blocks, model.promptCacheMinTokens);
  return NO_CACHE;
}
