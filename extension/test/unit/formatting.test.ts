import { describe, expect, test } from "vitest";
import { budgetGauge } from "../../src/model/budget-gauge.js";
import { readSettings, DEFAULT_SETTINGS } from "../../src/model/discernus-settings.js";
import { failureReason } from "../../src/model/failure-reason.js";
import { formatCompactCount, formatCount } from "../../src/model/format-count.js";
import { formatDuration } from "../../src/model/format-duration.js";
import { formatPercent } from "../../src/model/format-percent.js";
import { MoneyFormatter } from "../../src/model/money-formatter.js";
import { rateLimitGauges } from "../../src/model/rate-limit-gauges.js";

const usd = new MoneyFormatter({ currency: "USD", usdRate: 1, locale: "en-US" });

describe("money", () => {
  test("shows dollars with cents, and small amounts to the nano-dollar's sixth decimal", () => {
    expect(usd.format(0)).toBe("$0.00");
    expect(usd.format(42_000)).toBe("$0.000042");
    expect(usd.format(500_000_000)).toBe("$0.50");
    expect(usd.format(1_500_000_000)).toBe("$1.50");
    expect(usd.format(1_234_567_000_000)).toBe("$1,234.57");
    expect(usd.format(999_999_999)).toBe("$1.00");
  });

  test("says when an amount is not known", () => {
    expect(usd.format(null)).toBe("—");
    expect(usd.format(undefined)).toBe("—");
  });

  test("converts to the chosen currency in its locale", () => {
    const eur = new MoneyFormatter({ currency: "EUR", usdRate: 0.5, locale: "de-DE" });
    expect(eur.format(3_000_000_000)).toBe("1,50\u00a0€");
    const jpy = new MoneyFormatter({ currency: "jpy", usdRate: 150, locale: "en-US" });
    expect(jpy.format(2_000_000_000)).toBe("¥300");
    expect(jpy.format(10_000)).toBe("¥0.0015");
  });

  test("falls back to dollars on a currency code Intl refuses", () => {
    const bad = new MoneyFormatter({ currency: "€€", usdRate: 3, locale: "en-US" });
    expect(bad.currency).toBe("USD");
    expect(bad.format(1_000_000_000)).toBe("$1.00");
  });
});

describe("numbers, durations, percentages", () => {
  test("counts", () => {
    expect(formatCount(12345, "en-US")).toBe("12,345");
    expect(formatCompactCount(950, "en-US")).toBe("950");
    expect(formatCompactCount(12_345, "en-US")).toBe("12.3K");
    expect(formatCompactCount(4_100_000, "en-US")).toBe("4.1M");
  });

  test("durations", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(4_200)).toBe("4.2 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(125_000)).toBe("2 min 05 s");
    expect(formatDuration(3_720_000)).toBe("1 h 02 min");
    expect(formatDuration(-1)).toBe("—");
  });

  test("percentages never read 100% short of full", () => {
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(0.025)).toBe("2.5%");
    expect(formatPercent(0.0002)).toBe("<0.1%");
    expect(formatPercent(0.8)).toBe("80%");
    expect(formatPercent(0.9996)).toBe("99%");
    expect(formatPercent(1)).toBe("100%");
  });

  test("failure codes read as reasons", () => {
    expect(failureReason("budget_exceeded")).toMatch(/budget cap/);
    expect(failureReason("some_new_code")).toBe("some new code");
  });
});

describe("the budget gauge", () => {
  const gauge = (spentNanoUsd: number, capNanoUsd: number | null, refused = 0) =>
    budgetGauge({ spentNanoUsd, reservedNanoUsd: 100, capNanoUsd, refused, warnAt: 0.8 });

  test("warns from the threshold, is full at the cap, and says when the cap stopped work", () => {
    expect(gauge(10, null).level).toBe("none");
    expect(gauge(799, 1000).level).toBe("ok");
    expect(gauge(800, 1000).level).toBe("warn");
    expect(gauge(1000, 1000).level).toBe("full");
    expect(gauge(900, 1000, 3).level).toBe("stopped");
    expect(gauge(5, null, 1).level).toBe("stopped");
  });

  test("fractions stay within the bar", () => {
    expect(gauge(250, 1000)).toMatchObject({ fraction: 0.25, committedFraction: 0.35 });
    expect(gauge(5000, 1000).fraction).toBe(1);
    expect(gauge(0, 0)).toMatchObject({ fraction: 1, level: "full" });
  });
});

describe("rate-limit gauges", () => {
  test("show used, remaining and time to reset per window, and cool-downs, sorted by model", () => {
    const gauges = rateLimitGauges(
      {
        "openai/gpt-4o-mini": {
          observedAt: 10_000,
          requests: { limit: 500, remaining: 380, resetMs: 12_000 },
          tokens: { limit: 200_000, remaining: 0, resetMs: 6_000 },
        },
      },
      { "anthropic/claude-3-5-haiku-latest": 14_000 },
      12_000,
    );
    expect(gauges.map((g) => g.model)).toEqual(["anthropic/claude-3-5-haiku-latest", "openai/gpt-4o-mini"]);
    const [anthropic, openai] = gauges;
    expect(anthropic).toMatchObject({
      provider: "anthropic",
      windows: [],
      cooldownUntil: 14_000,
      cooldownInMs: 2_000,
    });
    expect(openai!.windows[0]).toMatchObject({
      kind: "requests",
      used: 120,
      remaining: 380,
      resetInMs: 10_000,
      level: "ok",
    });
    expect(openai!.windows[1]).toMatchObject({
      kind: "tokens",
      used: 200_000,
      fraction: 1,
      resetInMs: 4_000,
      level: "full",
    });
  });

  test("a reset or cool-down in the past counts as 0 left", () => {
    const [g] = rateLimitGauges(
      { m: { observedAt: 0, requests: { limit: 10, remaining: 9, resetMs: 100 } } },
      { m: 50 },
      1_000,
    );
    expect(g!.windows[0]!.resetInMs).toBe(0);
    expect(g!.cooldownInMs).toBe(0);
  });
});

describe("settings", () => {
  test("default each field that is missing or wrong, and keep the rest", () => {
    expect(readSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(
      readSettings({ currency: "eur", usdRate: -1, locale: "de-DE", warnAtFraction: 1.5, recentCalls: 5000 }),
    ).toEqual({ currency: "EUR", usdRate: 1, locale: "de-DE", warnAtFraction: 0.8, recentCalls: 200 });
    expect(readSettings({ currency: "€", recentCalls: 12.7, warnAtFraction: 0.5 })).toMatchObject({
      currency: "USD",
      recentCalls: 12,
      warnAtFraction: 0.5,
    });
  });
});
