import type { GatewayRequest } from "../types.js";

/**
 * One request of a batch. `customId` is how its answer is found again (providers return batch
 * results in any order): unique within the batch, 1 to 64 of `[A-Za-z0-9_-]`, Anthropic's rule,
 * kept for both providers so that an id works wherever its request is routed.
 */
export interface BatchRequest extends GatewayRequest {
  customId: string;
}

export const CUSTOM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
