import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Context,
  type HrTime,
  type Link,
} from "@opentelemetry/api";
import { ExportResultCode } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  type IdGenerator,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { canonicalJson } from "@discernus/gateway";
import { sha256Hex } from "../sha256-hex.js";
import { OtlpExportError } from "./export-errors.js";
import { ledgerRecordToSpan, type OtelSpanOptions, type SpanDescription } from "./otel-spans.js";
import { readLedgerRecords } from "./read-ledger-records.js";

/** Where spans go: an OTLP/HTTP traces endpoint and the headers it wants (usually credentials). */
export interface OtlpTarget {
  url: string;
  headers?: Record<string, string>;
}

export interface ExportOtlpOptions extends OtlpTarget, OtelSpanOptions {
  /** `service.name` of the exported resource. Default "discernus". */
  serviceName?: string;
  /** Per export request, the exporter's retries included. Default 10,000 ms (the exporter's own). */
  timeoutMillis?: number;
}

/** Spans per export request, and how many may wait before the export waits for the collector. */
const BATCH_SPANS = 512;

/**
 * Sends a ledger's calls and cache hits to an OpenTelemetry collector as GenAI spans (OTLP/HTTP,
 * JSON), with the official SDK and exporter. Spans keep the ledger's timestamps. Ids are derived
 * from the ledger's header and each record's seq, so exporting the same ledger twice sends the same
 * trace and span ids (backends that deduplicate by id keep one copy). Calls tagged with a run share
 * that run's trace; the others share the ledger's. Resolves once every span is accepted and the
 * provider is shut down; rejects with OtlpExportError when the collector refuses or cannot be
 * reached, and with LedgerCorruptError when the ledger cannot be read.
 */
export async function exportOtlp(ledgerPath: string, options: ExportOtlpOptions): Promise<{ spans: number }> {
  const url = checkedUrl(options.url);
  const secrets = secretsIn(options.headers ?? {});
  const { header, records } = await readLedgerRecords(ledgerPath);
  const ledgerId = sha256Hex(canonicalJson(header));

  let failure: unknown;
  const otlp = new OTLPTraceExporter({
    url: options.url,
    headers: { ...options.headers },
    timeoutMillis: options.timeoutMillis ?? 10_000,
  });
  // The SDK reports a failed batch to its global error handler, not to us: watch the results here.
  const watched: SpanExporter = {
    export(spans, done) {
      otlp.export(spans, (result) => {
        if (result.code !== ExportResultCode.SUCCESS) failure ??= result.error ?? new Error("export failed");
        done(result);
      });
    },
    shutdown: () => otlp.shutdown(),
    forceFlush: () => otlp.forceFlush(),
  };
  const ids = new PresetIds();
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        "service.name": options.serviceName ?? "discernus",
        ...(header.tools.discernus ? { "service.version": header.tools.discernus } : {}),
        "discernus.notebook": header.notebook,
        "discernus.ledger.created": header.created,
      }),
    ),
    idGenerator: ids,
    // Explicit, so an OTEL_TRACES_SAMPLER in the environment cannot drop part of a ledger.
    sampler: new AlwaysOnSampler(),
    spanProcessors: [
      new BatchSpanProcessor(watched, {
        maxExportBatchSize: BATCH_SPANS,
        maxQueueSize: BATCH_SPANS * 4,
        exportTimeoutMillis: (options.timeoutMillis ?? 10_000) + 5_000,
      }),
    ],
  });
  const tracer = provider.getTracer("@discernus/provenance");

  const flush = async (): Promise<void> => {
    try {
      await provider.forceFlush();
    } catch (err) {
      failure ??= err;
    }
    if (failure !== undefined) throw refusal(url, failure, secrets);
  };

  // Which trace each call went to, so a cache hit can link to the span of the call that paid.
  const traceOfSeq = new Map<number, string>();
  let spans = 0;
  let unflushed = 0;
  try {
    for await (const record of records) {
      const description = ledgerRecordToSpan(record, options);
      if (!description) continue;
      const traceId = hexId(`trace|${ledgerId}|${description.run ?? ""}`, 32);
      traceOfSeq.set(description.seq, traceId);
      const linkedTrace =
        description.linkedSeq === undefined ? undefined : traceOfSeq.get(description.linkedSeq);
      const links: Link[] =
        linkedTrace === undefined || description.linkedSeq === undefined
          ? []
          : [
              {
                context: {
                  traceId: linkedTrace,
                  spanId: spanIdOf(ledgerId, description.linkedSeq),
                  traceFlags: TraceFlags.SAMPLED,
                },
                attributes: { "discernus.link": "answer_from" },
              },
            ];
      const sent = emitSpan(tracer, ids, ledgerId, traceId, description, ROOT_CONTEXT, links);
      spans += sent;
      unflushed += sent;
      // Waiting for the collector every batch keeps the queue short: a long ledger is never dropped.
      if (unflushed >= BATCH_SPANS) {
        unflushed = 0;
        await flush();
      }
    }
    await flush();
  } finally {
    await provider.shutdown().catch(() => undefined);
  }
  return { spans };
}

