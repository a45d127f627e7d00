import type { Scale } from "../framework/framework.js";
import { isLabelScale, quoteList } from "../framework/scale.js";

/** The scale in words, as the prompt and the schema's descriptions state it. */
export function describeScale(scale: Scale): string {
  if (isLabelScale(scale)) return `one of ${quoteList(scale)} (ordered from lowest to highest)`;
  if (scale.step === undefined) return `a number from ${scale.min} to ${scale.max} (decimals allowed)`;
  if (scale.step === 1 && Number.isInteger(scale.min))
    return `a whole number from ${scale.min} to ${scale.max}`;
  return `a number from ${scale.min} to ${scale.max} in steps of ${scale.step}`;
}
