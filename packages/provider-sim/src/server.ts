import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { anthropicProtocol } from "./anthropic-protocol.js";
import { AnthropicBatches } from "./batch/anthropic-batches.js";
import { anthropicBatchesRoute } from "./batch/anthropic-batches-route.js";
import { OpenAIBatches } from "./batch/openai-batches.js";
import { openaiBatchesRoute } from "./batch/openai-batches-route.js";
import { OpenAIFileStore } from "./batch/openai-files.js";
import { openaiFilesRoute } from "./batch/openai-files-route.js";
import { FaultPlan, type FaultInjection } from "./fault-plan.js";
import { handleModelRequest, type SimState } from "./handle-model-request.js";
import { sendJson } from "./http-io.js";
import { LimitBucketStore } from "./limit-buckets.js";
import { handleCountTokens, handleModelsRoute, protocolOf } from "./models-route.js";
import { openaiProtocol } from "./openai-protocol.js";
import { mulberry32 } from "./prng.js";
import { PromptCache } from "./prompt-cache.js";
import { resolveSimConfig, type SimConfig } from "./sim-config.js";
import { SimStatsRecorder, type SimStats } from "./sim-stats.js";
import { encoding } from "@discernus/tokenizer";

export interface SimServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + "/v1", for `new OpenAI({ baseURL })`. */
  openaiBaseUrl: string;
  /** url, for `new Anthropic({ baseURL })`. */
  anthropicBaseUrl: string;
  stats(): SimStats;
  resetStats(): void;
  /** Forces the next `count` requests (to `model`, or any) to meet `fault`. */
  inject(rule: FaultInjection): void;
  /** Stops listening and destroys every open socket, stalled ones included. */
  close(): Promise<void>;
}

type Route = (state: SimState, req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

function route(method: string | undefined, path: string): Route | undefined {
  const batch =
    openaiFilesRoute(method, path) ?? openaiBatchesRoute(method, path) ?? anthropicBatchesRoute(method, path);
  if (batch) return batch;
  if (method === "POST" && path === "/v1/chat/completions")
    return (state, req, res) => handleModelRequest(state, openaiProtocol, req, res);
  if (method === "POST" && path === "/v1/messages")
    return (state, req, res) => handleModelRequest(state, anthropicProtocol, req, res);
  if (method === "POST" && path === "/v1/messages/count_tokens")
    return (state, req, res) => handleCountTokens(state.config, req, res);
  if (method === "GET" && path === "/v1/models")
    return (state, req, res) => handleModelsRoute(state.config, req, res);
  if (method === "GET" && path.startsWith("/v1/models/")) {
    const id = decodeURIComponent(path.slice("/v1/models/".length));
    return (state, req, res) => handleModelsRoute(state.config, req, res, id);
  }
  return undefined;
}

function notFound(req: IncomingMessage, res: ServerResponse, path: string): void {
  const message = `provider-sim has no route ${req.method} ${path}`;
  const body =
    protocolOf(req).provider === "openai"
      ? { error: { message, type: "invalid_request_error", param: null, code: "unknown_url" } }
      : { type: "error", error: { type: "not_found_error", message } };
  sendJson(res, 404, body);
}

/**
 * Starts provider-sim on 127.0.0.1: OpenAI's /v1/chat/completions, /v1/models, Files and Batch
 * APIs, Anthropic's /v1/messages (and count_tokens, Message Batches), with per-key rate limits and their real headers, prompt caching,
 * a latency model and seeded fault injection. Port 0 (the default) picks a free port.
 */
export async function startSimulator(config: SimConfig = {}): Promise<SimServer> {
  const resolved = resolveSimConfig(config);
  encoding(); // Built now (about a second), not on the first request.
  const stats = new SimStatsRecorder();
  const random = mulberry32(resolved.seed);
  const files = new OpenAIFileStore(random);
  const state: SimState = {
    config: resolved,
    faults: new FaultPlan(resolved),
    cache: new PromptCache(),
    stats,
    buckets: new LimitBucketStore(),
    random,
    stalled: new Set<ServerResponse>(),
    files,
    openaiBatches: new OpenAIBatches(resolved, files, stats, random),
    anthropicBatches: new AnthropicBatches(resolved, stats, random),
  };
  const sockets = new Set<Socket>();
  const server = createServer({ keepAlive: true, noDelay: true }, (req, res) => {
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const path = query < 0 ? url : url.slice(0, query);
    const handler = route(req.method, path);
    if (!handler) return notFound(req, res, path);
    Promise.resolve(handler(state, req, res)).catch((err: unknown) => {
      if (res.headersSent) res.destroy();
      else
        sendJson(res, 500, {
          error: { message: `provider-sim failed: ${String(err)}`, type: "server_error" },
        });
    });
  });
  // Clients keep connections open between calls; a stall must not be cut by Node's own timeouts.
  server.keepAliveTimeout = 60_000;
  server.requestTimeout = 0;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(resolved.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    stats: () => state.stats.snapshot(),
    resetStats: () => state.stats.reset(),
    inject: (rule) => state.faults.inject(rule),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const res of state.stalled) res.destroy();
        for (const socket of sockets) socket.destroy();
      })),
  };
}
