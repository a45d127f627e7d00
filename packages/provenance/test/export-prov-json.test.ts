import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LedgerCorruptError } from "../src/ledger-errors.js";
import { exportProvJson, provJsonText, toProvJson, type ProvDocument } from "../src/export/prov-json.js";
import { readLedgerRecords } from "../src/export/read-ledger-records.js";
import { usdDecimal } from "../src/export/usd-decimal.js";
import {
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

let dir: string;
let path: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "discernus-prov-"));
  path = join(dir, "study.provenance.jsonl");
  await writeExportLedger(path);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function document(): Promise<ProvDocument> {
  return JSON.parse(await exportProvJson(path)) as ProvDocument;
}

/** The relations of one kind whose attribute `key` is `value`. */
function relations(doc: ProvDocument, kind: keyof ProvDocument, key: string, value: string) {
  return Object.values((doc[kind] ?? {}) as Record<string, Record<string, unknown>>).filter(
    (r) => r[key] === value,
  );
}

describe("PROV-JSON export", () => {
  it("declares the PROV, XSD, Discernus and OpenTelemetry (default) namespaces", async () => {
    const doc = await document();
    expect(doc.prefix).toEqual({
      default: "https://opentelemetry.io/docs/specs/semconv/registry/attributes/#",
      discernus: "urn:discernus:provenance:",
      prov: "http://www.w3.org/ns/prov#",
      xsd: "http://www.w3.org/2001/XMLSchema#",
    });
  });

  it("makes each call an activity timed by the record, with usage under GenAI names and cost in USD and nano-USD", async () => {
    const doc = await document();
    const activity = doc.activity?.[`discernus:call/${PLAIN.call}`];
    expect(activity).toMatchObject({
      "prov:type": { $: "discernus:Call", type: "prov:QUALIFIED_NAME" },
      "prov:startTime": "2025-03-01T10:00:00.247Z",
      "prov:endTime": "2025-03-01T10:00:01.062Z",
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o-mini",
      // 182 uncached + 1024 cached: the convention counts cached tokens as input.
      "gen_ai.usage.input_tokens": 1206,
      "gen_ai.usage.cache_read.input_tokens": 1024,
      "gen_ai.usage.output_tokens": 41,
      "discernus:seq": SEQ.plain,
      "discernus:costNanoUsd": 128_700,
      "discernus:costUsd": { $: "0.0001287", type: "xsd:decimal" },
      "discernus:costNanoUsd.cachedInputTokens": 76_800,
      "discernus:priceSource": "@pydantic/genai-prices@0.0.34",
      "discernus:run": RUN,
    });
    const hashed = doc.activity?.[`discernus:call/${HASHED.call}`];
    // 35 + 2048 cache-write input tokens; 60 output + 300 reasoning.
    expect(hashed).toMatchObject({ "gen_ai.usage.input_tokens": 2083, "gen_ai.usage.output_tokens": 360 });
    expect(hashed?.["discernus:costUsd"]).toEqual({ $: "0.013185", type: "xsd:decimal" });
  });

  it("keeps one request entity per cache key, used by the call and by the cache hit that repeated it", async () => {
    const doc = await document();
    const requestId = `discernus:request/${PLAIN.cacheKey}`;
    const requests = Object.keys(doc.entity ?? {}).filter((k) => k.startsWith("discernus:request/"));
    expect(requests).toHaveLength(4);
    expect(doc.entity?.[requestId]).toMatchObject({
      "discernus:requestedModel": "fast",
      "discernus:resolvedModel": "openai/gpt-4o-mini",
      "gen_ai.request.max_tokens": 256,
      "gen_ai.request.temperature": 0,
      "gen_ai.request.seed": 7,
      "gen_ai.output.type": "json",
    });
    const users = relations(doc, "used", "prov:entity", requestId).map((r) => r["prov:activity"]);
    expect(users).toEqual([`discernus:call/${PLAIN.call}`, `discernus:call/${HIT.call}`]);
    expect(relations(doc, "used", "prov:activity", `discernus:call/${PLAIN.call}`)[0]?.["prov:time"]).toBe(
      PLAIN.timing.startedAt,
    );
  });

  it("generates a response entity for each answered call, derived from its request", async () => {
    const doc = await document();
    for (const call of [PLAIN, FALLBACK, HASHED]) {
      const response = `discernus:response/${call.call}`;
      expect(doc.entity?.[response]?.["gen_ai.response.model"]).toBe(call.response?.model.split("/")[1]);
      expect(relations(doc, "wasGeneratedBy", "prov:entity", response)).toEqual([
        {
          "prov:entity": response,
          "prov:activity": `discernus:call/${call.call}`,
          "prov:time": expect.any(String),
        },
      ]);
      expect(relations(doc, "wasDerivedFrom", "prov:generatedEntity", response)[0]?.["prov:usedEntity"]).toBe(
        `discernus:request/${call.cacheKey}`,
      );
    }
    expect(doc.entity?.[`discernus:response/${PLAIN.call}`]?.["gen_ai.response.id"]).toBe("chatcmpl-9xYz1");
  });

  it("records a failed call with its error type and no response", async () => {
    const doc = await document();
    const call = `discernus:call/${FAILED.call}`;
    expect(doc.activity?.[call]).toMatchObject({
      "error.type": "provider_server_error",
      "discernus:outcome": "failed",
      "discernus:attempts": 3,
      "discernus:costUsd": { $: "0", type: "xsd:decimal" },
    });
    expect(doc.entity?.[`discernus:response/${FAILED.call}`]).toBeUndefined();
    expect(relations(doc, "wasGeneratedBy", "prov:activity", call)).toEqual([]);
    const roles = relations(doc, "wasAssociatedWith", "prov:activity", call)
      .filter((r) => r["prov:agent"] === "discernus:model/openai/gpt-4o-mini")
      .map((r) => (r["prov:role"] as { $: string }).$);
    expect(roles).toEqual(["discernus:failedAttempt", "discernus:failedAttempt", "discernus:failedAttempt"]);
  });

  it("associates a fallback call with both models, in attempt order, and the software of the session", async () => {
    const doc = await document();
    const associations = relations(
      doc,
      "wasAssociatedWith",
      "prov:activity",
      `discernus:call/${FALLBACK.call}`,
    );
    expect(associations.map((a) => [a["prov:agent"], (a["prov:role"] as { $: string }).$])).toEqual([
      ["discernus:model/anthropic/claude-3-5-haiku-latest", "discernus:failedAttempt"],
      ["discernus:model/openai/gpt-4o-mini", "discernus:answered"],
      ["discernus:software/discernus/0.1.0", "discernus:software"],
      ["discernus:software/node/20.11.1", "discernus:software"],
    ]);
    expect(associations[0]).toMatchObject({
      "discernus:httpStatus": 529,
      "discernus:outcome": "provider_overloaded",
    });
    expect(doc.activity?.[`discernus:call/${FALLBACK.call}`]?.["discernus:route"]).toEqual(FALLBACK.route);
    expect(doc.agent?.["discernus:model/anthropic/claude-3-5-haiku-latest"]).toMatchObject({
      "prov:type": { $: "prov:SoftwareAgent", type: "prov:QUALIFIED_NAME" },
      "gen_ai.provider.name": "anthropic",
    });
    expect(doc.agent?.["discernus:software/discernus/0.1.0"]?.["discernus:version"]).toBe("0.1.0");
  });

  it("derives a cache hit's answer from the original call's response, and says the hit was informed by that call", async () => {
    const doc = await document();
    const served = `discernus:response/${HIT.call}`;
    expect(relations(doc, "wasDerivedFrom", "prov:generatedEntity", served)).toEqual([
      {
        "prov:generatedEntity": served,
        "prov:usedEntity": `discernus:response/${PLAIN.call}`,
        "prov:activity": `discernus:call/${HIT.call}`,
      },
    ]);
    expect(relations(doc, "wasInformedBy", "prov:informed", `discernus:call/${HIT.call}`)).toEqual([
      { "prov:informed": `discernus:call/${HIT.call}`, "prov:informant": `discernus:call/${PLAIN.call}` },
    ]);
    expect(doc.activity?.[`discernus:call/${HIT.call}`]).toMatchObject({
      "prov:startTime": "2025-03-01T10:00:06.000Z",
      "discernus:costNanoUsd": 0,
      "discernus:originalSeq": SEQ.plain,
    });
  });

  it("makes the run an activity informed by its calls, which generated the result table with its digest", async () => {
    const doc = await document();
    const run = `discernus:run/${RUN}`;
    expect(doc.activity?.[run]).toMatchObject({
      "prov:startTime": "2025-03-01T10:00:00.000Z",
      "prov:endTime": "2025-03-01T10:00:10.500Z",
      "discernus:framework": "populism",
      "discernus:calls": 4,
    });
    const informants = relations(doc, "wasInformedBy", "prov:informed", run).map((r) => r["prov:informant"]);
    expect(informants).toEqual([PLAIN, FALLBACK, FAILED, HIT, HASHED].map((c) => `discernus:call/${c.call}`));
    expect(relations(doc, "wasGeneratedBy", "prov:activity", run)[0]?.["prov:entity"]).toBe(
      `discernus:result/${RUN}`,
    );
  });

  it("carries texts of full-mode records and only the digests of hash-mode ones", async () => {
    const text = await exportProvJson(path);
    const doc = JSON.parse(text) as ProvDocument;
    const input = JSON.parse(
      doc.entity?.[`discernus:request/${PLAIN.cacheKey}`]?.["gen_ai.input.messages"] as string,
    );
    expect(input).toEqual([
      { role: "system", parts: [{ type: "text", content: TEXTS.system }] },
      { role: "user", parts: [{ type: "text", content: TEXTS.user }] },
    ]);
    const hashedRequest = doc.entity?.[`discernus:request/${HASHED.cacheKey}`];
    expect(hashedRequest?.["gen_ai.input.messages"]).toBeUndefined();
    expect(hashedRequest?.["discernus:messageSha256"]).toEqual(
      HASHED.request.messages.map((m) => ("sha256" in m ? m.sha256 : "")),
    );
    const hashedResponse = doc.entity?.[`discernus:response/${HASHED.call}`];
    expect(hashedResponse).not.toHaveProperty("gen_ai.output.messages");
    expect(hashedResponse?.["discernus:textSha256"]).toBe(HASHED.response?.textSha256);
    expect(text).not.toContain("HASHED-TEXT");
    expect(text).not.toContain("HASHED-ANSWER");
  });

  it("gives the same bytes for the same ledger, from the file or from the records", async () => {
    const first = await exportProvJson(path);
    expect(await exportProvJson(path)).toBe(first);
    const { header, records } = await readLedgerRecords(path);
    const collected = [];
    for await (const record of records) collected.push(record);
    expect(provJsonText(await toProvJson(collected, header))).toBe(first);
    expect(() => JSON.parse(first)).not.toThrow();
  });

  it("refuses a ledger with a line that is not JSON, naming the line", async () => {
    appendFileSync(path, "{not json\n");
    const error = await exportProvJson(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerCorruptError);
    expect(error).toMatchObject({ code: "ledger_corrupt", line: SEQ.runEnd + 2 });
  });

  it("writes nano-USD as exact decimal dollars", () => {
    expect(usdDecimal(0)).toBe("0");
    expect(usdDecimal(1)).toBe("0.000000001");
    expect(usdDecimal(1_234_567)).toBe("0.001234567");
    expect(usdDecimal(2_500_000_000)).toBe("2.5");
    expect(usdDecimal(-30)).toBe("-0.00000003");
  });
});
