import { sha256HexJs } from "./sha256-js.js";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += HEX[byte];
  return hex;
}

type Subtle = { digest(algorithm: string, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> };

/** WebCrypto's digest where the page has it (secure contexts only), else undefined. */
function subtleCrypto(): Subtle | undefined {
  return (globalThis as { crypto?: { subtle?: Subtle } }).crypto?.subtle;
}

/** sha256 (hex) of `bytes`: WebCrypto where the page has it, plain JavaScript where it does not. */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const subtle = subtleCrypto();
  if (!subtle) return sha256HexJs(bytes);
  return toHex(new Uint8Array(await subtle.digest("SHA-256", bytes)));
}
