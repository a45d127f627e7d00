import { canonicalJson } from "@discernus/gateway";
import type { LedgerHeader, LedgerRecord } from "../ledger-format.js";
import type {
  CacheHitRecordFields,
  CallRecordFields,
  RunRecordFields,
  SessionRecordFields,
  StoredMessage,
} from "../records/ledger-records.js";
import {
  genAiInputMessages,
  genAiOutputMessages,
  genAiProviderName,
  genAiRequestParameters,
  genAiUsage,
  modelNameOf,
  providerOf,
} from "./gen-ai-attributes.js";
import {
  DISCERNUS_PROV_NAMESPACE,
  OTEL_ATTRIBUTE_REGISTRY,
  provDecimal,
  provId,
  provQualifiedName,
  type ProvAttributes,
  type ProvDocument,
} from "./prov-document.js";
import { usdDecimal } from "./usd-decimal.js";

type Section = Exclude<keyof ProvDocument, "prefix">;
type CallRecord = LedgerRecord & CallRecordFields;
type CacheHitRecord = LedgerRecord & CacheHitRecordFields;

/**
 * Builds the W3C PROV-JSON view of a ledger, record by record, in ledger order:
 * - each request (one entity per cache key) is `used` by the call activity that sent it, which
 *   generated a response entity (`wasGeneratedBy`), derived from the request (`wasDerivedFrom`);
 * - each call `wasAssociatedWith` the model agent of every attempt (role answered or failedAttempt)
 *   and the software agents of the ledger (the header's tools, or the latest session's);
 * - a cache hit is an activity that used the original response: its served response
 *   `wasDerivedFrom` the original one and it `wasInformedBy` the call that paid;
 * - a run is an activity `wasInformedBy` the calls tagged with it; its end generates the result
 *   entity with the result table's digest.
 * Texts appear only as the ledger holds them: full-mode records give the messages, hash-mode records
 * only their sha256. Same records in, same document out: ids come from the ledger, relation ids
 * count in ledger order.
 */
export class ProvJsonBuilder {
  readonly #doc: Required<ProvDocument>;
  readonly #counters = new Map<Section, number>();
  #software: string[] = [];

