/**
 * A Discernus framework: what to measure in a text. Stored as JSON with
 * `"discernus_framework": 1`; `validateFramework` turns untrusted JSON into this type.
 */
export interface Framework {
  /** Format version of the file, so a later format can be told apart. */
  discernus_framework: 1;
  name: string;
  /** The framework's own version (e.g. "1.2.0"); a new wording is a new version. */
  version: string;
  description: string;
  /** The literature the definitions come from. */
  citation?: string;
  /** What the model is told before the dimensions: role, unit of analysis, how to score. */
  instructions: string;
  dimensions: Dimension[];
}

export interface Dimension {
  /** snake_case; the key of this dimension in answers, tables and the schema. */
  id: string;
  name: string;
  definition: string;
  scale: Scale;
  /**
   * What a score looks like, keyed by the score (a number written as a string, e.g. "0.5", or a
   * label of a label scale). Always holds both ends of the scale.
   */
  anchors: Record<string, string>;
  lexicon?: Lexicon;
  /** Ask for a supporting quotation. Always set after validation (default true). */
  evidence: boolean;
  /**
   * When the dimension is one pole of a bipolar axis (the older Discernus "dipoles"): the axis
   * and which end this is. Scores stay per pole, as Discernus scored them.
   */
  axis?: { name: string; pole: "positive" | "negative" };
}

/** A numeric range, or ordered labels from lowest to highest. */
export type Scale = NumericScale | LabelScale;

export interface NumericScale {
  min: number;
  max: number;
  /** Scores must be min + k * step. Absent: any number in range. */
  step?: number;
}

export type LabelScale = string[];

/** Terms that point towards the dimension (positive) and away from it (negative), or just indicators. */
export type Lexicon = { positive?: string[]; negative?: string[] } | string[];
