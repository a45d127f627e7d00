import { formatUsd, Gateway, type GatewayRequest, type GatewayResponse } from "@discernus/gateway";
import { startSimulator } from "@discernus/provider-sim";
import { pearson } from "../pearson.js";
import { textTable } from "../text-table.js";
import { sotuExcerpts } from "@discernus/kernel-helpers";

export interface CompareOptions {
  texts: number;
  json: boolean;
}

const SIM_KEY_ENV = "DISCERNUS_SIM_KEY";

const MODELS = [
  { id: "local/vader", label: "VADER" },
  { id: "local/afinn", label: "AFINN" },
  { id: "openai/gpt-4o-mini", label: "gpt-4o-mini*" },
  { id: "anthropic/claude-3-5-haiku-latest", label: "claude-3.5-haiku*" },
];

const TONE_SCHEMA = {
  type: "json_schema" as const,
  name: "tone",
  schema: {
    type: "object",
    properties: {
      score: { type: "number", minimum: -1, maximum: 1, description: "-1 very negative ... 1 very positive" },
      evidence: { type: "string", description: "the phrase that most shows the tone" },
    },
    required: ["score", "evidence"],
    additionalProperties: false,
  },
};

const SYSTEM =
  "You rate the overall emotional tone of an excerpt of a State of the Union address, from -1 " +
  "(very negative) through 0 (neutral) to 1 (very positive). Answer with the score and the phrase " +
  "that most shows it.";

/**
 * A keyless multi-model comparison through the gateway: two real lexicon instruments (VADER,
 * AFINN) and two LLMs answered by provider-sim, on openings of State of the Union addresses.
 * Costs of the simulated models are what the same tokens would cost at list price.
 */