/**
 * Langfuse's OTLP endpoint (https://langfuse.com/integrations/native/opentelemetry): traces under
 * `/api/public/otel/v1/traces`, Basic auth with the project's public key as user and secret key as
 * password.
 */
export function langfuseOtlpTarget(credentials: { baseUrl: string; publicKey: string; secretKey: string }): {
  url: string;
  headers: { Authorization: string };
} {
  const token = Buffer.from(`${credentials.publicKey}:${credentials.secretKey}`).toString("base64");
  return {
    url: `${credentials.baseUrl.replace(/\/+$/, "")}/api/public/otel/v1/traces`,
    headers: { Authorization: `Basic ${token}` },
  };
}

type Tracer = ReturnType<BasicTracerProvider["getTracer"]>;

/** Starts and ends one described span and its children; returns how many spans it made. */
function emitSpan(
  tracer: Tracer,
  ids: PresetIds,
  ledgerId: string,
  traceId: string,
  description: SpanDescription,
  parent: Context,
  links: Link[],
): number {
  ids.next(traceId, spanIdOf(ledgerId, description.seq, description.attempt));
  const span = tracer.startSpan(
    description.name,
    {
      kind: description.kind === "client" ? SpanKind.CLIENT : SpanKind.INTERNAL,
      startTime: hrTimeOf(description.startTimeMs),
      attributes: description.attributes,
      links,
    },
    parent,
  );
  if (description.status.code === "error")
    span.setStatus({ code: SpanStatusCode.ERROR, message: description.status.message });
  let made = 1;
  const context = trace.setSpan(parent, span);
  for (const child of description.children)
    made += emitSpan(tracer, ids, ledgerId, traceId, child, context, []);
  span.end(hrTimeOf(description.endTimeMs));
  return made;
}

/**
 * Hands the tracer the ids chosen for the next span. The SDK asks its IdGenerator synchronously
 * inside `startSpan` (a span id always, a trace id for a root span), so setting them just before is
 * enough.
 */
class PresetIds implements IdGenerator {
  #traceId = "";
  #spanId = "";
  next(traceId: string, spanId: string): void {
    this.#traceId = traceId;
    this.#spanId = spanId;
  }
  generateTraceId(): string {
    return this.#traceId;
  }
  generateSpanId(): string {
    return this.#spanId;
  }
}

function spanIdOf(ledgerId: string, seq: number, attempt?: number): string {
  return hexId(`span|${ledgerId}|${seq}|${attempt ?? 0}`, 16);
}

/** The first `length` hex digits of a sha256; an all-zero id is invalid in OTLP, so it is nudged. */
function hexId(material: string, length: number): string {
  const id = sha256Hex(material).slice(0, length);
  return /^0+$/.test(id) ? `${id.slice(0, -1)}1` : id;
}

/** Epoch milliseconds as [seconds, nanoseconds], exactly: the SDK would read a small number as a performance.now() offset. */
function hrTimeOf(epochMs: number): HrTime {
  const seconds = Math.floor(epochMs / 1000);
  const nanos = Math.round((epochMs - seconds * 1000) * 1e6);
  return nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos];
}

/** The URL as messages show it: no user info, query or fragment, where credentials sometimes ride. */
function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OtlpExportError(url, "the URL is not valid");
  }
  const shown = `${parsed.origin}${parsed.pathname}`;
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new OtlpExportError(shown, `OTLP/HTTP needs an http: or https: URL, not ${parsed.protocol}`);
  return shown;
}

/** Header values and, for Basic and Bearer headers, the credentials inside them. */
function secretsIn(headers: Record<string, string>): string[] {
  const secrets: string[] = [];
  for (const value of Object.values(headers)) {
    secrets.push(value);
    const scheme = /^(basic|bearer)\s+(\S+)$/i.exec(value.trim());
    if (!scheme?.[2]) continue;
    secrets.push(scheme[2]);
    if (scheme[1]?.toLowerCase() === "basic") {
      const decoded = Buffer.from(scheme[2], "base64").toString("utf8");
      secrets.push(decoded, ...decoded.split(":"));
    }
  }
  // Longest first, so a secret containing a shorter one is hidden whole.
  return secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), text);
}

/** The exporter's failure as a typed error. OTLPExporterError carries the HTTP status as `code`. */
function refusal(url: string, error: unknown, secrets: readonly string[]): OtlpExportError {
  const fields = (typeof error === "object" && error !== null ? error : {}) as {
    code?: unknown;
    data?: unknown;
    message?: unknown;
  };
  const message = typeof fields.message === "string" ? fields.message : String(error);
  const status = typeof fields.code === "number" ? fields.code : undefined;
  let reason: string;
  if (status !== undefined) {
    const body =
      typeof fields.data === "string" && fields.data.trim() ? `: ${fields.data.trim().slice(0, 200)}` : "";
    reason = `the collector answered HTTP ${status}${message ? ` ${message}` : ""}${body}`;
  } else if (typeof fields.code === "string") {
    reason = `the collector could not be reached (${fields.code}: ${message})`;
  } else {
    reason = `the export did not complete (${message})`;
  }
  return new OtlpExportError(url, redact(reason, secrets), {
    ...(status !== undefined ? { status } : {}),
    cause: error,
  });
}
