import { AnswerInvalidError, parseAnswer, type Framework } from "@discernus/analysis";
import { instrumentDimension, rescaleInstrumentScore } from "../study/instrument-dimension.js";

/** What a model answered, as analyze() reads it: its structured output, else its text. */
export interface AnswerContent {
  json?: unknown;
  text?: string;
}

/**
 * The scores an answer gives, by dimension id, read as analyze() reads them: a lexicon instrument
 * (`instrument` set) fills its one dimension, rescaled; a model's answer is parsed against the
 * framework. An answer that does not fit gives no scores ({}), as analyze() records it unscored.
 */
export function answerScores(
  framework: Framework,
  answer: AnswerContent,
  instrument: boolean,
  model: string,
): Record<string, number> {
  if (instrument) {
    const score = (answer.json as { score?: unknown } | undefined)?.score;
    const dimension = instrumentDimension(framework, model);
    return typeof score === "number" ? { [dimension.id]: rescaleInstrumentScore(score, dimension) } : {};
  }
  try {
    const parsed = parseAnswer(framework, answer.json ?? answer.text ?? "");
    return Object.fromEntries(Object.entries(parsed.scores).map(([id, s]) => [id, s.value]));
  } catch (err) {
    if (err instanceof AnswerInvalidError) return {};
    throw err;
  }
}
