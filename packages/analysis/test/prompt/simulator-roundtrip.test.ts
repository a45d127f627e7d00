import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Gateway } from "@discernus/gateway";
import { startSimulator, type SimServer } from "@discernus/provider-sim";
import { loadFramework } from "../../src/framework/index.js";
import { buildAnalysisRequest, parseAnswer } from "../../src/prompt/index.js";

const notebooks = (name: string) =>
  fileURLToPath(new URL(`../../../../notebooks/frameworks/${name}`, import.meta.url));
const TEXT = "The people have been betrayed by a corrupt elite. Together we can build a better future!";

let sim: SimServer;
let gateway: Gateway;
beforeAll(async () => {
  sim = await startSimulator({
    seed: 11,
    models: [
      { id: "gpt-4o-mini", provider: "openai", contextWindow: 128_000 },
      { id: "claude-3-5-haiku-latest", provider: "anthropic", contextWindow: 200_000 },
    ],
  });
  gateway = new Gateway({
    config: {
      providers: {
        openai: { kind: "openai", baseUrl: sim.openaiBaseUrl, apiKeyEnv: "SIM_KEY", simulated: true },
        anthropic: {
          kind: "anthropic",
          baseUrl: sim.anthropicBaseUrl,
          apiKeyEnv: "SIM_KEY",
          simulated: true,
        },
      },
    },
    env: { SIM_KEY: "sk-sim-analysis-test" },
  });
});
afterAll(() => sim.close());

// Through the real SDKs: OpenAI's response_format json_schema and Anthropic's forced tool call.
describe.each(["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"])("%s via provider-sim", (model) => {
  it.each(["populism-pluralism.json", "affect.json"])(
    "answers %s in a shape parseAnswer accepts",
    async (file) => {
      const framework = await loadFramework(notebooks(file));
      const response = await gateway.complete(buildAnalysisRequest(framework, TEXT, { model, seed: 1 }));
      expect(response.finishReason).not.toMatch(/length|max_tokens/);
      const answer = parseAnswer(framework, response.json);
      expect(Object.keys(answer.scores)).toEqual(framework.dimensions.map((d) => d.id));
    },
  );
});
