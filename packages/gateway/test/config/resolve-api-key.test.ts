import { describe, expect, it } from "vitest";
import { resolveApiKey } from "../../src/config/resolve-api-key.js";
import { MissingApiKeyError } from "../../src/errors.js";

describe("resolveApiKey", () => {
  const openai = { kind: "openai" as const, apiKeyEnv: "DISCERNUS_TEST_OPENAI_KEY" };

  it("reads the key from the variable the config names, trimmed", () => {
    expect(resolveApiKey("openai", openai, { DISCERNUS_TEST_OPENAI_KEY: " sk-test-123\n" })).toBe(
      "sk-test-123",
    );
  });

  it("throws MissingApiKeyError naming the variable when it is unset or blank", () => {
    for (const env of [{}, { DISCERNUS_TEST_OPENAI_KEY: "" }, { DISCERNUS_TEST_OPENAI_KEY: "  " }]) {
      const err = (() => {
        try {
          return resolveApiKey("openai", openai, env);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(MissingApiKeyError);
      expect((err as MissingApiKeyError).envVar).toBe("DISCERNUS_TEST_OPENAI_KEY");
      expect((err as Error).message).toContain("export DISCERNUS_TEST_OPENAI_KEY=");
    }
  });

  it("says which setting to fill when no variable is configured", () => {
    expect(() =>
      resolveApiKey("gemini", { kind: "openai-compatible", baseUrl: "https://x.org" }, {}),
    ).toThrow(/providers\.gemini\.apiKeyEnv/);
  });

  it("needs no key for local instruments", () => {
    expect(resolveApiKey("local", { kind: "local" }, {})).toBe("");
  });

  it("reads process.env by default", () => {
    process.env.DISCERNUS_TEST_OPENAI_KEY = "sk-from-process";
    try {
      expect(resolveApiKey("openai", openai)).toBe("sk-from-process");
    } finally {
      delete process.env.DISCERNUS_TEST_OPENAI_KEY;
    }
  });
});
