/** A text in pieces of a few words each, as the providers stream it (a piece per delta). */
export function splitForStream(text: string, wordsPerPiece = 3): string[] {
  const words = text.match(/\s*\S+|\s+$/g);
  if (!words) return [text];
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerPiece)
    pieces.push(words.slice(i, i + wordsPerPiece).join(""));
  return pieces;
}

/** A JSON text in pieces of a few characters, as input_json_delta streams tool input. */
export function splitJsonForStream(json: string, charsPerPiece = 24): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < json.length; i += charsPerPiece) pieces.push(json.slice(i, i + charsPerPiece));
  return pieces.length > 0 ? pieces : [""];
}
