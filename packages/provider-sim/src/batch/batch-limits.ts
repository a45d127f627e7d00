// The providers' documented limits on one batch; a client over them must split its work.

/** OpenAI: "A single batch may include up to 50,000 requests". */
export const OPENAI_BATCH_MAX_REQUESTS = 50_000;
/** OpenAI: a batch input file "can be up to 200 MB in size". */
export const OPENAI_BATCH_MAX_FILE_BYTES = 200 * 1024 * 1024;
/** Anthropic: "limited to either 100,000 Message requests or 256 MB in size, whichever is reached first". */
export const ANTHROPIC_BATCH_MAX_REQUESTS = 100_000;
export const ANTHROPIC_BATCH_MAX_BYTES = 256 * 1024 * 1024;
