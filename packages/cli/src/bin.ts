#!/usr/bin/env node
import { parseArgs } from "node:util";
import { DiscernusError } from "@discernus/gateway";
import { compare } from "./commands/compare.js";

const USAGE = `discernus <command> [options]

Commands:
  compare [--texts N] [--json]   keyless multi-model comparison through the gateway (VADER, AFINN and
                                 two simulated LLMs on State of the Union openings), with cost and agreement`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "compare": {
      const { values } = parseArgs({
        args: rest,
        options: { texts: { type: "string", default: "12" }, json: { type: "boolean", default: false } },
      });
      const texts = Number(values.texts);
      if (!Number.isInteger(texts) || texts < 3 || texts > 233) {
        console.error(
          `discernus compare: --texts must be a whole number from 3 to 233, got "${values.texts}".`,
        );
        return 2;
      }
      return compare({ texts, json: values.json ?? false });
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`discernus: unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof DiscernusError ? `discernus: ${err.message}` : err);
    process.exit(1);
  },
);
