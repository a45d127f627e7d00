/** o200k_base counts (GPT-4o, GPT-4.1, o-series, GPT-5), memoised per piece: see @discernus/tokenizer. */
export { countTokens } from "@discernus/tokenizer";
