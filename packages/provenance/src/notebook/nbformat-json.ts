/**
 * The JSON layout nbformat writes (nbformat/v4/nbjson.py: `json.dumps(nb, sort_keys=True, indent=1,
 * separators=(",", ": "), ensure_ascii=False)` plus a final newline), so a notebook Jupyter saved
 * and Discernus rewrote differs only where Discernus changed it.
 */

/**
 * A number whose text JavaScript would print differently from how the file wrote it: Python's `1.0`,
 * `1e-05`, `-0`, or an integer beyond 2^53. Kept as written so rewriting a notebook does not change it.
 */
export class JsonNumberText {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  valueOf(): number {
    return Number(this.text);
  }
  toJSON(): number {
    return Number(this.text);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * JSON.parse, except that numbers JavaScript cannot print back byte for byte become JsonNumberText.
 * Throws SyntaxError naming the position.
 */
export function parseNbformatJson(text: string): unknown {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${i}`);
  };
  const skipSpace = () => {
    for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
  };
  const expect = (char: string) => {
    skipSpace();
    if (text[i] !== char) fail(`Expected ${JSON.stringify(char)}, found ${describe()}`);
    i++;
  };
  const describe = () => (i >= text.length ? "the end of the text" : JSON.stringify(text[i]));

  const parseString = (): string => {
    // Find the closing quote (one not preceded by an odd run of backslashes), then let the native
    // parser decode the escapes: outputs hold megabytes of base64, scanned here with indexOf.
    const start = i;
    for (let from = i + 1; ;) {
      const quote = text.indexOf('"', from);
      if (quote < 0) fail("Unterminated string");
      let slashes = 0;
      while (text.charCodeAt(quote - 1 - slashes) === 92) slashes++;
      if (slashes % 2 === 0) {
        i = quote + 1;
        break;
      }
      from = quote + 1;
    }
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch (err) {
      i = start;
      return fail(`Invalid string (${(err as Error).message})`);
    }
  };

  const parseValue = (): unknown => {
    skipSpace();
    const c = text[i];
    if (c === '"') return parseString();
    if (c === "{") {
      i++;
      const object: Record<string, unknown> = {};
      skipSpace();
      if (text[i] === "}") {
        i++;
        return object;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail(`Expected a property name, found ${describe()}`);
        const key = parseString();
        expect(":");
        const value = parseValue();
        // Assigning "__proto__" would set the prototype; JSON.parse makes it an own property.
        if (key === "__proto__")
          Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
        else object[key] = value;
        skipSpace();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return object;
        } else fail(`Expected "," or "}", found ${describe()}`);
      }
    }
    if (c === "[") {
      i++;
      const array: unknown[] = [];
      skipSpace();
      if (text[i] === "]") {
        i++;
        return array;
      }
      for (;;) {
        array.push(parseValue());
        skipSpace();
        if (text[i] === ",") i++;
        else if (text[i] === "]") {
          i++;
          return array;
        } else fail(`Expected "," or "]", found ${describe()}`);
      }
    }
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match) return fail(`Unexpected ${describe()}`);
    i += match[0].length;
    const number = Number(match[0]);
    return JSON.stringify(number) === match[0] ? number : new JsonNumberText(match[0]);
  };

  const value = parseValue();
  skipSpace();
  if (i < text.length) fail(`Unexpected ${describe()} after the JSON value`);
  return value;
}

/** Python sorts keys by code point; JavaScript's default sort compares UTF-16 units. */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) {
    let x = a.charCodeAt(k);
    let y = b.charCodeAt(k);
    if (x === y) continue;
    // Surrogates (U+D800-DFFF) encode code points above U+FFFF: move them above U+E000-FFFF.
    if (x >= 0xd800) x = x < 0xe000 ? x + 0x2000 : x - 0x800;
    if (y >= 0xd800) y = y < 0xe000 ? y + 0x2000 : y - 0x800;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Serialises as nbformat does. Strings use JSON.stringify, whose escapes match Python's with
 * ensure_ascii=False (quote, backslash, \b \f \n \r \t, other controls as \u00xx). `undefined`
 * members are dropped as JSON.stringify drops them; a non-finite number is refused, having no JSON form.
 */
export function formatNbformatJson(value: unknown): string {
  const out: string[] = [];
  const write = (v: unknown, indent: string): void => {
    if (v === null) out.push("null");
    else if (typeof v === "string" || typeof v === "boolean") out.push(JSON.stringify(v));
    else if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new TypeError(`A notebook cannot hold ${v}: JSON has no form for it`);
      out.push(JSON.stringify(v));
    } else if (v instanceof JsonNumberText) out.push(v.text);
    else if (Array.isArray(v)) {
      if (v.length === 0) return void out.push("[]");
      const inner = `${indent} `;
      out.push("[");
      v.forEach((item, k) => {
        out.push(k === 0 ? `\n${inner}` : `,\n${inner}`);
        if (item === undefined || typeof item === "function") out.push("null");
        else write(item, inner);
      });
      out.push(`\n${indent}]`);
    } else if (typeof v === "object") {
      const record = v as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined && typeof record[k] !== "function")
        .sort(compareCodePoints);
      if (keys.length === 0) return void out.push("{}");
      const inner = `${indent} `;
      out.push("{");
      keys.forEach((key, k) => {
        out.push(`${k === 0 ? "\n" : ",\n"}${inner}${JSON.stringify(key)}: `);
        write(record[key], inner);
      });
      out.push(`\n${indent}}`);
    } else throw new TypeError(`A notebook cannot hold a ${typeof v}`);
  };
  write(value, "");
  return `${out.join("")}\n`;
}
