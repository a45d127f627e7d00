import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OtlpExportError } from "../src/export/export-errors.js";
import { exportOtlp, langfuseOtlpTarget } from "../src/export/export-otlp.js";
import {
  CALLS,
  FAILED,
  FALLBACK,
  HASHED,
  HIT,
  PLAIN,
  RUN,
  SEQ,
  TEXTS,
  writeExportLedger,
} from "./export-fixture.js";

/** OTLP/JSON AnyValue (opentelemetry-proto common.proto); int64 may come as a string. */
interface AnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: AnyValue[] };
}
interface KeyValue {
  key: string;
  value: AnyValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: KeyValue[];
  links?: { traceId: string; spanId: string }[];
  status?: { code?: number; message?: string };
}
interface ExportTraceServiceRequest {
  resourceSpans: { resource?: { attributes?: KeyValue[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

function valueOf(v: AnyValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(valueOf);
  return undefined;
}
const attributesOf = (kvs: KeyValue[] | undefined) =>
  Object.fromEntries((kvs ?? []).map((kv) => [kv.key, valueOf(kv.value)]));

interface Receiver {
  url: string;
  base: string;
  requests: { path: string; headers: IncomingHttpHeaders; raw: string; body: ExportTraceServiceRequest }[];
  spans(): (OtlpSpan & { attrs: Record<string, unknown> })[];
  close(): Promise<void>;
}

/**
 * A real OTLP/HTTP receiver: accepts POST …/v1/traces with an ExportTraceServiceRequest in JSON and
 * answers `status`. A refusing receiver echoes the Authorization header in its body, as a careless
 * collector might, to check that the error message never repeats it.
 */
async function startReceiver(status = 200): Promise<Receiver> {
  const requests: Receiver["requests"] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method !== "POST" || !req.url?.endsWith("/v1/traces")) {
        res.writeHead(404).end();
        return;
      }
      const raw = Buffer.concat(chunks).toString("utf8");
      requests.push({
        path: req.url,
        headers: req.headers,
        raw,
        body: JSON.parse(raw) as ExportTraceServiceRequest,
      });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(
        status === 200
          ? "{}"
          : JSON.stringify({ message: `rejected credentials ${req.headers.authorization}` }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/v1/traces`,
    base,
    requests,
    spans: () =>
      requests.flatMap((r) =>
        r.body.resourceSpans.flatMap((rs) =>
          rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ ...s, attrs: attributesOf(s.attributes) }))),
        ),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const nanos = (ms: number) => BigInt(ms) * 1_000_000n;

let dir: string;
let path: string;
let receiver: Receiver | undefined;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "discernus-otlp-"));
  path = join(dir, "study.provenance.jsonl");
  await writeExportLedger(path);
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe("OTLP export", () => {
  it("sends one GenAI span per call record and per cache hit, with the ledger's figures and times", async () => {
    receiver = await startReceiver();
    const result = await exportOtlp(path, { url: receiver.url, serviceName: "populism-study" });
    const spans = receiver.spans();
    expect(result).toEqual({ spans: CALLS.length + 1 });
    expect(spans).toHaveLength(CALLS.length + 1);
    expect(spans.filter((s) => s.attrs["discernus.cache_hit"] === undefined)).toHaveLength(CALLS.length);

    const bySeq = (seq: number) => spans.find((s) => s.attrs["discernus.ledger.seq"] === seq);
    for (const [seq, call] of [
      [SEQ.plain, PLAIN],
      [SEQ.fallback, FALLBACK],
      [SEQ.failed, FAILED],
      [SEQ.hashed, HASHED],
    ] as const) {
      const span = bySeq(seq);
      const model = call.request.resolvedModel.split("/")[1];
      expect(span?.name).toBe(`chat ${model}`);
      expect(span?.kind).toBe(3); // SPAN_KIND_CLIENT
      const start = Date.parse(call.timing.startedAt);
      expect(BigInt(span?.startTimeUnixNano ?? 0)).toBe(nanos(start));
      expect(BigInt(span?.endTimeUnixNano ?? 0)).toBe(nanos(start + call.timing.latencyMs));
      const u = call.usage;
      expect(span?.attrs).toMatchObject({
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": model,
        "gen_ai.request.max_tokens": call.request.maxTokens,
        "gen_ai.usage.input_tokens": u.inputTokens + u.cachedInputTokens + u.cacheWriteTokens,
        "gen_ai.usage.output_tokens": u.outputTokens + u.reasoningTokens,
        "discernus.cost.nano_usd": call.cost.totalNanoUsd,
        "discernus.cache_key": call.cacheKey,
        "discernus.call.id": call.call,
        "discernus.attempts": call.attempts.length,
        "discernus.route": call.route,
        "discernus.run": RUN,
      });
    }
    expect(bySeq(SEQ.plain)?.attrs).toMatchObject({
      "gen_ai.provider.name": "openai",
      "gen_ai.system": "openai",
      "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.response.id": "chatcmpl-9xYz1",
      "gen_ai.request.temperature": 0,
      "gen_ai.request.seed": 7,
      "gen_ai.usage.cache_read.input_tokens": 1024,
      "discernus.cost.usd": "0.0001287",
    });
    expect(bySeq(SEQ.hashed)?.attrs).toMatchObject({
      "gen_ai.usage.cache_creation.input_tokens": 2048,
      "gen_ai.usage.reasoning.output_tokens": 300,
      "gen_ai.provider.name": "anthropic",
    });
    // The fallback was asked of Claude and answered by GPT-4o mini.
    expect(bySeq(SEQ.fallback)?.attrs).toMatchObject({
      "gen_ai.request.model": "claude-3-5-haiku-latest",
      "gen_ai.response.model": "gpt-4o-mini",
      "gen_ai.request.top_p": 0.9,
    });
    const failed = bySeq(SEQ.failed);
    expect(failed?.attrs["error.type"]).toBe("provider_server_error");
    expect(failed?.status?.code).toBe(2); // STATUS_CODE_ERROR
    expect(failed?.attrs["gen_ai.response.model"]).toBeUndefined();
    expect(bySeq(SEQ.plain)?.status?.code ?? 0).toBe(0);

    const resource = attributesOf(receiver.requests[0]?.body.resourceSpans[0]?.resource?.attributes);
    expect(resource).toMatchObject({ "service.name": "populism-study", "discernus.notebook": "study.ipynb" });
  });

  it("links a cache hit to the call that paid for its answer, in the run's one trace", async () => {
    receiver = await startReceiver();
    await exportOtlp(path, { url: receiver.url });
    const spans = receiver.spans();
    const hit = spans.find((s) => s.attrs["discernus.ledger.seq"] === SEQ.hit);
    const original = spans.find((s) => s.attrs["discernus.ledger.seq"] === SEQ.plain);
    expect(hit?.attrs).toMatchObject({
      "discernus.cache_hit": true,
      "discernus.original.call": PLAIN.call,
      "discernus.cost.nano_usd": 0,
      "gen_ai.usage.input_tokens": 0,
      "gen_ai.request.model": "gpt-4o-mini",
      "discernus.call.id": HIT.call,
    });
    expect(BigInt(hit?.startTimeUnixNano ?? 0)).toBe(nanos(Date.parse("2025-03-01T10:00:06.000Z")));
    expect(hit?.links).toEqual([
      expect.objectContaining({ traceId: original?.traceId, spanId: original?.spanId }),
    ]);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    expect(spans.every((s) => s.parentSpanId === undefined || s.parentSpanId === "")).toBe(true);
  });

  it("keeps message texts out of the spans unless asked, and never has any for a hash-mode record", async () => {
    receiver = await startReceiver();
    await exportOtlp(path, { url: receiver.url });
    const raw = receiver.requests.map((r) => r.raw).join("\n");
    for (const text of Object.values(TEXTS)) expect(raw).not.toContain(text);
    expect(raw).not.toContain("gen_ai.input.messages");

    await receiver.close();
    receiver = await startReceiver();
    await exportOtlp(path, { url: receiver.url, includeContent: true });
    const spans = receiver.spans();
    const plain = spans.find((s) => s.attrs["discernus.ledger.seq"] === SEQ.plain);
    expect(JSON.parse(plain?.attrs["gen_ai.input.messages"] as string)).toEqual([
      { role: "system", parts: [{ type: "text", content: TEXTS.system }] },
      { role: "user", parts: [{ type: "text", content: TEXTS.user }] },
    ]);
    expect(JSON.parse(plain?.attrs["gen_ai.output.messages"] as string)).toEqual([
      { role: "assistant", parts: [{ type: "text", content: TEXTS.answer }], finish_reason: "stop" },
    ]);
    const hashed = spans.find((s) => s.attrs["discernus.ledger.seq"] === SEQ.hashed);
    expect(hashed?.attrs).not.toHaveProperty("gen_ai.input.messages");
    expect(hashed?.attrs).not.toHaveProperty("gen_ai.output.messages");
    const rawWithContent = receiver.requests.map((r) => r.raw).join("\n");
    expect(rawWithContent).not.toContain("HASHED-TEXT");
  });

  it("adds a child span per attempt when asked, with the attempt's own times and outcome", async () => {
    receiver = await startReceiver();
    const attempts = CALLS.reduce((n, c) => n + c.attempts.length, 0);
    const result = await exportOtlp(path, { url: receiver.url, attemptSpans: true });
    expect(result.spans).toBe(CALLS.length + 1 + attempts);
    const spans = receiver.spans();
    const fallback = spans.find(
      (s) => s.attrs["discernus.ledger.seq"] === SEQ.fallback && s.name.startsWith("chat"),
    );
    const children = spans.filter((s) => s.parentSpanId === fallback?.spanId);
    expect(
      children.map((c) => [
        c.name,
        c.attrs["discernus.attempt.outcome"],
        c.attrs["http.response.status_code"],
      ]),
    ).toEqual([
      ["attempt 1 anthropic/claude-3-5-haiku-latest", "provider_overloaded", 529],
      ["attempt 2 openai/gpt-4o-mini", "ok", 200],
    ]);
    expect(children[0]?.status?.code).toBe(2);
    expect(children[0]?.attrs["error.type"]).toBe("provider_overloaded");
    expect(BigInt(children[1]?.startTimeUnixNano ?? 0)).toBe(nanos(FALLBACK.attempts[1]?.startedAt ?? 0));
    // Attempts carry no usage: the call span counts the tokens once.
    expect(children.some((c) => "gen_ai.usage.input_tokens" in c.attrs)).toBe(false);
  });

  it("sends the same trace and span ids when the same ledger is exported again", async () => {
    receiver = await startReceiver();
    await exportOtlp(path, { url: receiver.url, attemptSpans: true });
    const first = receiver.spans().map((s) => `${s.traceId}/${s.spanId}`);
    await exportOtlp(path, { url: receiver.url, attemptSpans: true });
    const second = receiver
      .spans()
      .slice(first.length)
      .map((s) => `${s.traceId}/${s.spanId}`);
    expect(second.sort()).toEqual([...first].sort());
    expect(new Set(first).size).toBe(first.length);
    expect(first.every((id) => /^[0-9a-f]{32}\/[0-9a-f]{16}$/.test(id))).toBe(true);
  });

  it("sends Basic auth to Langfuse's OTLP endpoint", async () => {
    receiver = await startReceiver();
    const target = langfuseOtlpTarget({
      baseUrl: `${receiver.base}/`,
      publicKey: "pk-lf-1234",
      secretKey: "sk-lf-5678",
    });
    expect(target.url).toBe(`${receiver.base}/api/public/otel/v1/traces`);
    await exportOtlp(path, target);
    expect(receiver.requests.length).toBeGreaterThan(0);
    for (const request of receiver.requests) {
      expect(request.path).toBe("/api/public/otel/v1/traces");
      expect(request.headers.authorization).toBe(
        `Basic ${Buffer.from("pk-lf-1234:sk-lf-5678").toString("base64")}`,
      );
      expect(request.headers["content-type"]).toMatch(/application\/json/);
    }
  });

  it("rejects with a typed error naming the URL, not the secret, when the collector refuses", async () => {
    receiver = await startReceiver(500);
    const secretKey = "sk-lf-TOPSECRET-0c1d2e3f";
    const target = langfuseOtlpTarget({ baseUrl: receiver.base, publicKey: "pk-lf-public-77", secretKey });
    const error = await exportOtlp(path, target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OtlpExportError);
    expect(error).toMatchObject({ code: "export_failed", status: 500, url: target.url });
    const message = (error as Error).message;
    expect(message).toContain(target.url);
    expect(message).toContain("HTTP 500");
    expect(message).not.toContain(secretKey);
    expect(message).not.toContain(target.headers.Authorization.slice("Basic ".length));
    expect(receiver.requests.length).toBeGreaterThan(0);
  });

  it("rejects with a typed error when nothing listens at the URL", async () => {
    receiver = await startReceiver();
    const { url } = receiver;
    await receiver.close();
    receiver = undefined;
    const secret = "Bearer tok-SECRET-9a8b7c";
    const started = Date.now();
    const error = await exportOtlp(path, {
      url,
      headers: { Authorization: secret },
      timeoutMillis: 500,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OtlpExportError);
    expect((error as Error).message).toContain(url);
    expect((error as Error).message).toMatch(/could not be reached|did not complete/);
    expect((error as Error).message).not.toContain("tok-SECRET");
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
