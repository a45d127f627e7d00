import Anthropic, { BadRequestError, NotFoundError } from "@anthropic-ai/sdk";
import type {
  MessageBatch,
  MessageBatchIndividualResponse,
} from "@anthropic-ai/sdk/resources/messages/batches";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type SimConfig, type SimServer } from "../src/index.js";
import { anthropicClient } from "./sdk-clients.js";

let sim: SimServer | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const MODEL = "claude-3-5-haiku-latest";
// A small window makes max_tokens 5,000 a per-item context-length error; rpm 2 shows batches skip the buckets.
const start = (batch: SimConfig["batch"] = {}) =>
  startSimulator({
    timeScale: 0.001, // A 60 s batch ends in 60 ms.
    batch,
    models: [{ id: MODEL, provider: "anthropic", contextWindow: 1_000, limits: { rpm: 2 } }],
  });

const params = (text: string, maxTokens = 40) => ({
  model: MODEL,
  max_tokens: maxTokens,
  messages: [{ role: "user" as const, content: text }],
});
const request = (custom_id: string, text: string, maxTokens?: number) => ({
  custom_id,
  params: params(text, maxTokens),
});

/** Polls retrieve until processing_status is "ended"; returns every status seen, in order. */
async function poll(client: Anthropic, id: string): Promise<{ batch: MessageBatch; seen: string[] }> {
  const seen: string[] = [];
  for (const deadline = Date.now() + 3_000; Date.now() < deadline;) {
    const batch = await client.messages.batches.retrieve(id);
    if (seen.at(-1) !== batch.processing_status) seen.push(batch.processing_status);
    if (batch.processing_status === "ended") return { batch, seen };
    await new Promise((r) => setTimeout(r, 3));
  }
  throw new Error(`batch ${id} did not end within 3 s`);
}

async function results(client: Anthropic, id: string): Promise<MessageBatchIndividualResponse[]> {
  const all: MessageBatchIndividualResponse[] = [];
  for await (const r of await client.messages.batches.results(id)) all.push(r);
  return all;
}

