import { generateAnswer, type Answer } from "./answer-generator.js";
import type { ParsedRequest } from "./protocol.js";
import type { ResolvedModel } from "./sim-config.js";

/** The seeded answer a model gives to a prepared request: the same for an interactive call and a batch item. */
export function modelAnswer(seed: number, model: ResolvedModel, request: ParsedRequest): Answer {
  return generateAnswer({
    seed,
    model: model.id,
    requestKey: request.requestKey,
    text: request.lastUserText,
    noise: model.noise,
    maxTokens: request.maxTokens,
    answerTokens: model.answerTokens,
    ...(model.markup === undefined ? {} : { markup: model.markup }),
    ...(model.revision === undefined ? {} : { revision: model.revision }),
    ...(request.schema ? { schema: request.schema } : {}),
    ...(request.reasoningEffort ? { reasoningEffort: request.reasoningEffort } : {}),
  });
}
