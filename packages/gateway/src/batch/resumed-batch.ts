import type { ResolvedModel } from "../registry/model-registry.js";
import type { BatchProviderKind } from "./batch-limits.js";
import type { BatchRequest } from "./batch-request.js";
import { batchModelCall, type PlannedBatch } from "./plan-batches.js";

/**
 * A submitted batch rebuilt from what was recorded when it was submitted, enough to read its
 * results (`BatchAdapter.results`): the items' custom ids, models and answer formats. `route`
 * resolves each request's model as the gateway does. Nothing is validated or re-sent: the
 * requests may be hashes (a ledger in hash mode), and only their answers are read.
 */
export function resumedBatch(
  provider: string,
  providerKind: BatchProviderKind,
  model: string | undefined,
  requests: readonly BatchRequest[],
  route: (model: string) => ResolvedModel,
  defaultMaxTokens = 1024,
): PlannedBatch {
  return {
    provider,
    providerKind,
    model,
    items: requests.map((request) => {
      const resolved = route(request.model);
      return {
        customId: request.customId,
        request,
        model: resolved,
        call: batchModelCall(request, resolved, defaultMaxTokens),
        bytes: 0,
      };
    }),
    bytes: 0,
  };
}