describe("Anthropic Message Batches through the official SDK", () => {
  it("runs a batch to ended, and its messages equal the interactive answers for the same params", async () => {
    sim = await start();
    const client = anthropicClient(sim);
    const texts = ["We shall overcome.", "The economy is strong.", "Fear is the enemy.", "Unity now."];
    const created = await client.messages.batches.create({
      requests: texts.map((t, i) => request(`item-${i}`, t)),
    });
    expect(created).toMatchObject({
      type: "message_batch",
      processing_status: "in_progress",
      results_url: null,
    });
    // Until the whole batch ends, every request counts as processing.
    expect(created.request_counts).toEqual({
      processing: 4,
      succeeded: 0,
      errored: 0,
      canceled: 0,
      expired: 0,
    });
    expect(created.id).toMatch(/^msgbatch_01/);
    expect(Date.parse(created.expires_at) - Date.parse(created.created_at)).toBe(86_400_000 * 0.001);
    const { batch, seen } = await poll(client, created.id);
    expect(seen.at(-1)).toBe("ended");
    expect(batch.request_counts).toEqual({
      processing: 0,
      succeeded: 4,
      errored: 0,
      canceled: 0,
      expired: 0,
    });
    expect(batch.ended_at).not.toBeNull();
    expect(batch.results_url).toBe(`${sim.anthropicBaseUrl}/v1/messages/batches/${batch.id}/results`);
    const all = await results(client, batch.id);
    expect(all.map((r) => r.custom_id)).toEqual(["item-0", "item-1", "item-2", "item-3"]);
    // Four batch items went through with rpm 2: batches do not draw on the interactive buckets.
    const interactive = await client.messages.create(params(texts[2]!)).withResponse();
    expect(interactive.response.headers.get("anthropic-ratelimit-requests-remaining")).toBe("1");
    const result = all[2]!.result;
    expect(result.type).toBe("succeeded");
    if (result.type !== "succeeded") return;
    expect(result.message.content).toEqual(interactive.data.content);
    expect(result.message.usage).toEqual(interactive.data.usage);
    expect(result.message.stop_reason).toBe(interactive.data.stop_reason);
    const stats = sim.stats();
    expect(stats.totalRequests).toBe(1);
    expect(stats.batch.items.anthropic).toEqual({ succeeded: 4, errored: 0, expired: 0, canceled: 0 });
    expect(stats.batch.items.openai.succeeded).toBe(0);
  });

  it("reports per-item failures as errored results in Anthropic's error shape", async () => {
    sim = await start({ itemFailureRate: 0.3 });
    const client = anthropicClient(sim);
    const requests = Array.from({ length: 20 }, (_, i) => request(`ok-${i}`, `Text number ${i}.`));
    requests.push(request("too-long", "Write at length.", 5_000));
    requests.push({ custom_id: "no-model", params: { ...params("Hi."), model: "claude-imaginary" } });
    const { batch } = await poll(client, (await client.messages.batches.create({ requests })).id);
    const all = await results(client, batch.id);
    const errored = all.filter((r) => r.result.type === "errored");
    expect(batch.request_counts).toMatchObject({ errored: errored.length, succeeded: 22 - errored.length });
    const error = (id: string) => {
      const r = all.find((x) => x.custom_id === id)?.result;
      return r?.type === "errored" ? r.error : undefined;
    };
    expect(error("too-long")).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    expect(error("too-long")?.error.message).toMatch(/exceed context limit/);
    expect(error("no-model")).toMatchObject({ type: "error", error: { type: "not_found_error" } });
    const injected = errored.filter((r) => r.custom_id.startsWith("ok-"));
    expect(injected.length).toBeGreaterThan(0);
    for (const r of injected) expect(r.result).toMatchObject({ error: { error: { type: "api_error" } } });
  });

  it("expires what the window leaves unprocessed, delivering the rest", async () => {
    // expireFraction 0.5: half the items are never reached, so the batch runs into its window.
    sim = await start({ processingMs: 60_000, windowMs: 100_000, expireFraction: 0.5 });
    const client = anthropicClient(sim);
    const requests = Array.from({ length: 10 }, (_, i) => request(`r${i}`, `Passage ${i}.`));
    const { batch } = await poll(client, (await client.messages.batches.create({ requests })).id);
    expect(batch.request_counts).toEqual({
      processing: 0,
      succeeded: 5,
      errored: 0,
      canceled: 0,
      expired: 5,
    });
    const all = await results(client, batch.id);
    expect(all.map((r) => r.result.type)).toEqual([
      ...Array(5).fill("succeeded"),
      ...Array(5).fill("expired"),
    ]);
    expect(sim.stats().batch.items.anthropic.expired).toBe(5);
  });

  it("cancels: canceling at once, then ended with canceled results; deletes only an ended batch", async () => {
    sim = await start({ processingMs: 2_000_000 }); // 2 s real: canceling takes 5% of it.
    const client = anthropicClient(sim);
    const created = await client.messages.batches.create({
      requests: [request("a", "A."), request("b", "B.")],
    });
    await expect(client.messages.batches.delete(created.id)).rejects.toBeInstanceOf(BadRequestError);
    const canceling = await client.messages.batches.cancel(created.id);
    expect(canceling.processing_status).toBe("canceling");
    expect(canceling.cancel_initiated_at).not.toBeNull();
    const { batch } = await poll(client, created.id);
    expect(batch.request_counts).toEqual({
      processing: 0,
      succeeded: 0,
      errored: 0,
      canceled: 2,
      expired: 0,
    });
    expect((await results(client, batch.id)).map((r) => r.result)).toEqual([
      { type: "canceled" },
      { type: "canceled" },
    ]);
    expect(await client.messages.batches.delete(batch.id)).toEqual({
      id: batch.id,
      type: "message_batch_deleted",
    });
    await expect(client.messages.batches.retrieve(batch.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses with 400 a batch over 100,000 requests, a repeated custom_id, and a malformed one", async () => {
    sim = await start();
    const client = anthropicClient(sim);
    const many = Array.from({ length: 100_001 }, (_, i) => request(`r${i}`, "x"));
    const refused = await client.messages.batches.create({ requests: many }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as BadRequestError).error).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error", message: expect.stringMatching(/at most 100000.*Split/) },
    });
    const repeated = client.messages.batches.create({ requests: [request("a", "A."), request("a", "B.")] });
    await expect(repeated).rejects.toThrow(/requests\.1\.custom_id: 'a' repeats requests\.0/);
    const malformed = client.messages.batches.create({ requests: [request("has space", "A.")] });
    await expect(malformed).rejects.toThrow(/requests\.0\.custom_id: String should match pattern/);
  });

  it("lists batches newest first with after_id/limit pagination", async () => {
    sim = await start();
    const client = anthropicClient(sim);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await client.messages.batches.create({ requests: [request("a", `Batch ${i}.`)] })).id);
    const first = await client.messages.batches.list({ limit: 2 });
    expect(first.data.map((b) => b.id)).toEqual([ids[2], ids[1]]);
    expect(first.has_more).toBe(true);
    const all: string[] = [];
    for await (const b of client.messages.batches.list({ limit: 2 })) all.push(b.id);
    expect(all).toEqual([...ids].reverse());
  });
});
