#!/usr/bin/env node
import { parseArgs } from "node:util";
import { DiscernusError } from "@discernus/gateway";
import { batches } from "./commands/batches.js";
import { compare } from "./commands/compare.js";
import { crate } from "./commands/crate.js";
import { drift } from "./commands/drift.js";
import { embed } from "./commands/embed.js";
import { exportLedger } from "./commands/export-ledger.js";
import { extract } from "./commands/extract.js";
import { installExtension } from "./commands/install-extension.js";
import { lab } from "./commands/lab.js";
import { LabError } from "./commands/lab-error.js";
import { UsageError } from "./commands/ledger-input.js";
import { report } from "./commands/report.js";
import { reproduce } from "./commands/reproduce.js";
import { run } from "./commands/run.js";
import { verify } from "./commands/verify.js";

const USAGE = `discernus <command> [options]

Commands:
  compare [--texts N] [--json]   keyless multi-model comparison through the gateway (VADER, AFINN and
                                 two simulated LLMs on State of the Union openings), with cost and agreement
  run <notebook> [--output <path>] [--timeout <s>]
                                 execute a notebook with the tslab kernel, bound to its ledger
  verify <notebook|ledger> [--json]
                                 check the ledger (hash chain, sequence, schema, run totals) and, for a
                                 notebook, its recorded head, embedded copy and outputs; exit 0 only if all hold
  reproduce <notebook> [--out <folder>] [--timeout <s>] [--json]
                                 verify the ledger (beside the notebook or embedded), re-execute the notebook in
                                 replay mode (no key, no provider, $0) and compare every output with the stored one;
                                 exit 0 only when all are reproduced
  report <notebook|ledger> [--json]
                                 spend by model, provider and run: calls, retries, fallbacks, cache hits, budget
  embed <notebook> [--summary-only]
                                 write the ledger and its summary into the notebook's metadata
  extract <notebook> [--to <path>] [--force]
                                 write the embedded ledger back beside the notebook
  export <notebook|ledger> [--prov <file>] [--otlp <url>] [--langfuse <base url>] [--include-content]
                                 W3C PROV-JSON, or OpenTelemetry GenAI spans over OTLP/HTTP
  crate <notebook> [--out <folder>] [--license <url>] [--framework <file>]... [--corpus <name>
        [--corpus-id <doi or url>]] [--force] [--json]
                                 ro-crate-metadata.json (RO-Crate 1.1, Process Run Crate) describing the notebook,
                                 its verified ledger, runs, models, framework and software, for a data repository
  batches <notebook> [--collect [--wait] [--poll-interval <s>]] [--json]
                                 the notebook's provider batches (submitted by analyze(..., { mode: "batch" }));
                                 --collect polls those in flight and records the results of those that ended
  drift <notebook> --framework <file> [--sample N] [--models a,b] [--run id] [--seed n] [--yes] [--json]
                                 ask a seeded sample of a run's recorded calls again, live (same model and
                                 parameters), and report per model and dimension the answers that changed and
                                 whether agreement holds; prints the estimate, and spends only with --yes
  lab [folder] [--port N]        JupyterLab on the folder (default: the current one) with the TypeScript
                                 kernel and the Discernus sidebar, on 127.0.0.1, until Ctrl-C
  install-extension [--user | --sys-prefix [--python <python>] | --prefix <dir>]
                                 copy the Discernus sidebar (the built labextension) into an existing
                                 JupyterLab 4; default --user`;

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
    case "run": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { output: { type: "string" }, timeout: { type: "string", default: "1800" } },
      });
      const timeoutS = Number(values.timeout);
      if (!Number.isInteger(timeoutS) || timeoutS <= 0)
        throw new UsageError(
          `discernus run: --timeout is seconds per cell, a whole number, got "${values.timeout}".`,
        );
      return run(positionals[0], { ...(values.output ? { output: values.output } : {}), timeoutS });
    }
    case "reproduce": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          out: { type: "string" },
          timeout: { type: "string", default: "1800" },
          json: { type: "boolean", default: false },
        },
      });
      const timeoutS = Number(values.timeout);
      if (!Number.isInteger(timeoutS) || timeoutS <= 0)
        throw new UsageError(
          `discernus reproduce: --timeout is seconds per cell, a whole number, got "${values.timeout}".`,
        );
      return reproduce(positionals[0], {
        ...(values.out !== undefined ? { out: values.out } : {}),
        timeoutS,
        json: values.json ?? false,
      });
    }
    case "verify":
    case "report": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { json: { type: "boolean", default: false } },
      });
      const run = command === "verify" ? verify : report;
      return run(positionals[0], values.json ?? false);
    }
    case "embed": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { "summary-only": { type: "boolean", default: false } },
      });
      return embed(positionals[0], values["summary-only"] ?? false);
    }
    case "extract": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { to: { type: "string" }, force: { type: "boolean", default: false } },
      });
      return extract(positionals[0], values.to, values.force ?? false);
    }
    case "export": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          prov: { type: "string" },
          otlp: { type: "string" },
          langfuse: { type: "string" },
          "include-content": { type: "boolean", default: false },
        },
      });
      return exportLedger(positionals[0], {
        ...(values.prov ? { prov: values.prov } : {}),
        ...(values.otlp ? { otlp: values.otlp } : {}),
        ...(values.langfuse ? { langfuse: values.langfuse } : {}),
        includeContent: values["include-content"] ?? false,
      });
    }
    case "crate": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          out: { type: "string" },
          license: { type: "string" },
          framework: { type: "string", multiple: true },
          corpus: { type: "string" },
          "corpus-id": { type: "string" },
          force: { type: "boolean", default: false },
          json: { type: "boolean", default: false },
        },
      });
      return crate(positionals[0], {
        ...(values.out !== undefined ? { out: values.out } : {}),
        ...(values.license !== undefined ? { license: values.license } : {}),
        frameworks: values.framework ?? [],
        ...(values.corpus !== undefined
          ? {
              corpus: {
                name: values.corpus,
                ...(values["corpus-id"] !== undefined ? { identifier: values["corpus-id"] } : {}),
              },
            }
          : {}),
        force: values.force ?? false,
        json: values.json ?? false,
      });
    }
    case "batches": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          collect: { type: "boolean", default: false },
          wait: { type: "boolean", default: false },
          "poll-interval": { type: "string", default: "30" },
          json: { type: "boolean", default: false },
        },
      });
      const interval = Number(values["poll-interval"]);
      if (!(Number.isFinite(interval) && interval > 0))
        throw new UsageError(
          `discernus batches: --poll-interval is seconds between polls, a number above 0, got "${values["poll-interval"]}".`,
        );
      if (values.wait && !values.collect)
        throw new UsageError(
          "discernus batches: --wait goes with --collect (wait until every batch has ended).",
        );
      return batches(positionals[0], {
        collect: values.collect ?? false,
        wait: values.wait ?? false,
        pollIntervalMs: interval * 1000,
        json: values.json ?? false,
      });
    }
    case "drift": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          sample: { type: "string" },
          models: { type: "string" },
          run: { type: "string" },
          framework: { type: "string" },
          seed: { type: "string" },
          yes: { type: "boolean", default: false },
          json: { type: "boolean", default: false },
        },
      });
      const whole = (name: string, value: string | undefined, min: number) => {
        if (value === undefined) return undefined;
        const n = Number(value);
        if (!Number.isInteger(n) || n < min)
          throw new UsageError(
            `discernus drift: --${name} must be a whole number from ${min} up, got "${value}".`,
          );
        return n;
      };
      const sample = whole("sample", values.sample, 1);
      const seed = whole("seed", values.seed, -(2 ** 31));
      return drift(positionals[0], {
        ...(sample !== undefined ? { sample } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(values.models !== undefined
          ? {
              models: values.models
                .split(",")
                .map((m) => m.trim())
                .filter(Boolean),
            }
          : {}),
        ...(values.run !== undefined ? { run: values.run } : {}),
        ...(values.framework !== undefined ? { framework: values.framework } : {}),
        yes: values.yes ?? false,
        json: values.json ?? false,
        argv: rest,
      });
    }
    case "lab": {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { port: { type: "string" } },
      });
      if (positionals.length > 1)
        throw new UsageError("discernus lab: name one folder (or none, for the current one).");
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))
        throw new UsageError(`discernus lab: --port must be a port number (1-65535), got "${values.port}".`);
      return lab(positionals[0], port === undefined ? {} : { port });
    }
    case "install-extension": {
      const { values } = parseArgs({
        args: rest,
        options: {
          user: { type: "boolean", default: false },
          "sys-prefix": { type: "boolean", default: false },
          prefix: { type: "string" },
          python: { type: "string" },
        },
      });
      return installExtension({
        user: values.user ?? false,
        sysPrefix: values["sys-prefix"] ?? false,
        ...(values.prefix !== undefined ? { prefix: values.prefix } : {}),
        ...(values.python !== undefined ? { python: values.python } : {}),
      });
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
    if (err instanceof UsageError) {
      console.error(err.message);
      process.exit(2);
    }
    // parseArgs throws TypeErrors with a code for unknown options and missing values.
    if ((err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`discernus: ${(err as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(
      err instanceof DiscernusError || err instanceof LabError ? `discernus: ${err.message}` : err,
    );
    process.exit(1);
  },
);
