export { countTokens, encode, encoding, truncateTokens } from "./o200k.js";
