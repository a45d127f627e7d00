import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { LedgerReader } from "../../src/io/ledger-reader.js";
import { readNotebookLedger } from "../../src/io/read-notebook-ledger.js";
import { buildProvenanceMetadata, withProvenance } from "../../src/model/build-provenance-metadata.js";
import type { LedgerState } from "../../src/model/ledger-state.js";
import { loadedLedgerState } from "../../src/model/loaded-ledger-state.js";
import { recordedHead, type RecordedHead } from "../../src/model/recorded-head.js";
import { summarizeLedgerText } from "../../src/model/summarize-ledger-text.js";
import { verifyBadge } from "../../src/model/verify-badge.js";
import { SidebarModel } from "../../src/state/sidebar-model.js";
import { writeFixtureLedger, type FixtureLedger } from "./ledger-fixture.js";

const PATH = "study.provenance.jsonl";
const paths = { notebookPath: "study.ipynb", ledgerPath: PATH };

let fixture: FixtureLedger;
beforeAll(async () => {
  fixture = await writeFixtureLedger();
});
afterAll(() => fixture.cleanup());

/** The fixture's complete lines, the header first. */
const lines = () => fixture.text.split("\n").slice(0, -1);
const join = (all: string[]) => all.join("\n") + "\n";

/** Reads `text` as the sidebar model does, checking the head the notebook recorded, if any. */
async function read(
  text: string,
  recorded?: RecordedHead,
  origin: "file" | "embedded" = "file",
): Promise<LedgerState> {
  const summary = await summarizeLedgerText(text, recorded ? { headAfter: recorded.records } : {});
  return loadedLedgerState(PATH, { origin }, summary, recorded, 0);
}

/** What `embed` records in the notebook for `text`. */
async function recordedFor(text: string): Promise<RecordedHead> {
  const { records, head } = await buildProvenanceMetadata(text, paths);
  return { records, head };
}

