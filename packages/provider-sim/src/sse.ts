import type { ServerResponse } from "node:http";
import { pause } from "./http-io.js";

/** Starts a server-sent-events response (text/event-stream), as both APIs stream. */
export function startSse(res: ServerResponse, headers: Record<string, string>): void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    ...headers,
  });
}

/** An OpenAI-style event: data only. */
export function sseData(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

/** An Anthropic-style event: a named event whose data repeats the type. */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Destroys the socket once what was written has left: Node corks a response until the next tick,
 * and a cut in the same tick would drop the chunks sent before it.
 */
export async function cutAfterFlush(res: ServerResponse): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  res.destroy();
}

/**
 * Writes content pieces spread evenly over `generationMs` (against the clock, so timer rounding
 * does not add up); with `cut`, destroys the connection halfway through instead of finishing.
 * Returns false when the stream ended early: cut here, or the client went away.
 */
export async function writePaced(
  res: ServerResponse,
  pieces: readonly string[],
  plan: { generationMs: number; cut?: boolean },
  render: (piece: string) => string,
): Promise<boolean> {
  const start = performance.now();
  const gapMs = pieces.length > 1 ? plan.generationMs / (pieces.length - 1) : 0;
  const cutAt = plan.cut ? Math.ceil(pieces.length / 2) : Infinity;
  for (const [i, piece] of pieces.entries()) {
    if (i >= cutAt) break;
    const waitMs = start + i * gapMs - performance.now();
    if (waitMs >= 1) await pause(waitMs, res);
    if (res.destroyed) return false;
    res.write(render(piece));
  }
  if (plan.cut) {
    await cutAfterFlush(res);
    return false;
  }
  return !res.destroyed;
}
