/** One part of a multipart/form-data body. */
export interface FormPart {
  name: string;
  filename?: string;
  data: Buffer;
}

/** The boundary of a multipart/form-data content type, or undefined if it is not one. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2]?.trim();
}

/**
 * Splits a multipart/form-data body (RFC 7578) into its parts. Binary-safe: file contents stay
 * bytes. Only what the Files API upload needs: a name, an optional filename, the data.
 */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const afterDelimiter = start + delimiter.length;
    // "--" after a delimiter closes the body.
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === "--") break;
    const headersStart = afterDelimiter + 2; // past CRLF
    const next = body.indexOf(delimiter, headersStart);
    if (next < 0) break;
    const headerEnd = body.indexOf("\r\n\r\n", headersStart);
    if (headerEnd < 0 || headerEnd > next) break;
    const headers = body.subarray(headersStart, headerEnd).toString("utf8");
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? "";
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    // The part's data ends before the CRLF that precedes the next delimiter.
    const data = body.subarray(headerEnd + 4, next - 2);
    if (name !== undefined) parts.push({ name, ...(filename !== undefined ? { filename } : {}), data });
    start = next;
  }
  return parts;
}
