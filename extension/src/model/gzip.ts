/** Runs `bytes` through a (de)compression stream and collects what comes out. */
async function transform(
  bytes: Uint8Array<ArrayBuffer>,
  stream: { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array<ArrayBuffer>> },
): Promise<Uint8Array<ArrayBuffer>> {
  const writer = stream.writable.getWriter();
  // Written without awaiting: the stream applies backpressure until the reader below drains it.
  const written = writer.write(bytes).then(() => writer.close());
  // A failed write also errors the readable side, which the reader reports; this keeps it handled.
  written.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
  }
  await written;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** gzip of `bytes` (the browser's CompressionStream; gunzip and `zlib.gunzipSync` read it back). */
export function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return transform(bytes, new CompressionStream("gzip"));
}

/** The bytes inside gzip data; rejects (TypeError) when the data is not gzip or is cut short. */
export function gunzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return transform(bytes, new DecompressionStream("gzip"));
}
