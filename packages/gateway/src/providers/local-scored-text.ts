import type { ChatMessage } from "../types.js";

const WRAPPED_TEXT = /<text>([\s\S]*?)<\/text>/g;

/**
 * The text a local instrument scores: the content of the last user message, or, when that message
 * holds a block delimited by <text> and </text>, only that block. The analysis layer wraps each
 * corpus text that way, so that the framework's instructions around it are not scored as if they
 * were part of the speech. The last such block is the text: instructions before it may name the
 * tags ("the text between <text> and </text>").
 */
export function scoredText(messages: readonly ChatMessage[]): string {
  const lastUser = messages.findLast((m) => m.role === "user")?.content ?? "";
  const blocks = [...lastUser.matchAll(WRAPPED_TEXT)];
  return blocks.at(-1)?.[1] ?? lastUser;
}
