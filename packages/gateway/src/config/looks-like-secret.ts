/** Prefixes of real API keys (OpenAI, Anthropic, Google, xAI, Groq, Hugging Face, GitHub, Replicate...). */
const KEY_PREFIXES = /^(sk-|sk_|rk-|pk-|AIza|xai-|gsk_|hf_|ghp_|github_pat_|r8_|Bearer\s)/;

/** A run of 16+ letters and digits with upper case, lower case and digits mixed: random, not a word. */
function hasRandomRun(value: string): boolean {
  for (const [run] of value.matchAll(/[A-Za-z0-9]{16,}/g)) {
    if (/[a-z]/.test(run) && /[A-Z]/.test(run) && /\d/.test(run)) return true;
  }
  return false;
}

/**
 * True when a value is probably a credential: a known key prefix, or 20+ characters holding a random
 * run. Model ids ("meta-llama/Llama-3.1-8B-Instruct") and variable names ("OPENAI_API_KEY") are not.
 */
export function looksLikeSecret(value: string): boolean {
  return KEY_PREFIXES.test(value) || (value.length >= 20 && hasRandomRun(value));
}

/** A value fit to appear in an error message: never a credential. */
export function quoteSafely(value: unknown): string {
  if (typeof value === "string")
    return looksLikeSecret(value) ? "<a value that looks like a key, not shown>" : JSON.stringify(value);
  if (typeof value === "number") return String(value);
  return JSON.stringify(value) ?? String(value);
}
