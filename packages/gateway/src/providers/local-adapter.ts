import { UnknownModelError } from "../errors.js";
import { createAfinnAdapter } from "./local-afinn.js";
import { LOCAL_MODEL_IDS, isLocalModelId, type LocalModelId } from "./local-models.js";
import { createVaderAdapter } from "./local-vader.js";
import type { AdapterCall, AdapterResult, ProviderAdapter } from "./provider-adapter.js";

const FACTORIES: Record<LocalModelId, () => ProviderAdapter> = {
  vader: createVaderAdapter,
  afinn: createAfinnAdapter,
};

/**
 * The `local` provider: keyless lexicon instruments researchers use as baselines (VADER, AFINN),
 * routed by model id. Any other id is an UnknownModelError listing the local models.
 */
export function createLocalAdapter(): ProviderAdapter {
  const adapters = new Map<LocalModelId, ProviderAdapter>();
  return {
    provider: "local",
    send(call: AdapterCall): Promise<AdapterResult> {
      if (!isLocalModelId(call.model)) {
        return Promise.reject(
          new UnknownModelError(
            `local/${call.model}`,
            LOCAL_MODEL_IDS.map((m) => `local/${m}`),
          ),
        );
      }
      let adapter = adapters.get(call.model);
      if (!adapter) {
        adapter = FACTORIES[call.model]();
        adapters.set(call.model, adapter);
      }
      return adapter.send(call);
    },
  };
}
