import type { GatewayRequest, JsonSchemaFormat } from "@discernus/gateway";
import type { Framework } from "../framework/framework.js";
import { answerSchema } from "./answer-schema.js";
import { buildSystemPrompt } from "./system-prompt.js";

export interface AnalysisRequestOptions {
  model: string;
  /** Default: room for a score and a short quotation per dimension (see defaultMaxTokens). */
  maxTokens?: number;
  /** Default 0: scoring is measurement, not writing. */
  temperature?: number;
  seed?: number;
}

/** The tool (Anthropic) or schema (OpenAI) name the answer is recorded under. */
export const ANSWER_FORMAT_NAME = "record_scores";

/** Prompt and schema depend on the framework only: built once per framework, not once per text. */
const built = new WeakMap<Framework, { system: string; format: JsonSchemaFormat }>();

/**
 * One request scoring `text` with `framework`: the framework's prompt as the system message (cached
 * by the provider across texts), the text in a user message between <text> and </text> (local
 * instruments score only that block), and the answer schema as the structured output format.
 */
export function buildAnalysisRequest(
  framework: Framework,
  text: string,
  options: AnalysisRequestOptions,
): GatewayRequest {
  let parts = built.get(framework);
  if (!parts) {
    parts = {
      system: buildSystemPrompt(framework),
      // Frozen: every request of the study shares it, and the gateway keeps the encoding of a
      // frozen format instead of encoding it again for each request's hash.
      format: deepFreeze({
        type: "json_schema",
        name: ANSWER_FORMAT_NAME,
        description: `Record the scores of the text on each dimension of the framework "${framework.name}".`,
        schema: answerSchema(framework),
      }),
    };
    built.set(framework, parts);
  }
  const request: GatewayRequest = {
    model: options.model,
    messages: [
      { role: "system", content: parts.system },
      // The instruction does not spell out the tags: a local instrument scores whatever a <text> block holds.
      { role: "user", content: `Score the text below.\n\n<text>\n${text}\n</text>` },
    ],
    maxTokens: options.maxTokens ?? defaultMaxTokens(framework),
    temperature: options.temperature ?? 0,
    responseFormat: parts.format,
    cacheSystemPrompt: true,
  };
  if (options.seed !== undefined) request.seed = options.seed;
  return request;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

/**
 * An answer's size: ~30 tokens of JSON per dimension, ~60 more for a quotation of up to ~30
 * words, plus headroom. The budget reserves against maxTokens, so it is kept near what is needed.
 */
export function defaultMaxTokens(framework: Framework): number {
  return framework.dimensions.reduce((sum, d) => sum + (d.evidence ? 128 : 32), 256);
}
