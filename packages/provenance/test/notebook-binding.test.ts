import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findNotebook } from "../src/notebook/find-notebook.js";
import { NotebookNotFoundError } from "../src/notebook/notebook-errors.js";

let root: string;
let sub: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "discernus-bind-"));
  sub = join(root, "sub");
  mkdirSync(sub);
  for (const path of [join(sub, "study.ipynb"), join(sub, "other.ipynb"), join(root, "top.ipynb")])
    writeFileSync(path, "{}");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("findNotebook", () => {
  it("takes an explicit path first, resolved from cwd, whatever the environment says", () => {
    const env = { JPY_SESSION_NAME: "sub/other.ipynb", DISCERNUS_NOTEBOOK: join(root, "top.ipynb") };
    expect(findNotebook({ explicit: "study.ipynb", env, cwd: sub })).toEqual({
      notebookPath: join(sub, "study.ipynb"),
      ledgerPath: join(sub, "study.provenance.jsonl"),
      boundBy: "explicit",
    });
  });

  it("refuses an explicit path that names no file, naming the path", () => {
    expect(() => findNotebook({ explicit: "stduy.ipynb", env: {}, cwd: sub })).toThrow(NotebookNotFoundError);
    expect(() => findNotebook({ explicit: "stduy.ipynb", env: {}, cwd: sub })).toThrow(
      `${join(sub, "stduy.ipynb")}: no such notebook; the notebook: option names no file`,
    );
  });

  it("reads JPY_SESSION_NAME as relative to the server root while cwd is the notebook's folder", () => {
    const env = { JPY_SESSION_NAME: "sub/study.ipynb", DISCERNUS_NOTEBOOK: join(root, "top.ipynb") };
    expect(findNotebook({ env, cwd: sub })).toEqual({
      notebookPath: join(sub, "study.ipynb"),
      ledgerPath: join(sub, "study.provenance.jsonl"),
      boundBy: "JPY_SESSION_NAME",
    });
  });

  it("reads JPY_SESSION_NAME from a kernel started at the server root, and an absolute one", () => {
    expect(findNotebook({ env: { JPY_SESSION_NAME: "sub/other.ipynb" }, cwd: root }).notebookPath).toBe(
      join(sub, "other.ipynb"),
    );
    expect(findNotebook({ env: { JPY_SESSION_NAME: join(root, "top.ipynb") }, cwd: sub })).toMatchObject({
      notebookPath: join(root, "top.ipynb"),
      boundBy: "JPY_SESSION_NAME",
    });
  });

  it("falls through to DISCERNUS_NOTEBOOK when JPY_SESSION_NAME is not a notebook or not found", () => {
    for (const session of ["Console 1", "4c7d0a1e-2b9f-4c1e-9a77-1f0e2d3c4b5a", "sub/gone.ipynb"]) {
      expect(
        findNotebook({ env: { JPY_SESSION_NAME: session, DISCERNUS_NOTEBOOK: "../top.ipynb" }, cwd: sub }),
      ).toEqual({
        notebookPath: join(root, "top.ipynb"),
        ledgerPath: join(root, "top.provenance.jsonl"),
        boundBy: "DISCERNUS_NOTEBOOK",
      });
    }
  });

  it("refuses a DISCERNUS_NOTEBOOK that names no file", () => {
    expect(() => findNotebook({ env: { DISCERNUS_NOTEBOOK: "gone.ipynb" }, cwd: sub })).toThrow(
      /gone\.ipynb: no such notebook; DISCERNUS_NOTEBOOK names no file/,
    );
  });

  it("names the ledger for the folder when nothing binds it, with a warning that says how to bind it", () => {
    const found = findNotebook({ env: {}, cwd: sub });
    expect(found).toMatchObject({
      notebookPath: join(sub, "sub.ipynb"),
      ledgerPath: join(sub, "sub.provenance.jsonl"),
      boundBy: "cwd",
    });
    expect(found.warning).toContain(join(sub, "sub.provenance.jsonl"));
    expect(found.warning).toContain('session({ notebook: "study.ipynb" })');
    expect(found.warning).toContain("discernus run");

    const console = findNotebook({ env: { JPY_SESSION_NAME: "Console 1" }, cwd: sub });
    expect(console.boundBy).toBe("cwd");
    expect(console.warning).toContain('JPY_SESSION_NAME is "Console 1", which is not a notebook path');
  });
});
