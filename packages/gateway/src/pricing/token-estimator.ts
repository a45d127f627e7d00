import type { ChatMessage, JsonSchemaFormat } from "../types.js";
import { countTokens } from "./count-tokens.js";

export { countTokens } from "./count-tokens.js";

/**
 * OpenAI's documented chat framing (openai-cookbook, "How to count tokens with tiktoken"): every
 * message costs 3 tokens besides its role and content, and every reply is primed with 3 more
 * (`<|start|>assistant<|message|>`).
 */
const TOKENS_PER_MESSAGE = 3;
const REPLY_PRIMING_TOKENS = 3;

/**
 * Anthropic adds a tool-use system prompt whenever tools are sent; we force a tool call for
 * structured output, and the largest figure Anthropic publishes for `tool_choice` any/tool is 340
 * tokens (Claude 3 Haiku; 313 for Claude 3.5 Sonnet and later).
 */
const ANTHROPIC_FORCED_TOOL_PROMPT_TOKENS = 340;

/**
 * Other providers tokenize differently and do not all publish their tokenizers: Claude's counts
 * English prose some 10-20% above o200k_base (more for code and for some newer models), Gemini's and
 * open models' differ either way. The budget reserves the worst case from this estimate, so for them
 * it leans high by 20%.
 */
const OTHER_TOKENIZER_MARGIN = 1.2;

/**
 * Providers whose count is exact with o200k_base: OpenAI itself, and the local instruments, whose
 * usage the local adapter counts with this same encoder.
 */
const EXACT_PROVIDERS: ReadonlySet<string> = new Set(["openai", "local"]);

// A study sends one framework's system prompt and schema with every request, and each request is
// counted when planned and again when sent: counted once, the same text is not tokenized 200,000
// times over (it was a sixth of a 100,000-call study's CPU).
const SYSTEM_PROMPTS_KEPT = 64;
const systemCounts = new Map<string, number>();
const schemaCounts = new WeakMap<object, number>();

function systemTokens(text: string): number {
  let n = systemCounts.get(text);
  if (n === undefined) {
    n = countTokens(text);
    if (systemCounts.size >= SYSTEM_PROMPTS_KEPT) systemCounts.delete(systemCounts.keys().next().value!);
    systemCounts.set(text, n);
  }
  return n;
}

function schemaTokens(schema: object): number {
  let n = schemaCounts.get(schema);
  if (n === undefined) schemaCounts.set(schema, (n = countTokens(JSON.stringify(schema))));
  return n;
}

/**
 * Prompt tokens of a request before it is sent: o200k_base counts of every message with OpenAI's
 * framing, plus the structured-output schema when there is one (OpenAI does not document how it
 * injects a json_schema, so its serialized name, description and schema are counted as they are sent).
 * `provider` is the provider's kind (or name): `openai` and `local` are counted exactly; any other
 * gets the margin above, and `anthropic` also its tool-use prompt when a schema forces a tool call.
 */
export function estimateTokens(
  messages: readonly ChatMessage[],
  opts: { provider: string; responseFormat?: JsonSchemaFormat },
): number {
  let tokens = REPLY_PRIMING_TOKENS;
  for (const message of messages) {
    const content = message.role === "system" ? systemTokens(message.content) : countTokens(message.content);
    tokens += TOKENS_PER_MESSAGE + countTokens(message.role) + content;
  }
  const format = opts.responseFormat;
  if (format) {
    tokens += countTokens(format.name) + schemaTokens(format.schema);
    if (format.description) tokens += countTokens(format.description);
    if (opts.provider === "anthropic") tokens += ANTHROPIC_FORCED_TOOL_PROMPT_TOKENS;
  }
  return EXACT_PROVIDERS.has(opts.provider) ? tokens : Math.ceil(tokens * OTHER_TOKENIZER_MARGIN);
}
