import { describe, expect, it } from "vitest";
import { SimStatsRecorder, type SimLogEntry } from "../src/sim-stats.js";

const entry = (i: number, status = 200): SimLogEntry => ({
  at: i,
  provider: "openai",
  path: "/v1/chat/completions",
  model: "m",
  status,
  stream: false,
});

describe("SimStatsRecorder", () => {
  it("counts per model and status and keeps only the last 1,000 requests, oldest first", () => {
    const stats = new SimStatsRecorder();
    for (let i = 0; i < 2_500; i++) stats.record(entry(i, i % 10 === 0 ? 429 : 200));
    stats.record({ ...entry(2_500, 500), fault: "500" });
    const s = stats.snapshot();
    expect(s.totalRequests).toBe(2_501);
    expect(s.rateLimited).toBe(250);
    expect(s.byStatus).toEqual({ "200": 2_250, "429": 250, "500": 1 });
    expect(s.byModel.m?.total).toBe(2_501);
    expect(s.faults).toEqual({ "500": 1 });
    expect(s.recent).toHaveLength(1_000);
    expect(s.recent[0]?.at).toBe(1_501);
    expect(s.recent.at(-1)?.fault).toBe("500");
    stats.reset();
    expect(stats.snapshot()).toMatchObject({ totalRequests: 0, recent: [] });
  });
});
