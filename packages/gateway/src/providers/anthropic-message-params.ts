import type { MessageCreateParamsBase, TextBlockParam } from "@anthropic-ai/sdk/resources/messages/messages";
import type { ModelCall } from "./provider-adapter.js";

/**
 * The Messages API params of one call, without `stream`: interactive attempts add it, batch
 * requests carry the params as is. One builder, so a batch item asks exactly what a call would.
 */
export function buildMessageParams(call: ModelCall): MessageCreateParamsBase {
  const systemText = call.messages
    .filter((m) => m.role === "system")
    .map((m) => m.content)
    .join("\n\n");
  const params: MessageCreateParamsBase = {
    model: call.model,
    max_tokens: call.maxTokens,
    messages: call.messages
      .filter((m) => m.role !== "system")
      .map((m) => ({ role: m.role as "user" | "assistant", content: m.content })),
  };
  if (systemText) {
    const block: TextBlockParam = { type: "text", text: systemText };
    if (call.cacheSystemPrompt) block.cache_control = { type: "ephemeral" };
    params.system = [block];
  }
  if (call.temperature !== undefined) params.temperature = call.temperature;
  if (call.topP !== undefined) params.top_p = call.topP;
  if (call.responseFormat) {
    // Claude's way to structured output: one tool whose input schema is the answer, forced.
    params.tools = [
      {
        name: call.responseFormat.name,
        description: call.responseFormat.description ?? "Record the answer in this structure.",
        input_schema: call.responseFormat.schema as { type: "object"; [k: string]: unknown },
      },
    ];
    params.tool_choice = { type: "tool", name: call.responseFormat.name };
  }
  return params;
}
