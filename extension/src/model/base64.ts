/** Bytes per String.fromCharCode call: below every engine's argument limit. */
const CHUNK = 0x8000;

/** Standard base64 (RFC 4648, with padding) of `bytes`, as `Buffer.toString("base64")` writes it. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** The bytes of standard base64 text; throws a DOMException (InvalidCharacterError) on anything else. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  // Jupyter's base64 and line-wrapped base64 carry newlines; atob refuses them.
  const binary = atob(text.replace(/\s+/g, ""));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
