import type { LimitDimension } from "./limit-buckets.js";

/** An error to answer with, before each protocol shapes it as its provider does. */
export type ErrorSpec =
  | { kind: "auth"; key: string | undefined }
  | { kind: "not_found"; model: string }
  | { kind: "bad_request"; message: string; param?: string; code?: string }
  | { kind: "context_length"; promptTokens: number; maxTokens: number; contextWindow: number }
  | {
      kind: "rate_limit";
      model: string;
      dimension: LimitDimension;
      /** Absent for an injected 429 on a model without that limit. */
      limit?: number;
      used?: number;
      requested: number;
      retryAfterMs: number;
      /** The request needs more than the whole limit: it can never pass. */
      tooLarge: boolean;
    }
  | { kind: "server"; status: 500 | 502 | 503 | 529 };

export interface ErrorReply {
  status: number;
  /** JSON body, or text as is (a proxy's HTML page). */
  body: unknown;
  contentType?: string;
}

/** What a proxy in front of either API (Cloudflare, nginx) answers for a 502: HTML, not JSON. */
export const BAD_GATEWAY_HTML =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";
