import { randomUUID } from "node:crypto";
import { formatUsd } from "@discernus/gateway";
import { answeredByLedger, planStudy, type AnalyzeOptions, type StudyContext } from "./analyze-study.js";
import type { TextInput } from "./text-input.js";

export interface ModelEstimate {
  model: string;
  calls: number;
  /** Answered by the ledger already: free. */
  cached: number;
  inputTokens: number;
  /** The budget reserves this: every uncached call's prompt plus maxTokens at list price. */
  worstCaseNanoUsd: number;
  /** Prompt at list price plus the answer's expected size (a score and a quotation per dimension). */
  expectedNanoUsd: number;
}

export interface StudyEstimate {
  models: ModelEstimate[];
  worstCase: string;
  expected: string;
  worstCaseNanoUsd: number;
  expectedNanoUsd: number;
}

/** dx.estimate(): what a study would cost, per model, without calling anything. */
export async function estimateStudy(
  ctx: StudyContext,
  texts: readonly TextInput[],
  options: AnalyzeOptions,
): Promise<StudyEstimate> {
  const { framework, calls } = await planStudy(ctx, texts, options, randomUUID());
  const expectedOutput = framework.dimensions.reduce((s, d) => s + (d.evidence ? 60 : 15), 20);
  const byModel = new Map<string, ModelEstimate>();
  for (const call of calls) {
    let m = byModel.get(call.model);
    if (!m)
      byModel.set(
        call.model,
        (m = {
          model: call.model,
          calls: 0,
          cached: 0,
          inputTokens: 0,
          worstCaseNanoUsd: 0,
          expectedNanoUsd: 0,
        }),
      );
    m.calls++;
    if (await answeredByLedger(ctx, call)) {
      m.cached++;
      continue;
    }
    const estimate = ctx.gateway.estimate(call.request);
    const price = ctx.gateway.resolve(call.model).price;
    m.inputTokens += estimate.inputTokens;
    m.worstCaseNanoUsd += estimate.worstCaseNanoUsd;
    const output = call.instrument ? 0 : Math.min(expectedOutput, estimate.maxTokens);
    m.expectedNanoUsd += Math.round(
      (estimate.inputTokens * price.inputPerMTok + output * price.outputPerMTok) * 1000,
    );
  }
  const models = [...byModel.values()];
  const worstCaseNanoUsd = models.reduce((s, m) => s + m.worstCaseNanoUsd, 0);
  const expectedNanoUsd = models.reduce((s, m) => s + m.expectedNanoUsd, 0);
  return {
    models,
    worstCase: formatUsd(worstCaseNanoUsd),
    expected: formatUsd(expectedNanoUsd),
    worstCaseNanoUsd,
    expectedNanoUsd,
  };
}
