import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mulberry32 } from "@discernus/provider-sim";
import { LedgerLockedError, LedgerWriter, ledgerPathFor, verifyLedger } from "../src/index.js";

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "discernus-ledger-"));
  path = ledgerPathFor(join(dir, "study.ipynb"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function writeLedger(records: number): Promise<string> {
  const ledger = await LedgerWriter.open(path, { notebook: "study.ipynb", tools: { discernus: "0.1.0" } });
  for (let i = 0; i < records; i++) ledger.append("note", { item: i, model: "openai/gpt-4o-mini" });
  await ledger.close();
  return ledger.head;
}

const lines = () => readFileSync(path, "utf8").split("\n").slice(0, -1);
const rewrite = (ls: string[]) => writeFileSync(path, `${ls.join("\n")}\n`);

describe("ledger", () => {
  it("writes a header and a hash chain that verifies, and continues it when reopened", async () => {
    const head = await writeLedger(500);
    expect(path.endsWith("study.provenance.jsonl")).toBe(true);
    expect(await verifyLedger(path)).toEqual({
      status: "verified",
      records: 500,
      head,
      notebook: "study.ipynb",
    });
    const again = await LedgerWriter.open(path, { notebook: "study.ipynb" });
    expect(again.seq).toBe(500);
    again.append("run", { run: "r1", phase: "start", items: 500 });
    await again.close();
    expect((await verifyLedger(path)).records).toBe(501);
    expect(JSON.parse(lines()[501] ?? "{}")).toMatchObject({ seq: 501, type: "run" });
  });

  it("names the line when one byte anywhere is changed", async () => {
    await writeLedger(50);
    const original = readFileSync(path);
    const random = mulberry32(3);
    for (let trial = 0; trial < 20; trial++) {
      const bytes = Buffer.from(original);
      let at = Math.floor(random() * bytes.length);
      while (bytes[at] === 0x0a) at = (at + 1) % bytes.length;
      bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
      writeFileSync(path, bytes);
      const lineOfByte = original.subarray(0, at).toString().split("\n").length;
      const report = await verifyLedger(path);
      expect(report.status).toBe("corrupt");
      // The changed line fails itself (not canonical, bad JSON) or breaks the next line's chain.
      expect([lineOfByte, lineOfByte + 1]).toContain(report.problem?.line);
      expect(report.problem?.problem).toMatch(new RegExp(`^line ${report.problem?.line} `));
    }
  });

  it("names the line when a record is deleted or two are swapped", async () => {
    await writeLedger(20);
    const ls = lines();
    rewrite([...ls.slice(0, 10), ...ls.slice(11)]);
    expect((await verifyLedger(path)).problem).toMatchObject({ line: 11 });
    expect((await verifyLedger(path)).problem?.problem).toMatch(/seq 11 where 10 was due/);
    const swapped = [...ls];
    [swapped[5], swapped[6]] = [swapped[6] as string, swapped[5] as string];
    rewrite(swapped);
    expect((await verifyLedger(path)).problem?.line).toBe(6);
  });

  it("refuses a file that is not a Discernus ledger or has an unknown format version", async () => {
    await writeLedger(1);
    const [header, ...rest] = lines();
    rewrite([(header ?? "").replace('"version":1', '"version":9'), ...rest]);
    expect((await verifyLedger(path)).problem?.problem).toMatch(/format version 9/);
    writeFileSync(path, '{"hello":"world"}\n');
    expect((await verifyLedger(path)).problem?.problem).toMatch(/not a Discernus ledger header/);
  });

  it("reports a torn last line, moves it aside on open, and continues the chain", async () => {
    await writeLedger(10);
    writeFileSync(path, readFileSync(path, "utf8") + '{"item":10,"model":"openai/gp', { flag: "w" });
    expect(await verifyLedger(path)).toMatchObject({
      status: "torn_tail",
      records: 10,
      problem: { line: 12 },
    });
    const reopened = await LedgerWriter.open(path, { notebook: "study.ipynb" });
    expect(reopened.recoveredTail?.bytes).toBe(29);
    expect(readFileSync(reopened.recoveredTail?.movedTo ?? "", "utf8")).toBe('{"item":10,"model":"openai/gp');
    reopened.append("note", { item: 10 });
    await reopened.close();
    expect(await verifyLedger(path)).toMatchObject({ status: "verified", records: 11 });
  });

  it("refuses a second writer while the first one's process lives, and takes over a dead one's lock", async () => {
    await writeLedger(1);
    writeFileSync(`${path}.lock`, String(process.ppid));
    await expect(LedgerWriter.open(path, { notebook: "study.ipynb" })).rejects.toBeInstanceOf(
      LedgerLockedError,
    );
    writeFileSync(`${path}.lock`, "999999999");
    const taken = await LedgerWriter.open(path, { notebook: "study.ipynb" });
    await taken.close();
    expect(readdirSync(dir)).not.toContain("study.provenance.jsonl.lock");
  });

  it("survives kill -9 at random moments: it verifies or has only a torn tail, and reopens clean (20 trials)", async () => {
    const fixture = join(import.meta.dirname, "fixtures", "append-forever.mjs");
    const random = mulberry32(9);
    for (let trial = 0; trial < 20; trial++) {
      const trialPath = join(dir, `trial-${trial}.provenance.jsonl`);
      const child = spawn(process.execPath, [fixture, trialPath], { stdio: ["ignore", "pipe", "inherit"] });
      await new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()));
      await new Promise((r) => setTimeout(r, 5 + Math.floor(random() * 60)));
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      const report = await verifyLedger(trialPath);
      expect(["verified", "torn_tail"], `trial ${trial}: ${report.problem?.problem}`).toContain(
        report.status,
      );
      const reopened = await LedgerWriter.open(trialPath, { notebook: "study.ipynb" });
      expect(reopened.seq).toBe(report.records);
      await reopened.close();
      expect((await verifyLedger(trialPath)).status).toBe("verified");
    }
  }, 60_000);
});