export async function compare(options: CompareOptions): Promise<number> {
  const excerpts = sotuExcerpts(options.texts);
  const sim = await startSimulator({
    seed: 1790,
    models: [
      {
        id: "gpt-4o-mini",
        provider: "openai",
        contextWindow: 128_000,
        noise: 0.25,
        latency: { ttftMs: 120, tokensPerSecond: 400 },
      },
      {
        id: "claude-3-5-haiku-latest",
        provider: "anthropic",
        contextWindow: 200_000,
        noise: 0.35,
        latency: { ttftMs: 150, tokensPerSecond: 300 },
      },
    ],
  });
  try {
    const gateway = new Gateway({
      config: {
        providers: {
          local: { kind: "local" },
          openai: { kind: "openai", baseUrl: sim.openaiBaseUrl, apiKeyEnv: SIM_KEY_ENV, simulated: true },
          anthropic: {
            kind: "anthropic",
            baseUrl: sim.anthropicBaseUrl,
            apiKeyEnv: SIM_KEY_ENV,
            simulated: true,
          },
        },
        budget: { capUsd: 0.5 },
        concurrency: 8,
      },
      // provider-sim accepts any key; a real run reads keys from the environment.
      env: { [SIM_KEY_ENV]: "simulated-key" },
    });
    let done = 0;
    const total = excerpts.length * MODELS.length;
    gateway.on((e) => {
      if (
        (e.type === "done" || e.type === "failed" || e.type === "cache_hit") &&
        !options.json &&
        process.stderr.isTTY
      ) {
        done++;
        process.stderr.write(
          `\r  ${done}/${total} calls, ${formatUsd(gateway.budget.state().spentNanoUsd)} spent`,
        );
      }
    });
    const requests = excerpts.flatMap((x) =>
      MODELS.map((m): GatewayRequest => ({
        model: m.id,
        messages: [
          { role: "system", content: SYSTEM },
          { role: "user", content: `<text>${x.text}</text>` },
        ],
        maxTokens: 200,
        temperature: 0,
        responseFormat: TONE_SCHEMA,
        cacheSystemPrompt: true,
        tags: { year: String(x.year) },
      })),
    );
    const started = Date.now();
    const results = await Promise.allSettled(requests.map((r) => gateway.complete(r)));
    const wallMs = Date.now() - started;
    if (process.stderr.isTTY && !options.json) process.stderr.write("\n");

    const scoreOf = (i: number, j: number): number | undefined => {
      const r = results[i * MODELS.length + j];
      const score =
        r?.status === "fulfilled" ? (r.value.json as { score?: unknown } | undefined)?.score : undefined;
      return typeof score === "number" ? score : undefined;
    };
    const responses = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const failures = results.flatMap((r, k) =>
      r.status === "rejected" ? [{ k, reason: String(r.reason?.message ?? r.reason) }] : [],
    );

    // A second pass: every request again, which the cache must answer at $0 with no provider call.
    const requestsBefore = sim.stats().totalRequests;
    const rerun = await Promise.all(requests.map((r) => gateway.complete(r).catch(() => undefined)));
    const rerunCost = rerun.reduce((s, r) => s + (r?.cost.totalNanoUsd ?? 0), 0);
    const rerunProviderCalls = sim.stats().totalRequests - requestsBefore;

    const perModel = MODELS.map((m, j) =>
      summarise(
        m.id,
        m.label,
        responses.filter((r) => r.requestedModel === m.id),
        j,
      ),
    );
    const agreement = MODELS.flatMap((a, j) =>
      MODELS.slice(j + 1).map((b, k) => {
        const jb = j + 1 + k;
        const r = pearson(
          excerpts.map((_, i) => scoreOf(i, j)),
          excerpts.map((_, i) => scoreOf(i, jb)),
        );
        return { a: a.label, b: b.label, r };
      }),
    );
    const totalNano = responses.reduce((s, r) => s + r.cost.totalNanoUsd, 0);

    if (options.json) {
      console.log(
        JSON.stringify(
          {
            texts: excerpts.map((x, i) => ({
              year: x.year,
              president: x.president,
              scores: Object.fromEntries(MODELS.map((m, j) => [m.id, scoreOf(i, j) ?? null])),
            })),
            models: perModel,
            agreement,
            totalCostUsd: totalNano / 1e9,
            failures,
            rerun: { costUsd: rerunCost / 1e9, providerCalls: rerunProviderCalls },
            simulated: ["openai/gpt-4o-mini", "anthropic/claude-3-5-haiku-latest"],
          },
          null,
          2,
        ),
      );
      return failures.length === 0 ? 0 : 1;
    }

    const fmt = (v: number | undefined) => (v === undefined ? "-" : v.toFixed(3));
    console.log(
      `\nTone of ${excerpts.length} State of the Union openings (1790-2021), -1 negative .. 1 positive\n`,
    );
    console.log(
      textTable(
        ["year", "president", ...MODELS.map((m) => m.label)],
        excerpts.map((x, i) => [String(x.year), x.president, ...MODELS.map((_, j) => fmt(scoreOf(i, j)))]),
      ),
    );
    console.log("\nCost by model\n");
    console.log(
      textTable(
        ["model", "calls", "input tok", "cached tok", "output tok", "cost USD", "price source"],
        perModel.map((m) => [
          m.label,
          String(m.calls),
          String(m.inputTokens),
          String(m.cachedInputTokens),
          String(m.outputTokens),
          formatUsd(m.costNanoUsd),
          m.priceSource,
        ]),
      ),
    );
    console.log(
      `\nTotal ${formatUsd(totalNano)} of a ${formatUsd(gateway.budget.state().capNanoUsd ?? 0)} budget, ${responses.length}/${total} calls in ${(wallMs / 1000).toFixed(1)} s`,
    );
    console.log("\nAgreement between models (Pearson r over the texts)\n");
    console.log(
      textTable(
        ["model", "model", "r"],
        agreement.map((x) => [x.a, x.b, fmt(x.r)]),
      ),
    );
    console.log(
      `\nRe-run of all ${requests.length} requests: ${rerunProviderCalls} provider calls, ${formatUsd(rerunCost)} (served from the cache).`,
    );
    for (const f of failures) console.log(`failed: ${f.reason}`);
    console.log(
      "\n* Simulated: answered by provider-sim on this machine (no key, no network); their scores are synthetic and\n" +
        "  their cost is what the same tokens would cost at the provider's list price. VADER and AFINN are the real\n" +
        "  lexicon instruments. Put real keys in the environment and point discernus.config.json at the providers to\n" +
        "  run the same comparison live.",
    );
    return failures.length === 0 ? 0 : 1;
  } finally {
    await sim.close();
  }
}

function summarise(id: string, label: string, rs: GatewayResponse[], _j: number) {
  return {
    model: id,
    label,
    calls: rs.length,
    inputTokens: rs.reduce((s, r) => s + r.usage.inputTokens + r.usage.cacheWriteTokens, 0),
    cachedInputTokens: rs.reduce((s, r) => s + r.usage.cachedInputTokens, 0),
    outputTokens: rs.reduce((s, r) => s + r.usage.outputTokens + r.usage.reasoningTokens, 0),
    costNanoUsd: rs.reduce((s, r) => s + r.cost.totalNanoUsd, 0),
    priceSource: rs[0] ? `${rs[0].cost.source.name}@${rs[0].cost.source.version}` : "-",
    simulated: rs.some((r) => r.simulated),
  };
}
