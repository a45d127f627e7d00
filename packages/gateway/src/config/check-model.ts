import { LOCAL_MODEL_IDS, isLocalModelId } from "../providers/local-models.js";
import { ConfigChecker, pathOf, type JsonObject } from "./config-checker.js";
import { quoteSafely } from "./looks-like-secret.js";

const MODEL_FIELDS = ["provider", "model", "contextWindow", "price", "fallbacks"];
const RATE_FIELDS = [
  "inputPerMTok",
  "outputPerMTok",
  "cachedInputPerMTok",
  "cacheWritePerMTok",
  "reasoningPerMTok",
];
const TIER_FIELDS = ["aboveInputTokens", "price"];
const PRICE_EXAMPLE = '{ "inputPerMTok": 0.15, "outputPerMTok": 0.6 } (USD per million tokens)';

/** Checks `models.<name>`: an alias's provider and model, context window, price and fallbacks. */
export function checkModel(
  c: ConfigChecker,
  name: string,
  value: unknown,
  providers: JsonObject,
  models: JsonObject,
): void {
  const field = pathOf("models", name);
  const m = c.object(value, field, '{ "provider": "openai", "model": "gpt-4o-mini" }');
  c.onlyKnownFields(m, MODEL_FIELDS, field);
  const slash = name.indexOf("/");
  const qualified = slash > 0 && Object.hasOwn(providers, name.slice(0, slash));
  if (!qualified || m.provider !== undefined || m.model !== undefined) {
    // An alias (or a qualified name re-pointed at another model): it needs both halves.
    const what = qualified
      ? `"${name}" points at another model, so it`
      : `"${name}" is an alias (not "<provider>/<model>" with a configured provider), so it`;
    if (typeof m.provider !== "string" || m.provider === "") {
      c.fail(
        field,
        'has no "provider"',
        `${what} needs "provider" and "model", e.g. { "provider": "openai", "model": "gpt-4o-mini" }.`,
      );
    }
    if (!Object.hasOwn(providers, m.provider)) {
      c.fail(
        `${field}.provider`,
        `is ${quoteSafely(m.provider)}, which is not under "providers"`,
        `Use one of: ${Object.keys(providers).join(", ")}.`,
      );
    }
    if (typeof m.model !== "string" || m.model === "") {
      c.fail(
        field,
        'has no "model"',
        `${what} needs the provider's model id too, e.g. "model": "gpt-4o-mini".`,
      );
    }
  }
  const providerName = typeof m.provider === "string" ? m.provider : name.slice(0, slash);
  const modelId = typeof m.model === "string" ? m.model : name.slice(slash + 1);
  const kind = (providers[providerName] as JsonObject | undefined)?.kind;
  if (kind === "local" && !isLocalModelId(modelId)) {
    c.fail(
      `${field}${typeof m.model === "string" ? ".model" : ""}`,
      `names ${quoteSafely(modelId)}, which the local provider does not have`,
      `Local models: ${LOCAL_MODEL_IDS.join(", ")}.`,
    );
  }
  c.number(m.contextWindow, `${field}.contextWindow`, {
    min: 1,
    integer: true,
    example: '"contextWindow": 128000',
  });
  if (m.price !== undefined) checkPrice(c, `${field}.price`, m.price, true);
  if (m.fallbacks !== undefined) {
    if (!Array.isArray(m.fallbacks))
      c.fail(
        `${field}.fallbacks`,
        "is not a list",
        'Write it as a list of model names, e.g. ["openai/gpt-4o-mini"].',
      );
    m.fallbacks.forEach((fallback: unknown, i: number) => {
      const resolvable =
        typeof fallback === "string" &&
        (Object.hasOwn(models, fallback) ||
          (fallback.indexOf("/") > 0 && Object.hasOwn(providers, fallback.slice(0, fallback.indexOf("/")))));
      if (!resolvable) {
        c.fail(
          `${field}.fallbacks`,
          `has ${quoteSafely(fallback)} (entry ${i + 1}), which is neither an alias under "models" nor "<provider>/<model>" with a configured provider`,
          `Use an alias (${Object.keys(models).join(", ") || "none yet"}) or a name like "${Object.keys(providers)[0] ?? "openai"}/<model>".`,
        );
      }
    });
  }
}

function checkPrice(c: ConfigChecker, field: string, value: unknown, allowTiers: boolean): void {
  const price = c.object(value, field, PRICE_EXAMPLE);
  c.onlyKnownFields(price, allowTiers ? [...RATE_FIELDS, "tiers"] : RATE_FIELDS, field);
  for (const k of ["inputPerMTok", "outputPerMTok"]) {
    if (price[k] === undefined)
      c.fail(
        `${field}.${k}`,
        "is missing",
        `A price needs inputPerMTok and outputPerMTok, e.g. ${PRICE_EXAMPLE}.`,
      );
  }
  for (const k of RATE_FIELDS)
    c.number(price[k], `${field}.${k}`, { min: 0, example: `"${k}": 0.15 (USD per million tokens)` });
  if (price.tiers === undefined) return;
  if (!Array.isArray(price.tiers))
    c.fail(
      `${field}.tiers`,
      "is not a list",
      'Write e.g. [{ "aboveInputTokens": 200000, "price": { ... } }].',
    );
  let previous = -1;
  price.tiers.forEach((tier: unknown, i: number) => {
    const tierField = `${field}.tiers[${i}]`;
    const t = c.object(
      tier,
      tierField,
      '{ "aboveInputTokens": 200000, "price": { "inputPerMTok": 2.5, "outputPerMTok": 15 } }',
    );
    c.onlyKnownFields(t, TIER_FIELDS, tierField);
    if (t.aboveInputTokens === undefined)
      c.fail(
        `${tierField}.aboveInputTokens`,
        "is missing",
        "Give the prompt size above which this tier applies.",
      );
    c.number(t.aboveInputTokens, `${tierField}.aboveInputTokens`, {
      min: 0,
      integer: true,
      example: '"aboveInputTokens": 200000',
    });
    if ((t.aboveInputTokens as number) <= previous)
      c.fail(
        `${tierField}.aboveInputTokens`,
        "is not above the previous tier's",
        "List tiers in ascending order of aboveInputTokens.",
      );
    previous = t.aboveInputTokens as number;
    checkPrice(c, `${tierField}.price`, t.price, false);
  });
}
