import OpenAI, { BadRequestError, NotFoundError, toFile } from "openai";
import type { Batch } from "openai/resources/batches";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type SimConfig, type SimServer } from "../src/index.js";
import { openaiClient } from "./sdk-clients.js";

let sim: SimServer | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const MODEL = "gpt-4o-mini";
// A small window makes max_tokens 5,000 a per-item context-length error; rpm 2 shows batches skip the buckets.
const start = (batch: SimConfig["batch"] = {}) =>
  startSimulator({
    timeScale: 0.001, // A 60 s batch ends in 60 ms.
    batch,
    models: [{ id: MODEL, provider: "openai", contextWindow: 1_000, limits: { rpm: 2 } }],
  });

const chat = (text: string, maxTokens = 40) => ({
  model: MODEL,
  messages: [{ role: "user" as const, content: text }],
  max_tokens: maxTokens,
});
const line = (customId: string, body: unknown, url = "/v1/chat/completions") =>
  JSON.stringify({ custom_id: customId, method: "POST", url, body });

interface OutputLine {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string; body: Record<string, unknown> } | null;
  error: { code: string; message: string } | null;
}

async function upload(client: OpenAI, lines: string[]) {
  return client.files.create({
    file: await toFile(Buffer.from(lines.join("\n")), "batch.jsonl"),
    purpose: "batch",
  });
}

async function runBatch(client: OpenAI, lines: string[]) {
  const file = await upload(client, lines);
  return client.batches.create({
    input_file_id: file.id,
    endpoint: "/v1/chat/completions",
    completion_window: "24h",
  });
}

const ENDED = ["completed", "failed", "expired", "cancelled"];

/** Polls retrieve until the batch has ended; returns every status seen, in order. */
async function poll(client: OpenAI, id: string): Promise<{ batch: Batch; seen: string[] }> {
  const seen: string[] = [];
  for (const deadline = Date.now() + 3_000; Date.now() < deadline;) {
    const batch = await client.batches.retrieve(id);
    if (seen.at(-1) !== batch.status) seen.push(batch.status);
    if (ENDED.includes(batch.status)) return { batch, seen };
    await new Promise((r) => setTimeout(r, 3));
  }
  throw new Error(`batch ${id} did not end within 3 s`);
}

async function readLines(client: OpenAI, fileId: string | null | undefined): Promise<OutputLine[]> {
  if (!fileId) return [];
  const text = await (await client.files.content(fileId)).text();
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as OutputLine);
}

