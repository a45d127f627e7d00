import { afterEach, describe, expect, it } from "vitest";
import {
  ConfigInvalidError,
  Gateway,
  InvalidRequestError,
  MissingApiKeyError,
  UnknownModelError,
  UnpricedModelError,
} from "@discernus/gateway";
import { ask, startHarness, TEST_KEY, type Harness } from "./sim-fixture.js";

const models = [
  { id: "gpt-4o-mini", provider: "openai" as const, contextWindow: 128_000 },
  { id: "claude-3-5-haiku-latest", provider: "anthropic" as const, contextWindow: 200_000 },
];

let h: Harness | undefined;
afterEach(() => h?.close());

describe("API keys", () => {
  it("never appear in events or errors, even when the provider rejects them", async () => {
    h = await startHarness({ seed: 1, models, apiKeys: ["the-only-valid-key"] });
    const errors: unknown[] = [];
    for (const model of ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"]) {
      for (const stream of [false, true]) {
        errors.push(await h.gateway.complete(ask(model, "Text.", { stream })).catch((e: unknown) => e));
      }
    }
    const dump = JSON.stringify(h.events) + errors.map((e) => `${String(e)} ${JSON.stringify(e)}`).join("\n");
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    expect(dump).toContain("provider_auth");
    expect(dump).not.toContain(TEST_KEY);
    expect(dump).not.toContain(TEST_KEY.slice(-8));
  });
});

describe("bad input is refused before anything is spent", () => {
  it("names the unknown model, the missing key's variable, and the bad field", async () => {
    h = await startHarness({ seed: 1, models }, { budget: { capUsd: 1 } });
    const g = h.gateway;
    await expect(g.complete(ask("openai/gpt-9-imaginary", "x"))).rejects.toBeInstanceOf(UnpricedModelError);
    await expect(g.complete(ask("nowhere/gpt-4o-mini", "x"))).rejects.toBeInstanceOf(UnknownModelError);
    await expect(g.complete(ask("openai/gpt-4o-mini", "x", { maxTokens: -5 }))).rejects.toThrow(/maxTokens/);
    await expect(g.complete(ask("openai/gpt-4o-mini", "x", { temperature: Number.NaN }))).rejects.toThrow(
      /temperature/,
    );
    await expect(
      g.complete({
        model: "openai/gpt-4o-mini",
        messages: [{ role: "user", content: 42 as unknown as string }],
      }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(g.complete({ model: "openai/gpt-4o-mini", messages: [] })).rejects.toThrow(/messages/);
    expect(h.sim.stats().totalRequests).toBe(0);
    expect(g.budget.state().spentNanoUsd).toBe(0);

    const noKey = new Gateway({
      config: {
        providers: {
          openai: { kind: "openai", baseUrl: h.sim.openaiBaseUrl, apiKeyEnv: "DISCERNUS_TEST_UNSET_KEY" },
        },
      },
      env: {},
    });
    const err = await noKey.complete(ask("openai/gpt-4o-mini", "x")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingApiKeyError);
    expect((err as Error).message).toContain("DISCERNUS_TEST_UNSET_KEY");
    expect(h.sim.stats().totalRequests).toBe(0);
  });

  it("refuses a negative or NaN budget with the field named", () => {
    for (const capUsd of [-1, Number.NaN]) {
      expect(
        () => new Gateway({ config: { providers: { local: { kind: "local" } }, budget: { capUsd } } }),
      ).toThrow(ConfigInvalidError);
      expect(
        () => new Gateway({ config: { providers: { local: { kind: "local" } }, budget: { capUsd } } }),
      ).toThrow(/budget\.capUsd/);
    }
  });
});
