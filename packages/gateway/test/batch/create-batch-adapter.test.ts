import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type SimServer } from "@discernus/provider-sim";
import {
  ConfigInvalidError,
  MissingApiKeyError,
  ProviderError,
  createBatchAdapter,
  planBatches,
  type BatchAdapter,
  type ResolvedModel,
} from "@discernus/gateway";
import { TEST_KEY } from "../gateway/sim-fixture.js";

let sim: SimServer | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const model = (provider: "openai" | "anthropic", id: string): ResolvedModel => ({
  id: `${provider}/${id}`,
  provider,
  providerKind: provider,
  providerModelId: id,
  price: { inputPerMTok: 1, outputPerMTok: 2 },
  priceSource: { name: "config", version: "test" },
  fallbacks: [],
  simulated: true,
});

describe("createBatchAdapter", () => {
  it("refuses a provider kind without a Batch API, and a missing key, before sending anything", () => {
    expect(() =>
      createBatchAdapter("compat", { kind: "openai-compatible", baseUrl: "http://x" }, {}),
    ).toThrow(ConfigInvalidError);
    expect(() => createBatchAdapter("openai", { kind: "openai", apiKeyEnv: "NOPE" }, {})).toThrow(
      MissingApiKeyError,
    );
  });

  it.each([
    ["openai", "gpt-4o-mini"],
    ["anthropic", "claude-3-5-haiku-latest"],
  ] as const)("turns a refused key into a typed, key-free ProviderError (%s)", async (provider, id) => {
    sim = await startSimulator({
      apiKeys: ["sk-only-this-key-works-0000"],
      models: [{ id, provider, contextWindow: 128_000 }],
    });
    const baseUrl = provider === "openai" ? sim.openaiBaseUrl : sim.anthropicBaseUrl;
    const adapter: BatchAdapter = createBatchAdapter(
      provider,
      { kind: provider, baseUrl, apiKeyEnv: "KEY" },
      { KEY: TEST_KEY },
    );
    const [batch] = planBatches(
      [{ customId: "a", model: `${provider}/${id}`, messages: [{ role: "user", content: "Hi." }] }],
      () => model(provider, id),
    );
    const error = await adapter.submit(batch!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: "provider_auth", status: 401 });
    expect((error as Error).message).not.toContain(TEST_KEY);
    expect((error as Error).message).toMatch(/apiKeyEnv/);
  });
});
