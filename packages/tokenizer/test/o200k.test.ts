import { getEncoding } from "js-tiktoken";
import { describe, expect, it } from "vitest";
import { countTokens, encode, truncateTokens } from "../src/index.js";

// Texts that stress the pre-tokenizer: runs of spaces, contractions, digits, CRLF, non-Latin scripts.
const SAMPLES = [
  "Hello world!  How are   you?\n\nFine.  ",
  "We shall overcome 12345 times, don't we? It's   o'clock.\t\t\n x",
  "Ünïcödé — “quotes” and emojis 🎉🎉 and 中文字符 and 1,234.56%",
  "   leading and trailing   ",
  "Framework definitions. ".repeat(50),
  "a\r\nb\r\n\r\n  c",
  "'s 'S 'Re I'M you'll",
  "<|endoftext|> is text here",
];

describe("tokenizer", () => {
  const reference = getEncoding("o200k_base");

  it("encodes exactly as js-tiktoken's o200k_base does, special tokens read as text", () => {
    for (const text of SAMPLES) {
      expect([...encode(text)], text).toEqual(reference.encode(text, [], []));
      expect(countTokens(text), text).toBe(reference.encode(text, [], []).length);
    }
  });

  it("cuts a text to its first n tokens", () => {
    const text = SAMPLES[1] as string;
    const cut = truncateTokens(text, 5);
    expect(cut.tokens).toBe(5);
    expect(reference.encode(cut.text, [], [])).toEqual(reference.encode(text, [], []).slice(0, 5));
    expect(truncateTokens("short", 10)).toEqual({ text: "short", tokens: 1 });
  });
});
