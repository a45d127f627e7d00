import { mulberry32 } from "@discernus/provider-sim";

/** Words the synthetic speeches are drawn from: political prose with hope, fear and anger in it. */
const WORDS = (
  "we the people nation union hope fear anger pride harvest debt future past children workers " +
  "families cities villages rivers roads schools taxes wages prices liberty justice courage duty " +
  "enemies friends allies promise betrayal crisis recovery strength weakness faith doubt trust " +
  "government parliament congress elites citizens farmers soldiers mothers fathers markets banks " +
  "will shall must cannot never always together alone stand fall rise build defend restore"
).split(" ");

/**
 * One synthetic text of 300 to 600 characters. The index opens it, so every text is distinct (and
 * so is every request the study makes: no two share a ledger answer).
 */
export function syntheticText(index: number, seed = 6): string {
  const random = mulberry32(seed * 1_000_003 + index);
  const targetLength = 300 + Math.floor(random() * 301);
  let text = `Address ${index}:`;
  while (text.length < targetLength) {
    const word = WORDS[Math.floor(random() * WORDS.length)]!;
    text += random() < 0.12 ? `. ${word[0]!.toUpperCase()}${word.slice(1)}` : ` ${word}`;
  }
  return `${text.slice(0, 600).trimEnd()}.`;
}

/** `count` distinct synthetic texts, deterministic for a given seed. */
export function syntheticTexts(count: number, seed = 6): string[] {
  return Array.from({ length: count }, (_, i) => syntheticText(i, seed));
}
