import type { GatewayRequest } from "@discernus/gateway";
import { AnswerInvalidError } from "./answer-invalid-error.js";

/**
 * The one retry after an answer that failed parseAnswer: the same request, followed by the
 * model's answer and a message listing what was wrong. The caller sends it once; if it fails
 * again, it records the failure with the raw text rather than asking a third time.
 */
export function retryMessages(
  request: GatewayRequest,
  rawText: string,
  error: AnswerInvalidError | Error,
): GatewayRequest {
  const problems = error instanceof AnswerInvalidError ? error.problems : [error.message];
  return {
    ...request,
    messages: [
      ...request.messages,
      { role: "assistant", content: rawText.trim() === "" ? "(empty answer)" : rawText },
      {
        role: "user",
        content: [
          "That answer does not fit the required format:",
          ...problems.map((p) => `- ${p}`),
          "",
          "Answer again in full, in the structured format, with an entry for every dimension id and each score on its scale.",
        ].join("\n"),
      },
    ],
  };
}
