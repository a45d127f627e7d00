import type { GatewayRequest } from "@discernus/gateway";
import type { RecordedUnit } from "./recorded-run.js";

/** One recorded answer to ask again: the request rebuilt from its call record. */
export interface PlannedAsk {
  unit: RecordedUnit;
  /** As the run named it. */
  model: string;
  request: GatewayRequest;
  /** A lexicon instrument (local model): it fills one dimension. */
  instrument: boolean;
}
