import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { anthropicProtocol } from "./anthropic-protocol.js";
import { FaultPlan } from "./fault-plan.js";
import { handleModelRequest, type SimState } from "./handle-model-request.js";
import { sendJson } from "./http-io.js";
import { openaiProtocol } from "./openai-protocol.js";
import { mulberry32 } from "./prng.js";
import { PromptCache } from "./prompt-cache.js";
import { resolveSimConfig, type FaultKind, type SimConfig } from "./sim-config.js";
import { SimStatsRecorder, type SimStats } from "./sim-stats.js";

export interface SimServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** For `new OpenAI({ baseURL })`. */
  openaiBaseUrl: string;
  /** For `new Anthropic({ baseURL })`. */
  anthropicBaseUrl: string;
  stats(): SimStats;
  resetStats(): void;
  /** Forces the next `count` requests (to `model`, or any) to meet `fault`. */
  inject(rule: { model?: string; fault: FaultKind; count: number }): void;
  close(): Promise<void>;
}

/**
 * Starts provider-sim on 127.0.0.1: OpenAI's /v1/chat/completions and /v1/models and Anthropic's
 * /v1/messages, with per-key rate limits and their real headers, prompt caching, a latency model
 * and seeded fault injection.
 */
export async function startSimulator(config: SimConfig = {}): Promise<SimServer> {
  const resolved = resolveSimConfig(config);
  const state: SimState = {
    config: resolved,
    faults: new FaultPlan(resolved),
    cache: new PromptCache(),
    stats: new SimStatsRecorder(),
    buckets: new Map(),
    random: mulberry32(resolved.seed),
    stalled: new Set<ServerResponse>(),
  };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    const route =
      req.method === "POST" && path === "/v1/chat/completions"
        ? openaiProtocol
        : req.method === "POST" && path === "/v1/messages"
          ? anthropicProtocol
          : undefined;
    if (route) {
      handleModelRequest(state, route, req, res).catch((err: unknown) => {
        if (!res.headersSent)
          sendJson(res, 500, { error: { message: `provider-sim: ${String(err)}`, type: "server_error" } });
        else res.destroy();
      });
      return;
    }
    if (req.method === "GET" && path === "/v1/models") {
      const data = [...resolved.models.values()].map((m) => ({
        id: m.id,
        object: "model",
        created: 1_700_000_000,
        owned_by: m.provider === "openai" ? "openai" : "anthropic",
      }));
      sendJson(res, 200, { object: "list", data });
      return;
    }
    sendJson(res, 404, {
      error: { message: `provider-sim has no route ${req.method} ${path}`, type: "invalid_request_error" },
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(resolved.port, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    stats: () => state.stats.snapshot(),
    resetStats: () => state.stats.reset(),
    inject: (rule) => state.faults.inject(rule),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of state.stalled) res.destroy();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
