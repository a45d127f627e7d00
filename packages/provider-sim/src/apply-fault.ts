import type { ServerResponse } from "node:http";
import type { ErrorSpec } from "./error-spec.js";
import { pause, sendText } from "./http-io.js";
import type { LimitBuckets } from "./limit-buckets.js";
import type { ParsedRequest, Protocol } from "./protocol.js";
import type { FaultKind } from "./sim-config.js";

export interface FaultContext {
  protocol: Protocol;
  request: ParsedRequest;
  res: ServerResponse;
  buckets: LimitBuckets;
  headers: () => Record<string, string>;
  /** Answers with an error as the protocol shapes it; returns the status sent. */
  fail: (spec: ErrorSpec, extraHeaders?: Record<string, string>) => number;
  faultRetryAfterMs: number;
  stallMs: number;
  /** Stalled responses, so that close() can end them. */
  stalled: Set<ServerResponse>;
}

/**
 * Meets a request with a fault instead of an answer; returns the status sent (0: none). A
 * mid-stream cut of a streamed request is not handled here: the answer starts, then is cut.
 */
export function applyFault(fault: FaultKind, ctx: FaultContext): number {
  const { protocol, request, res } = ctx;
  switch (fault) {
    case "429": {
      // As a limit-caused 429, with the limit headers; Retry-After is the configured one.
      const requests = ctx.buckets.requests;
      const now = Date.now();
      return ctx.fail(
        {
          kind: "rate_limit",
          model: request.model,
          dimension: "requests",
          ...(requests ? { limit: requests.limit, used: requests.used(now) } : {}),
          requested: 1,
          retryAfterMs: ctx.faultRetryAfterMs,
          tooLarge: false,
        },
        protocol.retryAfterHeaders(ctx.faultRetryAfterMs),
      );
    }
    case "500":
    case "502":
    case "503":
    case "529":
      return ctx.fail({ kind: "server", status: Number(fault) as 500 | 502 | 503 | 529 });
    case "malformed": {
      // A 200 whose body stops mid-JSON, as when a proxy or the connection fails mid-body.
      const type = request.stream ? "text/event-stream; charset=utf-8" : "application/json";
      sendText(res, 200, protocol.malformedBody(request.model, request.stream), type, ctx.headers());
      return 200;
    }
    case "timeout":
      // No answer: the socket stays open until the client gives up, stallMs passes, or close().
      ctx.stalled.add(res);
      void pause(ctx.stallMs, res).then(() => {
        ctx.stalled.delete(res);
        res.destroy();
      });
      return 0;
    case "drop":
    case "midstream_cut":
      // The connection closes before any byte of a response.
      res.socket?.destroy();
      return 0;
  }
}
