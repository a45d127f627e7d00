import { Tiktoken } from "js-tiktoken/lite";
import o200kBase from "js-tiktoken/ranks/o200k_base";

/**
 * Token counts with o200k_base, the GPT-4o / o-series encoding. Anthropic's models are counted with
 * it too: Claude's tokenizer is not public, and o200k is a close stand-in for English text (Claude's
 * counts run somewhat higher), so Claude's figures here are approximate.
 *
 * Speed: js-tiktoken encodes a whole text at a time and is slow for a server that must answer
 * thousands of requests a second. BPE never merges across the encoding's pre-tokenizer pieces
 * (words with their leading space, runs of digits or punctuation), so the text is split with the
 * encoding's own pattern and each distinct piece is encoded once and remembered.
 */
let encoder: Tiktoken | undefined;
let pieces: RegExp | undefined;

/** The encoder, built once: building it takes about a second. */
export function encoding(): Tiktoken {
  encoder ??= new Tiktoken(o200kBase);
  return encoder;
}

// Bounded memos: a corpus's vocabulary and a study's repeated prompts, not its every text.
const PIECE_MEMO_MAX = 200_000;
const TEXT_MEMO_MAX = 2_048;
const TEXT_MEMO_MIN_CHARS = 256;
const pieceMemo = new Map<string, readonly number[]>();
const textMemo = new Map<string, readonly number[]>();

function pieceIds(piece: string): readonly number[] {
  let ids = pieceMemo.get(piece);
  if (ids === undefined) {
    // No special tokens: a prompt that contains "<|endoftext|>" is text, as the APIs treat it.
    ids = encoding().encode(piece, [], []);
    if (pieceMemo.size >= PIECE_MEMO_MAX) pieceMemo.clear();
    pieceMemo.set(piece, ids);
  }
  return ids;
}

function forEachPiece(text: string, visit: (ids: readonly number[]) => boolean | void): void {
  pieces ??= new RegExp(o200kBase.pat_str, "gu");
  pieces.lastIndex = 0;
  for (let match = pieces.exec(text); match !== null; match = pieces.exec(text)) {
    if (visit(pieceIds(match[0])) === false) break;
  }
}

/** The token ids of a text (a shared array: do not modify). */
export function encode(text: string): readonly number[] {
  const known = text.length >= TEXT_MEMO_MIN_CHARS ? textMemo.get(text) : undefined;
  if (known) {
    // Least recently used goes first: a hit moves to the back.
    textMemo.delete(text);
    textMemo.set(text, known);
    return known;
  }
  const ids: number[] = [];
  forEachPiece(text, (piece) => {
    for (const id of piece) ids.push(id);
  });
  if (text.length >= TEXT_MEMO_MIN_CHARS) {
    if (textMemo.size >= TEXT_MEMO_MAX) textMemo.delete(textMemo.keys().next().value as string);
    textMemo.set(text, ids);
  }
  return ids;
}

export function countTokens(text: string): number {
  let count = 0;
  forEachPiece(text, (piece) => {
    count += piece.length;
  });
  return count;
}

/** The first `n` tokens of a text, as text, and how many tokens that is. */
export function truncateTokens(text: string, n: number): { text: string; tokens: number } {
  const ids: number[] = [];
  let over = false;
  forEachPiece(text, (piece) => {
    for (const id of piece) {
      if (ids.length === n) {
        over = true;
        return false;
      }
      ids.push(id);
    }
  });
  return over ? { text: encoding().decode(ids), tokens: ids.length } : { text, tokens: ids.length };
}
