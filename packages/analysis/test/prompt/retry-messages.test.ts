import { describe, expect, it } from "vitest";
import { validateRequest } from "../../../gateway/src/call/validate-request.js";
import { validateFramework } from "../../src/framework/index.js";
import {
  AnswerInvalidError,
  buildAnalysisRequest,
  parseAnswer,
  retryMessages,
} from "../../src/prompt/index.js";
import { sampleFramework } from "../framework/framework-fixture.js";

describe("retryMessages", () => {
  it("sends the answer back with every problem, keeping the rest of the request", () => {
    const framework = validateFramework(sampleFramework());
    const request = buildAnalysisRequest(framework, "A text.", {
      model: "anthropic/claude-3-5-haiku-latest",
      seed: 3,
    });
    const raw = '{"scores":{"tone":{"score":"loud"}}}';
    let error: AnswerInvalidError | undefined;
    try {
      parseAnswer(framework, raw);
    } catch (e) {
      error = e as AnswerInvalidError;
    }
    const retry = retryMessages(request, raw, error!);
    expect(retry.messages.slice(0, 2)).toEqual(request.messages);
    expect(retry.messages[2]).toEqual({ role: "assistant", content: raw });
    expect(retry.messages[3]!.role).toBe("user");
    for (const problem of error!.problems) expect(retry.messages[3]!.content).toContain(`- ${problem}`);
    const { messages: _a, ...rest } = retry;
    const { messages: _b, ...original } = request;
    expect(rest).toEqual(original);
    expect(() => validateRequest(retry)).not.toThrow();
    // The original request is left as it was.
    expect(request.messages).toHaveLength(2);
  });

  it("stands in for an empty answer, which providers refuse as a message", () => {
    const framework = validateFramework(sampleFramework());
    const request = buildAnalysisRequest(framework, "A text.", { model: "openai/gpt-4o-mini" });
    const retry = retryMessages(request, "", new Error("no answer"));
    expect(retry.messages[2]).toEqual({ role: "assistant", content: "(empty answer)" });
    expect(retry.messages[3]!.content).toContain("- no answer");
  });
});
