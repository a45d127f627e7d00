import * as aq from "arquero";
import {
  agreementReport,
  costLatency,
  modelDimensionHeatmap,
  modelScatter,
  scoreDistributions,
  type AgreementReport,
  type ChartRow,
  type Framework,
  type MeasurementLevel,
  type VegaLiteSpec,
} from "@discernus/analysis";
import { formatUsd } from "@discernus/gateway";
import { foldRepeats } from "./fold-repeats.js";
import type { ResultRow, ScoreRow } from "./result-row.js";
import type { CorpusItem } from "./text-input.js";

export interface StudyTotals {
  /** Calls sent to providers (as the ledger recorded them for this run). */
  calls: number;
  cacheHits: number;
  failed: number;
  costNanoUsd: number;
}

export interface StudyInit {
  run: string;
  digest: string;
  framework: Framework;
  items: CorpusItem[];
  models: string[];
  rows: ResultRow[];
  totals: StudyTotals;
  level: MeasurementLevel;
  /** Distinct requests answered as provider batch items in this run (batch mode). */
  batchItems?: number;
}

/** The result of one analyze(): scores, cost, agreement and charts, tied to its ledger run. */
export class Study {
  readonly run: string;
  /** sha256 of the canonical results: the digest the notebook output and the ledger's run record carry. */
  readonly digest: string;
  readonly framework: Framework;
  readonly models: readonly string[];
  readonly items: readonly CorpusItem[];
  /** Every score of every repeat, with its call. */
  readonly rows: readonly ResultRow[];
  /** Repeats folded: median score and spread per text x model x dimension. */
  readonly scores: readonly ScoreRow[];
  readonly totals: StudyTotals;
  readonly level: MeasurementLevel;
  /** Distinct requests answered as provider batch items in this run, at the batch discount. */
  readonly batchItems: number;

  constructor(init: StudyInit) {
    this.run = init.run;
    this.digest = init.digest;
    this.framework = init.framework;
    this.models = init.models;
    this.items = init.items;
    this.rows = init.rows;
    this.scores = foldRepeats(init.rows);
    this.totals = init.totals;
    this.level = init.level;
    this.batchItems = init.batchItems ?? 0;
  }

  /** One row per text x model x dimension: score (median of repeats), spread, n, evidence, call id, cost, latency. */
  get table(): aq.ColumnTable {
    return aq.from(this.scores.map((r) => ({ ...r })));
  }

  /** Every call's row (all repeats), with call id, cost, latency and whether the ledger answered. */
  get calls(): aq.ColumnTable {
    return aq.from(this.rows.map((r) => ({ ...r })));
  }

  /** Texts as rows, one column per model, for one dimension. */
  wideByModel(dimension: string = this.framework.dimensions[0]?.id ?? ""): aq.ColumnTable {
    return this.table
      .params({ dimension })
      .filter((d: { dimension: string }, $: { dimension: string }) => d.dimension === $.dimension)
      .groupby("text")
      .pivot("model", "score");
  }

  /** Texts x models as rows, one column per dimension. */
  wideByDimension(): aq.ColumnTable {
    return this.table.groupby("text", "model").pivot("dimension", "score");
  }

  /** What the study cost: in total, per model, and what the ledger answered for nothing. */
  get cost(): { totalNanoUsd: number; total: string; byModel: Record<string, string>; cachedCalls: number } {
    const byModel: Record<string, number> = {};
    const seen = new Set<string>();
    for (const r of this.rows) {
      // A call's cost is on every row of its dimensions: count it once.
      if (seen.has(`${r.callId}|${r.repeat}|${r.text}|${r.model}`)) continue;
      seen.add(`${r.callId}|${r.repeat}|${r.text}|${r.model}`);
      byModel[r.model] = (byModel[r.model] ?? 0) + r.costNanoUsd;
    }
    return {
      totalNanoUsd: this.totals.costNanoUsd,
      total: formatUsd(this.totals.costNanoUsd),
      byModel: Object.fromEntries(Object.entries(byModel).map(([m, n]) => [m, formatUsd(n)])),
      cachedCalls: this.totals.cacheHits,
    };
  }

  /**
   * Agreement across models, per dimension: texts are the units, models the coders (computed in
   * code: Krippendorff's alpha, ICC, Cronbach's alpha, pairwise correlations and differences).
   */
  agreement(
    options: { level?: MeasurementLevel; bootstrap?: boolean | number; seed?: number } = {},
  ): Record<string, AgreementReport> {
    const out: Record<string, AgreementReport> = {};
    // One pass over the scores: a lookup per matrix cell would be quadratic in a 10,000-text study.
    const byCell = new Map<string, number | null>();
    for (const s of this.scores) byCell.set(JSON.stringify([s.dimension, s.text, s.model]), s.score);
    for (const d of this.framework.dimensions) {
      const coders = this.models.filter((m) =>
        this.scores.some((s) => s.model === m && s.dimension === d.id),
      );
      if (coders.length < 2) continue;
      const matrix = this.items.map((item) =>
        coders.map((m) => byCell.get(JSON.stringify([d.id, item.id, m])) ?? null),
      );
      out[d.id] = agreementReport(matrix, {
        level: options.level ?? this.level,
        coders,
        ...(options.bootstrap !== undefined ? { bootstrap: options.bootstrap } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      });
    }
    return out;
  }

  #chartRows(): ChartRow[] {
    // The first repeat's call stands for each score; found in one pass, not one search per score.
    const firstCall = new Map<string, ResultRow>();
    for (const r of this.rows) {
      const key = JSON.stringify([r.text, r.model, r.dimension]);
      if (!firstCall.has(key)) firstCall.set(key, r);
    }
    return this.scores.map((s) => {
      const call = firstCall.get(JSON.stringify([s.text, s.model, s.dimension]));
      return {
        text: s.text,
        model: s.model,
        dimension: s.dimension,
        score: s.score,
        evidence: s.evidence,
        callId: call?.callId ?? "",
        costNanoUsd: call?.costNanoUsd ?? 0,
        latencyMs: call?.latencyMs ?? 0,
        cached: call?.cached ?? false,
      };
    });
  }

  /** vega-lite specs of the results: show one with `show(study.charts.heatmap())`. */
  get charts(): {
    heatmap(): VegaLiteSpec;
    scatter(x: string, y: string, dimension?: string): VegaLiteSpec;
    distributions(): VegaLiteSpec;
    costLatency(): VegaLiteSpec;
  } {
    const rows = this.#chartRows();
    return {
      heatmap: () => modelDimensionHeatmap(rows),
      scatter: (x, y, dimension) => modelScatter(rows, { x, y, ...(dimension ? { dimension } : {}) }),
      distributions: () => scoreDistributions(rows),
      costLatency: () => costLatency(rows),
    };
  }
}