describe("the verify badge", () => {
  test("a ledger that verifies is verified", async () => {
    const badge = verifyBadge(await read(fixture.text));
    expect(badge).toMatchObject({ state: "verified", label: "verified" });
    expect(badge.reason).toMatch(/\d+ records verify \(hash chain, sequence, schema\)/);
    expect(badge.title).toBe(`Ledger verified: ${badge.reason}`);
  });

  test("a ledger that verifies and holds the head the notebook recorded is verified", async () => {
    const badge = verifyBadge(await read(fixture.text, await recordedFor(fixture.text)));
    expect(badge.state).toBe("verified");
    expect(badge.reason).toMatch(/has the head the notebook recorded\.$/);
  });

  test("an edited record is modified, naming the line and its problem", async () => {
    const all = lines();
    all[5] = all[5]!.replace('"valence\\": 0.', '"valence\\": 9.');
    const text = join(all);
    const state = await read(text);
    const problem = state.report!.problem!;
    expect(state.report!.status).toBe("corrupt");
    const badge = verifyBadge(state);
    expect(badge.state).toBe("modified");
    expect(badge.reason).toContain(problem.problem);
    expect(badge.reason).toMatch(new RegExp(`^${PATH}: line ${problem.line} `));
  });

  test("a record removed from the middle is modified", async () => {
    const all = lines();
    all.splice(3, 1);
    const badge = verifyBadge(await read(join(all)));
    expect(badge.state).toBe("modified");
    expect(badge.reason).toContain("line 4 has seq");
  });

  test("a ledger whose record at the recorded count has another head is modified", async () => {
    const recorded = await recordedFor(fixture.text);
    const badge = verifyBadge(await read(fixture.text, { ...recorded, head: "0".repeat(64) }));
    expect(badge.state).toBe("modified");
    expect(badge.reason).toContain(
      `record ${recorded.records} (line ${recorded.records + 1}) has head ${recorded.head.slice(0, 12)}… where the notebook recorded 000000000000…`,
    );
  });

  test("a ledger cut short after embedding (its chain still verifies) is modified", async () => {
    const recorded = await recordedFor(fixture.text);
    const cut = join(lines().slice(0, -2));
    const state = await read(cut, recorded);
    // The hash chain alone cannot tell: only the recorded head does.
    expect(state.report!.status).toBe("verified");
    const badge = verifyBadge(state);
    expect(badge.state).toBe("modified");
    expect(badge.reason).toContain(
      `recorded ${recorded.records} records but ${PATH} verifies only ${recorded.records - 2}`,
    );
  });

  test("a ledger that grew past the recorded head is still verified", async () => {
    const all = lines();
    const recorded = await recordedFor(join(all.slice(0, -3)));
    const badge = verifyBadge(await read(fixture.text, recorded));
    expect(badge.state).toBe("verified");
    expect(badge.reason).toContain(`record ${recorded.records} has the head the notebook recorded`);
    expect(badge.reason).toContain("3 records were added since");
  });

  test("a torn last line is unverifiable until a session moves it aside, and says so", async () => {
    const badge = verifyBadge(await read(fixture.text + '{"seq":99,"ty'));
    const complete = lines().length;
    expect(badge.state).toBe("unverifiable");
    expect(badge.reason).toContain(`line ${complete + 1} is partial (a write was cut short)`);
    expect(badge.reason).toContain(`The ${complete - 1} records before it verify`);
    expect(badge.reason).toMatch(
      /not whole until a Discernus session\(\) opens it and moves the partial line aside/,
    );
  });

  test("a torn last line whose earlier records lost the recorded head is modified, not unverifiable", async () => {
    const recorded = await recordedFor(fixture.text);
    const badge = verifyBadge(
      await read(fixture.text + '{"seq":99,"ty', { ...recorded, head: "f".repeat(64) }),
    );
    expect(badge.state).toBe("modified");
  });

  test("no ledger beside the notebook and none embedded is unverifiable", () => {
    const badge = verifyBadge({ path: PATH, status: "absent" });
    expect(badge.state).toBe("unverifiable");
    expect(badge.reason).toBe(`No ledger: no ${PATH} beside the notebook and no copy embedded in it.`);
  });

  test("a ledger that could not be read is unverifiable, with the reason", () => {
    const error = "study.provenance.jsonl could not be read (HTTP 403: Forbidden).";
    expect(verifyBadge({ path: PATH, status: "error", error })).toMatchObject({
      state: "unverifiable",
      reason: error,
    });
  });

  test("says checking while the ledger has not been read or is being read", () => {
    expect(verifyBadge({ path: PATH, status: "unknown" })).toMatchObject({
      state: "checking",
      label: "checking…",
    });
    expect(verifyBadge({ path: PATH, status: "loading" })).toMatchObject({
      state: "checking",
      reason: `Reading ${PATH}…`,
    });
  });

  test("a notebook with only its embedded copy (no file beside it) verifies against what it recorded", async () => {
    const discernus = withProvenance({}, await buildProvenanceMetadata(fixture.text, paths));
    // The server has no ledger file beside the notebook.
    const noFile = { read: () => Promise.resolve(undefined) } as unknown as LedgerReader;
    const ledger = await readNotebookLedger(noFile, paths.notebookPath, discernus);
    expect(ledger?.origin).toBe("embedded");
    const recorded = recordedHead(discernus);
    expect(recorded).toBeDefined();
    const badge = verifyBadge(await read(ledger!.text, recorded, ledger!.origin));
    expect(badge.state).toBe("verified");
    expect(badge.reason).toMatch(/^The copy embedded in the notebook: \d+ records verify/);
  });
});

describe("the sidebar model feeding the badge", () => {
  test("after embedding it checks the head the notebook now records, so a ledger cut short later is modified", async () => {
    // The Jupyter server's files and the notebook's document, in memory: the model reads through them.
    let text = fixture.text;
    let lastModified = "t1";
    const reader = { read: async () => ({ text, lastModified }), lastModified: async () => lastModified };
    let metadata: unknown;
    const panel = {
      isDisposed: false,
      context: {
        path: paths.notebookPath,
        model: {
          getMetadata: () => metadata,
          setMetadata: (_: string, value: unknown) => (metadata = value),
        },
        save: async () => {},
      },
    };
    const model = new SidebarModel(reader as unknown as LedgerReader);
    model.setCurrent(panel as never);
    expect(verifyBadge(await model.refreshLedger(panel as never)).state).toBe("verified");

    await model.embed(panel as never);
    const embedded = verifyBadge(model.ledger(paths.notebookPath)!);
    expect(embedded.state).toBe("verified");
    expect(embedded.reason).toMatch(/has the head the notebook recorded/);

    text = join(lines().slice(0, -2));
    lastModified = "t2";
    expect(verifyBadge(await model.refreshLedger(panel as never)).state).toBe("modified");
  });
});

describe("the head a notebook recorded", () => {
  test("is read from metadata.discernus.provenance, and ignored when malformed", () => {
    const head = "a".repeat(64);
    expect(recordedHead({ provenance: { records: 12, head, ledger: PATH } })).toEqual({ records: 12, head });
    expect(recordedHead(undefined)).toBeUndefined();
    expect(recordedHead({ provenance: { records: "12", head } })).toBeUndefined();
    expect(recordedHead({ provenance: { records: 12 } })).toBeUndefined();
    expect(recordedHead({ provenance: { records: -1, head } })).toBeUndefined();
  });
});
