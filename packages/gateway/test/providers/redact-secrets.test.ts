import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../src/providers/redact-secrets.js";

describe("redactSecrets", () => {
  it("redacts OpenAI and Anthropic keys, masked or not", () => {
    const masked =
      "Incorrect API key provided: sk-proj-abc1********************************xyz9. You can find your API key at https://platform.openai.com/account/api-keys.";
    const out = redactSecrets(masked);
    expect(out).toContain("sk-[redacted]");
    expect(out).not.toContain("abc1");
    expect(out).not.toContain("xyz9");
    expect(out).toContain("https://platform.openai.com/account/api-keys");
    const anthropic = "key sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa-AAAA rejected";
    expect(redactSecrets(anthropic)).toBe("key sk-[redacted] rejected");
  });

  it("redacts Google API keys", () => {
    const out = redactSecrets("API key not valid: AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW");
    expect(out).toBe("API key not valid: [redacted]");
  });

  it("redacts bearer tokens and key headers, keeping the header name", () => {
    expect(redactSecrets("Authorization: Bearer abcdefgh12345678")).not.toContain("abcdefgh12345678");
    expect(redactSecrets("sent Bearer abcdefgh12345678 upstream")).toBe("sent Bearer [redacted] upstream");
    expect(redactSecrets("x-api-key: 0123456789abcdef")).toBe("x-api-key: [redacted]");
    expect(redactSecrets('{"api_key": "gsk_abcdef0123456789"}')).toBe('{"api_key": "[redacted]"}');
  });

  it("redacts every occurrence of a known secret, whatever its shape", () => {
    const secret = "plainsecretvalue";
    expect(redactSecrets(`a ${secret} b ${secret}`, [secret])).toBe("a [redacted] b [redacted]");
    expect(redactSecrets("a.b*c+d(e) here", ["a.b*c+d(e)"])).toBe("[redacted] here");
  });

  it("ignores known secrets shorter than 6 characters, so ordinary words survive", () => {
    expect(redactSecrets("the model is fine", ["the", "fine"])).toBe("the model is fine");
  });

  it("leaves ordinary text untouched", () => {
    const text =
      "Rate limit reached for gpt-4o-mini in organization org-123 on tokens per min (TPM): Limit 200000.";
    expect(redactSecrets(text)).toBe(text);
  });
});
