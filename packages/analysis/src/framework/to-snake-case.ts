/** "Anti-Elitism", "antiElitism" and "anti elitism" all become "anti_elitism". */
export function toSnakeCase(name: string): string {
  const snake = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[0-9]/.test(snake) ? `d_${snake}` : snake;
}