describe("OpenAI Batch API through the official SDK", () => {
  it("gives the items of one batch the prompt cache's hits on their shared prefix, apart from interactive traffic", async () => {
    sim = await startSimulator({ timeScale: 0.001 });
    const client = openaiClient(sim);
    const system = `Score the tone of the text on a scale from 0 to 3. ${"Read every sentence closely. ".repeat(300)}`;
    const body = (text: string) => ({
      model: "gpt-4o-mini",
      messages: [
        { role: "system" as const, content: system },
        { role: "user" as const, content: text },
      ],
      max_tokens: 20,
    });
    const created = await runBatch(
      client,
      ["One.", "Two.", "Three."].map((t, i) => line(`c-${i}`, body(t))),
    );
    const { batch } = await poll(client, created.id);
    const cached = (await readLines(client, batch.output_file_id)).map(
      (l) =>
        (l.response?.body as unknown as OpenAI.ChatCompletion).usage?.prompt_tokens_details?.cached_tokens ??
        0,
    );
    expect(cached[0]).toBe(0);
    expect(cached[1]).toBeGreaterThanOrEqual(1024);
    expect(cached[2]).toBe(cached[1]);
    expect(batch.usage?.input_tokens_details.cached_tokens).toBe(cached[1]! + cached[2]!);
    // The batch's cache is its own: an interactive call with the same prompt starts cold.
    const interactive = await client.chat.completions.create(body("Four."));
    expect(interactive.usage?.prompt_tokens_details?.cached_tokens ?? 0).toBe(0);
  });

  it("runs a batch to completed, and its answers equal the interactive answers for the same bodies", async () => {
    sim = await start();
    const client = openaiClient(sim);
    const texts = ["We shall overcome.", "The economy is strong.", "Fear is the enemy.", "Unity now."];
    const created = await runBatch(
      client,
      texts.map((t, i) => line(`item-${i}`, chat(t))),
    );
    expect(created.status).toBe("validating");
    expect(created.expires_at! - created.created_at).toBeLessThanOrEqual(Math.ceil(86_400 * 0.001) + 1);
    const { batch, seen } = await poll(client, created.id);
    expect(batch.status).toBe("completed");
    // Whatever polling caught, it caught in lifecycle order.
    const order = ["validating", "in_progress", "finalizing", "completed"];
    expect(seen.map((s) => order.indexOf(s))).toEqual(
      seen.map((s) => order.indexOf(s)).sort((a, b) => a - b),
    );
    expect(batch.request_counts).toEqual({ total: 4, completed: 4, failed: 0 });
    expect(batch.in_progress_at).not.toBeNull();
    expect(batch.finalizing_at).not.toBeNull();
    expect(batch.completed_at).not.toBeNull();
    expect(batch.error_file_id).toBeNull();
    expect(batch.model).toBe(MODEL);
    const output = await readLines(client, batch.output_file_id);
    expect(output.map((l) => l.custom_id)).toEqual(["item-0", "item-1", "item-2", "item-3"]);
    // Four batch items went through with rpm 2: batches do not draw on the interactive buckets.
    const interactive = await client.chat.completions.create(chat(texts[1]!)).withResponse();
    expect(interactive.response.headers.get("x-ratelimit-remaining-requests")).toBe("1");
    const item = output[1]!;
    expect(item.id).toMatch(/^batch_req_/);
    expect(item.error).toBeNull();
    expect(item.response?.status_code).toBe(200);
    const body = item.response?.body as unknown as OpenAI.ChatCompletion;
    expect(body.object).toBe("chat.completion");
    expect(body.choices[0]?.message.content).toBe(interactive.data.choices[0]?.message.content);
    expect(body.usage).toEqual(interactive.data.usage);
    const usage = output.reduce(
      (sum, l) => sum + ((l.response?.body.usage as { total_tokens: number }).total_tokens ?? 0),
      0,
    );
    expect(batch.usage?.total_tokens).toBe(usage);
    // Batch traffic is counted apart from interactive traffic.
    const stats = sim.stats();
    expect(stats.totalRequests).toBe(1);
    expect(stats.batch.items.openai).toEqual({ succeeded: 4, errored: 0, expired: 0, canceled: 0 });
    expect(stats.batch.requests.openai).toBeGreaterThanOrEqual(4);
  });

  it("puts per-item failures in the error file: a max_tokens over the model and injected server errors", async () => {
    sim = await start({ itemFailureRate: 0.3 });
    const client = openaiClient(sim);
    const lines = Array.from({ length: 20 }, (_, i) => line(`ok-${i}`, chat(`Text number ${i}.`)));
    lines.push(line("too-long", chat("Write at length.", 5_000)));
    const { batch } = await poll(client, (await runBatch(client, lines)).id);
    expect(batch.status).toBe("completed");
    const output = await readLines(client, batch.output_file_id);
    const errors = await readLines(client, batch.error_file_id);
    expect(output.length + errors.length).toBe(21);
    expect(batch.request_counts).toEqual({ total: 21, completed: output.length, failed: errors.length });
    const tooLong = errors.find((l) => l.custom_id === "too-long");
    expect(tooLong?.response?.status_code).toBe(400);
    expect(tooLong?.error).toBeNull();
    expect(tooLong?.response?.body).toMatchObject({
      error: { type: "invalid_request_error", code: "context_length_exceeded", param: "messages" },
    });
    const injected = errors.filter((l) => l.custom_id !== "too-long");
    expect(injected.length).toBeGreaterThan(0);
    for (const l of injected) expect(l.response?.status_code).toBe(500);
    expect(sim.stats().batch.items.openai.errored).toBe(errors.length);
  });

  it("expires a batch its window cannot hold, delivering the part done and marking the rest batch_expired", async () => {
    sim = await start({ processingMs: 60_000, windowMs: 30_000 });
    const client = openaiClient(sim);
    const lines = Array.from({ length: 10 }, (_, i) => line(`r${i}`, chat(`Passage ${i}.`)));
    const { batch } = await poll(client, (await runBatch(client, lines)).id);
    expect(batch.status).toBe("expired");
    expect(batch.expired_at).not.toBeNull();
    const output = await readLines(client, batch.output_file_id);
    const errors = await readLines(client, batch.error_file_id);
    // Half the processing time fits in the window: half the items were answered.
    expect(output.map((l) => l.custom_id)).toEqual(["r0", "r1", "r2", "r3", "r4"]);
    expect(errors.map((l) => [l.custom_id, l.response, l.error?.code])).toEqual(
      ["r5", "r6", "r7", "r8", "r9"].map((id) => [id, null, "batch_expired"]),
    );
    expect(batch.request_counts).toEqual({ total: 10, completed: 5, failed: 5 });
  });

  it("cancels: cancelling at once, then cancelled, with unprocessed items marked batch_cancelled", async () => {
    sim = await start({ processingMs: 2_000_000 }); // 2 s real: cancelling takes 5% of it.
    const client = openaiClient(sim);
    const created = await runBatch(
      client,
      ["a", "b", "c"].map((id) => line(id, chat(`Say ${id}.`))),
    );
    const cancelling = await client.batches.cancel(created.id);
    expect(cancelling.status).toBe("cancelling");
    expect(cancelling.cancelling_at).not.toBeNull();
    const { batch } = await poll(client, created.id);
    expect(batch.status).toBe("cancelled");
    expect(batch.cancelled_at).not.toBeNull();
    expect(batch.output_file_id).toBeNull();
    expect((await readLines(client, batch.error_file_id)).map((l) => l.error?.code)).toEqual([
      "batch_cancelled",
      "batch_cancelled",
      "batch_cancelled",
    ]);
    await expect(client.batches.cancel(created.id)).rejects.toMatchObject({ status: 409 });
  });

  it("fails a batch whose input file is invalid, naming each bad line", async () => {
    sim = await start();
    const client = openaiClient(sim);
    const created = await runBatch(client, [
      line("a", chat("Fine.")),
      "{not json",
      line("b", chat("Wrong endpoint."), "/v1/embeddings"),
      line("a", chat("Duplicate id.")),
      line("c", { ...chat("Unknown model."), model: "gpt-imaginary" }),
    ]);
    expect(created.status).toBe("validating");
    const { batch } = await poll(client, created.id);
    expect(batch.status).toBe("failed");
    expect(batch.failed_at).not.toBeNull();
    expect(batch.output_file_id).toBeNull();
    expect(batch.errors?.data?.map((e) => [e.line, e.code])).toEqual([
      [2, "invalid_json_line"],
      [3, "invalid_url"],
      [4, "duplicate_custom_id"],
      [5, "model_not_found"],
    ]);
    expect(batch.errors?.data?.[2]?.message).toMatch(/line 1/);
  });

  it("refuses with 400 an input file over 50,000 requests, and a batch for an endpoint it does not run", async () => {
    sim = await start();
    const client = openaiClient(sim);
    const lines = Array.from({ length: 50_001 }, (_, i) => line(`r${i}`, chat("x")));
    const refused = await upload(client, lines).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as BadRequestError).message).toMatch(/50001 requests.*at most 50000.*Split/);
    const file = await upload(client, [line("a", chat("Fine."))]);
    await expect(
      client.batches.create({ input_file_id: file.id, endpoint: "/v1/embeddings", completion_window: "24h" }),
    ).rejects.toBeInstanceOf(BadRequestError);
    await expect(
      client.batches.create({
        input_file_id: "file-missing",
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lists batches newest first with after/limit pagination, and files can be retrieved and deleted", async () => {
    sim = await start();
    const client = openaiClient(sim);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await runBatch(client, [line("a", chat(`Batch ${i}.`))])).id);
    const first = await client.batches.list({ limit: 2 });
    expect(first.data.map((b) => b.id)).toEqual([ids[2], ids[1]]);
    expect(first.has_more).toBe(true);
    const all: string[] = [];
    for await (const b of client.batches.list({ limit: 2 })) all.push(b.id);
    expect(all).toEqual([...ids].reverse());
    const batch = await client.batches.retrieve(ids[0]!);
    const file = await client.files.retrieve(batch.input_file_id);
    expect(file).toMatchObject({ object: "file", purpose: "batch", status: "processed" });
    expect(await client.files.delete(file.id)).toEqual({ id: file.id, object: "file", deleted: true });
    await expect(client.files.retrieve(file.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
