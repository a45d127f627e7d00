import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatUsd } from "@discernus/gateway";
import { ledgerPathFor } from "@discernus/provenance";
import { TELEMETRY_MIME } from "@discernus/kernel-helpers";

const ROOT = new URL("../../", import.meta.url).pathname;
const CLI = join(ROOT, "packages/cli/dist/bin.js");
const NOTEBOOKS = readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb"));
const out = mkdtempSync(join(tmpdir(), "discernus-notebooks-"));
const readers: string[] = [];
afterAll(() => {
  for (const dir of [out, ...readers]) rmSync(dir, { recursive: true, force: true });
});

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  metadata?: { discernus?: { run?: string; digest?: string; telemetry?: { state: string } } };
  text?: string[];
}

const text = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));

describe("example notebooks, executed with the tslab kernel", () => {
  it.each(NOTEBOOKS)(
    "%s runs headlessly, its outputs match its ledger, and discernus verify passes",
    (name) => {
      const executed = join(out, name);
      const run = spawnSync(
        process.execPath,
        [CLI, "run", join(ROOT, "notebooks", name), "--output", executed],
        {
          cwd: ROOT,
          encoding: "utf8",
          timeout: 240_000,
        },
      );
      expect(run.stderr + run.stdout).not.toMatch(/A cell failed/);
      expect(run.status).toBe(0);

      const nb = JSON.parse(readFileSync(executed, "utf8")) as {
        cells: { cell_type: string; outputs?: Output[] }[];
      };
      const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
      expect(outputs.some((o) => o.output_type === "error")).toBe(false);
      const results = outputs.filter((o) => o.metadata?.discernus?.digest);
      expect(results.length).toBeGreaterThan(0);

      const records = readFileSync(ledgerPathFor(executed), "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map(
          (l) =>
            JSON.parse(l) as {
              type: string;
              phase?: string;
              run?: string;
              digest?: string;
              totals?: { costNanoUsd: number; calls: number };
            },
        );
      expect(records.filter((r) => r.type === "call").length).toBeGreaterThan(0);
      for (const result of results) {
        const end = records.find(
          (r) => r.type === "run" && r.phase === "end" && r.run === result.metadata!.discernus!.run,
        );
        expect(end?.digest).toBe(result.metadata!.discernus!.digest);
        // What the cell shows as the cost is what the ledger recorded for the run.
        expect(text(result.data?.["text/plain"])).toContain(
          `cost ${formatUsd(end!.totals!.costNanoUsd)} for ${end!.totals!.calls} provider calls`,
        );
      }
      // Every live progress output ends in its final state, and has a text fallback.
      const telemetry = outputs.filter((o) => o.data?.[TELEMETRY_MIME]);
      expect(telemetry.length).toBe(results.length);
      for (const t of telemetry) {
        expect(JSON.parse(text(t.data![TELEMETRY_MIME])).state).toBe("done");
        expect(text(t.data!["text/plain"])).toMatch(/ · done$/);
      }
      // Charts carry an HTML fallback for GitHub and nbviewer.
      for (const chart of outputs.filter((o) => o.data?.["application/vnd.vegalite.v5+json"]))
        expect(text(chart.data!["text/html"])).toContain("<table>");

      const verify = spawnSync(process.execPath, [CLI, "verify", executed], { encoding: "utf8" });
      expect(verify.stdout).toMatch(/\nverified\n?$/);
      expect(verify.status).toBe(0);

      // Shared with its ledger embedded, in a folder of its own with its config and frameworks (inside
      // the project, whose packages the kernel imports), it reproduces identically with no key.
      const embed = spawnSync(process.execPath, [CLI, "embed", executed], { encoding: "utf8" });
      expect(embed.status, embed.stderr).toBe(0);
      mkdirSync(join(ROOT, "notebooks/runs"), { recursive: true });
      const reader = mkdtempSync(join(ROOT, "notebooks/runs/reproduce-"));
      readers.push(reader);
      copyFileSync(executed, join(reader, name));
      copyFileSync(join(ROOT, "notebooks/discernus.config.json"), join(reader, "discernus.config.json"));
      cpSync(join(ROOT, "notebooks/frameworks"), join(reader, "frameworks"), { recursive: true });
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.endsWith("_KEY")));
      const reproduced = spawnSync(process.execPath, [CLI, "reproduce", join(reader, name), "--json"], {
        encoding: "utf8",
        env,
        timeout: 240_000,
      });
      expect(reproduced.status, reproduced.stdout + reproduced.stderr).toBe(0);
      const verdict = JSON.parse(reproduced.stdout) as {
        status: string;
        cells: { status: string }[];
        calls: { replayed: number; live: number };
      };
      expect(verdict.status).toBe("identical");
      expect(verdict.cells.every((c) => c.status === "identical")).toBe(true);
      expect(verdict.calls.replayed).toBeGreaterThan(0);
      expect(verdict.calls.live).toBe(0);
    },
    420_000,
  );
});