  constructor(header: Pick<LedgerHeader, "notebook" | "tools">) {
    this.#doc = {
      prefix: {
        default: OTEL_ATTRIBUTE_REGISTRY,
        discernus: DISCERNUS_PROV_NAMESPACE,
        prov: "http://www.w3.org/ns/prov#",
        xsd: "http://www.w3.org/2001/XMLSchema#",
      },
      entity: {},
      activity: {},
      agent: {},
      used: {},
      wasGeneratedBy: {},
      wasAssociatedWith: {},
      wasDerivedFrom: {},
      wasInformedBy: {},
    };
    this.#software = this.#softwareAgents(header.tools ?? {});
  }

  add(record: Record<string, unknown>): void {
    const r = record as LedgerRecord;
    if (r.type === "call") this.#call(r as CallRecord);
    else if (r.type === "cache_hit") this.#cacheHit(r as CacheHitRecord);
    else if (r.type === "session") this.#session(r as LedgerRecord & SessionRecordFields);
    else if (r.type === "run") this.#run(r as LedgerRecord & RunRecordFields);
  }

  /** The document so far, without its empty sections. */
  document(): ProvDocument {
    const out: ProvDocument = { prefix: this.#doc.prefix };
    for (const [section, content] of Object.entries(this.#doc) as [
      keyof ProvDocument,
      Record<string, unknown>,
    ][])
      if (section !== "prefix" && Object.keys(content).length > 0) Object.assign(out, { [section]: content });
    return out;
  }

  #relation(section: Section, attributes: ProvAttributes): void {
    const n = (this.#counters.get(section) ?? 0) + 1;
    this.#counters.set(section, n);
    // Zero-padded so that sorted keys (canonical JSON) keep ledger order.
    this.#doc[section][`_:${section}${String(n).padStart(7, "0")}`] = attributes;
  }

  /** Adds what is not there yet: a request seen again (same cache key) keeps its first description. */
  #merge(section: "entity" | "activity" | "agent", key: string, attributes: ProvAttributes): void {
    this.#doc[section][key] = { ...attributes, ...this.#doc[section][key] };
  }

  #softwareAgents(tools: Record<string, string>): string[] {
    return Object.keys(tools)
      .sort()
      .map((name) => {
        const version = tools[name] ?? "";
        const agent = provId.software(name, version);
        this.#merge("agent", agent, {
          "prov:type": provQualifiedName("prov:SoftwareAgent"),
          "prov:label": `${name} ${version}`,
          "discernus:version": version,
        });
        return agent;
      });
  }

  #associateSoftware(activity: string): void {
    for (const agent of this.#software)
      this.#relation("wasAssociatedWith", {
        "prov:activity": activity,
        "prov:agent": agent,
        "prov:role": provQualifiedName("discernus:software"),
      });
  }

  #informRun(activity: string, tags: Record<string, string> | undefined): void {
    if (tags?.run === undefined) return;
    this.#merge("activity", provId.run(tags.run), { "prov:type": provQualifiedName("discernus:Run") });
    this.#relation("wasInformedBy", { "prov:informed": provId.run(tags.run), "prov:informant": activity });
  }

  #call(record: CallRecord): void {
    const { request, response, usage, cost } = record;
    const call = provId.call(record.call);
    const requestEntity = provId.request(record.cacheKey);
    const startedAt = record.timing.startedAt;
    const endedAt = new Date(Date.parse(startedAt) + record.timing.latencyMs).toISOString();
    const provider =
      response?.provider ?? record.attempts.at(-1)?.provider ?? providerOf(request.resolvedModel);

    this.#merge("entity", requestEntity, {
      "prov:type": provQualifiedName("discernus:Request"),
      "discernus:cacheKey": record.cacheKey,
      "discernus:requestedModel": request.model,
      "discernus:resolvedModel": request.resolvedModel,
      "gen_ai.request.model": modelNameOf(request.resolvedModel),
      ...genAiRequestParameters(request),
      ...(request.responseFormat ? { "discernus:responseFormat": request.responseFormat.name } : {}),
      ...messageAttributes(request.messages),
    });

    const activity: ProvAttributes = {
      "prov:type": provQualifiedName("discernus:Call"),
      "prov:label": `chat ${modelNameOf(request.resolvedModel)}`,
      "prov:startTime": startedAt,
      "prov:endTime": endedAt,
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": modelNameOf(request.resolvedModel),
      ...(provider ? { "gen_ai.provider.name": genAiProviderName(provider) } : {}),
      ...genAiUsage(usage),
      "discernus:seq": record.seq,
      "discernus:callId": record.call,
      "discernus:outcome": record.outcome,
      "discernus:store": record.store,
      "discernus:simulated": record.simulated,
      "discernus:latencyMs": record.timing.latencyMs,
      "discernus:attempts": record.attempts.length,
      "discernus:route": [...record.route],
      "discernus:costNanoUsd": cost.totalNanoUsd,
      "discernus:costUsd": provDecimal(usdDecimal(cost.totalNanoUsd)),
      "discernus:priceSource": `${cost.source.name}@${cost.source.version}`,
      ...(cost.discount !== undefined ? { "discernus:discount": cost.discount } : {}),
      ...tagAttributes(record.tags),
    };
    for (const [kind, nanoUsd] of Object.entries(cost.byKind))
      activity[`discernus:costNanoUsd.${kind}`] = nanoUsd;
    if (record.error) {
      activity["error.type"] = record.error.code;
      activity["discernus:errorMessage"] = record.error.message;
    }
    this.#doc.activity[call] = activity;
    this.#relation("used", { "prov:activity": call, "prov:entity": requestEntity, "prov:time": startedAt });

    for (const attempt of record.attempts) {
      const agent = provId.model(attempt.model);
      this.#merge("agent", agent, {
        "prov:type": provQualifiedName("prov:SoftwareAgent"),
        "prov:label": attempt.model,
        "gen_ai.provider.name": genAiProviderName(attempt.provider),
        "gen_ai.request.model": modelNameOf(attempt.model),
      });
      this.#relation("wasAssociatedWith", {
        "prov:activity": call,
        "prov:agent": agent,
        "prov:role": provQualifiedName(
          attempt.outcome === "ok" ? "discernus:answered" : "discernus:failedAttempt",
        ),
        "discernus:attempt": attempt.attempt,
        "discernus:outcome": attempt.outcome,
        "discernus:startTime": new Date(attempt.startedAt).toISOString(),
        "discernus:latencyMs": attempt.latencyMs,
        ...(attempt.status !== undefined ? { "discernus:httpStatus": attempt.status } : {}),
      });
    }
    this.#associateSoftware(call);

    if (response) {
      const responseEntity = provId.response(record.call);
      const output = genAiOutputMessages(response);
      this.#doc.entity[responseEntity] = {
        "prov:type": provQualifiedName("discernus:Response"),
        "gen_ai.response.model": modelNameOf(response.model),
        "gen_ai.provider.name": genAiProviderName(response.provider),
        "gen_ai.response.finish_reasons": [response.finishReason],
        ...(response.providerRequestId !== undefined
          ? { "gen_ai.response.id": response.providerRequestId }
          : {}),
        ...(output !== undefined ? { "gen_ai.output.messages": output } : {}),
        ...(response.json !== undefined ? { "discernus:json": canonicalJson(response.json) } : {}),
        ...(response.textSha256 !== undefined ? { "discernus:textSha256": response.textSha256 } : {}),
        ...(response.jsonSha256 !== undefined ? { "discernus:jsonSha256": response.jsonSha256 } : {}),
      };
      this.#relation("wasGeneratedBy", {
        "prov:entity": responseEntity,
        "prov:activity": call,
        "prov:time": endedAt,
      });
      this.#relation("wasDerivedFrom", {
        "prov:generatedEntity": responseEntity,
        "prov:usedEntity": requestEntity,
        "prov:activity": call,
      });
    }
    this.#informRun(call, record.tags);
  }

  #cacheHit(record: CacheHitRecord): void {
    const hit = provId.call(record.call);
    const requestEntity = provId.request(record.cacheKey);
    const served = provId.response(record.call);
    const original = provId.response(record.original.call);
    const provider = providerOf(record.model);
    this.#merge("entity", requestEntity, {
      "prov:type": provQualifiedName("discernus:Request"),
      "discernus:cacheKey": record.cacheKey,
    });
    this.#doc.activity[hit] = {
      "prov:type": provQualifiedName("discernus:CacheHit"),
      "prov:label": `chat ${modelNameOf(record.model)} (from the ledger)`,
      "prov:startTime": record.ts,
      "prov:endTime": record.ts,
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": modelNameOf(record.model),
      ...(provider ? { "gen_ai.provider.name": genAiProviderName(provider) } : {}),
      "discernus:seq": record.seq,
      "discernus:callId": record.call,
      "discernus:originalCall": record.original.call,
      "discernus:originalSeq": record.original.seq,
      "discernus:costNanoUsd": 0,
      "discernus:costUsd": provDecimal("0"),
      ...tagAttributes(record.tags),
    };
    this.#doc.entity[served] = {
      "prov:type": provQualifiedName("discernus:Response"),
      "discernus:servedFromLedger": true,
    };
    this.#relation("used", { "prov:activity": hit, "prov:entity": requestEntity, "prov:time": record.ts });
    this.#relation("used", { "prov:activity": hit, "prov:entity": original, "prov:time": record.ts });
    this.#relation("wasGeneratedBy", { "prov:entity": served, "prov:activity": hit, "prov:time": record.ts });
    this.#relation("wasDerivedFrom", {
      "prov:generatedEntity": served,
      "prov:usedEntity": original,
      "prov:activity": hit,
    });
    this.#relation("wasInformedBy", {
      "prov:informed": hit,
      "prov:informant": provId.call(record.original.call),
    });
    this.#associateSoftware(hit);
    this.#informRun(hit, record.tags);
  }

  #session(record: LedgerRecord & SessionRecordFields): void {
    if (Object.keys(record.tools ?? {}).length > 0) this.#software = this.#softwareAgents(record.tools);
    const session = provId.session(record.seq);
    this.#doc.activity[session] = {
      "prov:type": provQualifiedName("discernus:Session"),
      "prov:startTime": record.ts,
      "discernus:seq": record.seq,
      "discernus:mode": record.mode,
      "discernus:store": record.store,
      "discernus:boundBy": record.boundBy,
    };
    this.#associateSoftware(session);
  }

  #run(record: LedgerRecord & RunRecordFields): void {
    const run = provId.run(record.run);
    const attributes: ProvAttributes = {
      "prov:type": provQualifiedName("discernus:Run"),
      "discernus:run": record.run,
    };
    if (record.phase === "start") attributes["prov:startTime"] = record.ts;
    if (record.phase === "end") attributes["prov:endTime"] = record.ts;
    if (record.framework !== undefined) attributes["discernus:framework"] = record.framework;
    if (record.models !== undefined) attributes["discernus:models"] = [...record.models];
    if (record.items !== undefined) attributes["discernus:items"] = record.items;
    if (record.totals) {
      attributes["discernus:calls"] = record.totals.calls;
      attributes["discernus:cacheHits"] = record.totals.cacheHits;
      attributes["discernus:failed"] = record.totals.failed;
      attributes["discernus:costNanoUsd"] = record.totals.costNanoUsd;
      attributes["discernus:costUsd"] = provDecimal(usdDecimal(record.totals.costNanoUsd));
    }
    // A later record of the run adds to what the earlier one said (start, then end).
    this.#doc.activity[run] = { ...this.#doc.activity[run], ...attributes };
    if (record.phase === "end" && record.digest !== undefined) {
      const result = provId.result(record.run);
      this.#doc.entity[result] = {
        "prov:type": provQualifiedName("discernus:ResultTable"),
        "discernus:digest": record.digest,
      };
      this.#relation("wasGeneratedBy", {
        "prov:entity": result,
        "prov:activity": run,
        "prov:time": record.ts,
      });
    }
    if (record.phase === "start") this.#associateSoftware(run);
  }
}

/** Full mode: the messages as the GenAI convention writes them. Hash mode: their digests, and nothing else. */
function messageAttributes(messages: readonly StoredMessage[]): ProvAttributes {
  const input = genAiInputMessages(messages);
  if (input !== undefined) return { "gen_ai.input.messages": input };
  return {
    "discernus:messageRoles": messages.map((m) => m.role),
    "discernus:messageSha256": messages.map((m) => ("sha256" in m ? m.sha256 : "")),
  };
}

function tagAttributes(tags: Record<string, string> | undefined): ProvAttributes {
  if (!tags || Object.keys(tags).length === 0) return {};
  return {
    "discernus:tags": canonicalJson(tags),
    ...(tags.run !== undefined ? { "discernus:run": tags.run } : {}),
  };
}
