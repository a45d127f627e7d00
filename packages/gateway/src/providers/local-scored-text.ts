import type { ChatMessage } from "../types.js";

const WRAPPED_TEXT = /<text>([\s\S]*?)<\/text>/;

/**
 * The text a local instrument scores: the content of the last user message, or, when that message
 * holds a block delimited by <text> and </text>, only that block. The analysis layer wraps each
 * corpus text that way, so that the framework's instructions around it are not scored as if they
 * were part of the speech.
 */
export function scoredText(messages: readonly ChatMessage[]): string {
  const lastUser = messages.findLast((m) => m.role === "user")?.content ?? "";
  return WRAPPED_TEXT.exec(lastUser)?.[1] ?? lastUser;
}
