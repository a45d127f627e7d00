/**
 * Removes anything that looks like a credential from text that may reach an error message, an
 * event or a log. Providers echo keys back in some errors (OpenAI's 401 quotes a masked key), and
 * a masked key is still more of the key than any log should hold.
 */
const KEY_PATTERNS: readonly RegExp[] = [
  /\bsk-[A-Za-z0-9_*-]{6,}/g, // OpenAI and Anthropic (sk-ant-...) keys, masked or not
  /\bAIza[0-9A-Za-z_-]{20,}/g, // Google API keys
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(x-api-key|api[_-]?key|authorization)(["']?\s*[:=]\s*["']?)[^\s"',}]{6,}/gi,
];

export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    // Very short values would redact ordinary words; real keys are long.
    if (secret.length >= 6) out = out.split(secret).join("[redacted]");
  }
  for (const pattern of KEY_PATTERNS) {
    out = out.replace(pattern, (match, p1?: string, p2?: string) =>
      p1 && p2 !== undefined && /^(x-api-key|api[_-]?key|authorization)$/i.test(p1)
        ? `${p1}${p2}[redacted]`
        : p1 && /^(bearer|basic)$/i.test(p1)
          ? `${p1} [redacted]`
          : match.startsWith("sk-")
            ? "sk-[redacted]"
            : "[redacted]",
    );
  }
  return out;
}
