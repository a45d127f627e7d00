import { describe, expect, it } from "vitest";
import { PromptCache, type PromptBlock } from "../src/prompt-cache.js";

const ids = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => i + offset);
const block = (text: string, tokens: number, breakpoint?: "5m" | "1h"): PromptBlock => ({
  text,
  tokens,
  ...(breakpoint ? { breakpoint } : {}),
});

describe("PromptCache, OpenAI's automatic prefix cache", () => {
  it("reports the longest seen prefix in 128-token steps from 1,024, once committed", () => {
    let now = 0;
    const cache = new PromptCache(() => now);
    const first = cache.automatic("k", ids(1500), 1024);
    expect(first.cachedTokens).toBe(0);
    // Not remembered until the request is admitted.
    expect(cache.automatic("k", ids(1500), 1024).cachedTokens).toBe(0);
    first.commit();
    const longer = [...ids(1300), ...ids(400, 9_000)];
    expect(cache.automatic("k", longer, 1024).cachedTokens).toBe(1280);
    expect(cache.automatic("other-key", longer, 1024).cachedTokens).toBe(0);
    expect(cache.automatic("k", ids(1000), 1024).cachedTokens).toBe(0);
    now += 11 * 60_000;
    expect(cache.automatic("k", ids(1500), 1024).cachedTokens).toBe(0);
  });
});

describe("PromptCache, Anthropic's cache_control breakpoints", () => {
  const system = block("framework", 3_000, "5m");

  it("writes the prefix up to the last breakpoint, then reads it while it lives (5 minutes from last use)", () => {
    let now = 0;
    const cache = new PromptCache(() => now);
    const write = cache.breakpoints("k", [system, block("user: a", 10)], 1024);
    expect(write).toMatchObject({ readTokens: 0, write5mTokens: 3_000, write1hTokens: 0 });
    write.commit();
    now += 4 * 60_000;
    const read = cache.breakpoints("k", [system, block("user: b", 10)], 1024);
    expect(read).toMatchObject({ readTokens: 3_000, write5mTokens: 0 });
    read.commit();
    now += 4 * 60_000;
    expect(cache.breakpoints("k", [system], 1024).readTokens).toBe(3_000);
    now += 6 * 60_000;
    expect(cache.breakpoints("k", [system], 1024).readTokens).toBe(0);
  });

  it("finds an earlier cached prefix by looking back from a later breakpoint, and writes only the rest", () => {
    const cache = new PromptCache(() => 0);
    cache.breakpoints("k", [system, block("user: turn 1", 50)], 1024).commit();
    const turn2 = cache.breakpoints(
      "k",
      [block("framework", 3_000), block("user: turn 1", 50), block("assistant: ok", 20, "5m")],
      1024,
    );
    expect(turn2).toMatchObject({ readTokens: 3_000, write5mTokens: 70 });
  });

  it("caches nothing below the minimum and counts 1-hour writes apart", () => {
    const cache = new PromptCache(() => 0);
    expect(cache.breakpoints("k", [block("short", 500, "5m")], 1024)).toMatchObject({
      readTokens: 0,
      write5mTokens: 0,
    });
    const mixed = cache.breakpoints("k", [block("a", 2_000, "1h"), block("b", 1_000, "5m")], 1024);
    expect(mixed).toMatchObject({ write1hTokens: 2_000, write5mTokens: 1_000 });
  });
});
