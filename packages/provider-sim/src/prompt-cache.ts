/**
 * The providers' prompt caches, per API key and model. OpenAI caches automatically: a prompt of
 * at least 1,024 tokens reuses the longest previously seen prefix, counted in 128-token steps.
 * Anthropic caches up to an explicit cache_control breakpoint: the first request writes the
 * prefix, later ones read it.
 */
export class PromptCache {
  readonly #automatic = new Map<string, Set<string>>();
  readonly #breakpoints = new Map<string, Set<string>>();

  /** OpenAI: how many prompt tokens were cached; remembers this prompt's prefixes. */
  automatic(scope: string, tokens: readonly number[]): number {
    if (tokens.length < 1024) return 0;
    let seen = this.#automatic.get(scope);
    if (!seen) this.#automatic.set(scope, (seen = new Set()));
    let cached = 0;
    // A running hash over the token ids, recorded at every 128-token boundary from 1,024 on.
    let hash = 2166136261;
    for (let i = 0; i < tokens.length; i++) {
      hash = Math.imul(hash ^ ((tokens[i] as number) & 0xffffffff), 16777619) >>> 0;
      const length = i + 1;
      if (length >= 1024 && length % 128 === 0) {
        const key = `${length}:${hash}`;
        if (seen.has(key)) cached = length;
        else seen.add(key);
      }
    }
    return cached;
  }

  /** Anthropic: "read" if this prefix was written before, else "write" (and remember it). */
  breakpoint(scope: string, hash: string): "read" | "write" {
    let seen = this.#breakpoints.get(scope);
    if (!seen) this.#breakpoints.set(scope, (seen = new Set()));
    if (seen.has(hash)) return "read";
    seen.add(hash);
    return "write";
  }
}
