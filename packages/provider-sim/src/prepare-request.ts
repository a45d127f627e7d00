import type { ErrorSpec } from "./error-spec.js";
import type { ParsedRequest, Protocol } from "./protocol.js";
import type { ResolvedModel, ResolvedSimConfig } from "./sim-config.js";

export type Prepared =
  | { ok: true; request: ParsedRequest; model: ResolvedModel }
  | { ok: false; spec: ErrorSpec; request?: ParsedRequest; model?: ResolvedModel };

/**
 * The checks a request body meets before any answer, in the order the services make them: the
 * body's shape, the model, the model's own refusals, the context window. Shared by interactive
 * calls and batch items, so that a batch refuses exactly what an interactive call refuses.
 */
export function prepareRequest(config: ResolvedSimConfig, protocol: Protocol, body: unknown): Prepared {
  const request = protocol.parse(body);
  if ("error" in request)
    return {
      ok: false,
      spec: {
        kind: "bad_request",
        message: request.error,
        ...(request.param ? { param: request.param } : {}),
      },
    };
  const model = config.models.get(request.model);
  if (!model || model.provider !== protocol.provider)
    return { ok: false, spec: { kind: "not_found", model: request.model }, request };
  const refusal = protocol.check(request, model);
  if (refusal) return { ok: false, spec: refusal, request, model };
  if (request.promptTokens + (request.maxTokensGiven ?? 0) > model.contextWindow)
    return {
      ok: false,
      spec: {
        kind: "context_length",
        promptTokens: request.promptTokens,
        maxTokens: request.maxTokensGiven ?? 0,
        contextWindow: model.contextWindow,
      },
      request,
      model,
    };
  return { ok: true, request, model };
}
