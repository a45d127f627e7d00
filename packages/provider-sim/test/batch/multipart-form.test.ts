import { describe, expect, it } from "vitest";
import { multipartBoundary, parseMultipart } from "../../src/batch/multipart-form.js";

describe("parseMultipart", () => {
  it("reads the fields and the file of a form the fetch API encodes, bytes intact", async () => {
    const form = new FormData();
    form.append("purpose", "batch");
    form.append("file", new Blob(['{"a":1}\r\n{"é":2}\n']), "in.jsonl");
    const request = new Request("http://x", { method: "POST", body: form });
    const boundary = multipartBoundary(request.headers.get("content-type") ?? undefined);
    const parts = parseMultipart(Buffer.from(await request.arrayBuffer()), boundary!);
    expect(parts.map((p) => [p.name, p.filename, p.data.toString("utf8")])).toEqual([
      ["purpose", undefined, "batch"],
      ["file", "in.jsonl", '{"a":1}\r\n{"é":2}\n'],
    ]);
  });
});
