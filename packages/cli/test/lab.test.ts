import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { builtLabextension, labArtefacts } from "../src/commands/lab-artefacts.js";
import { startLab, type LabServer } from "../src/index.js";

const OUR_EXTENSION = "@discernus/jupyterlab";
const artefacts = labArtefacts();
// The labextension is built by `npm run build` (extension/); until then only the assertion that
// the page lists it is skipped, with a note.
const labextensionBuilt = builtLabextension(artefacts.labextensionDir) !== undefined;
const resolutions = (
  JSON.parse(readFileSync(join(artefacts.appDir, "package.json"), "utf8")) as {
    resolutions: Record<string, string>;
  }
).resolutions;

let lab: LabServer;
let root: string;

/** A one-cell TypeScript notebook, the kind the lab opens. */
const notebook = {
  cells: [
    { cell_type: "code", execution_count: null, id: "c1", metadata: {}, outputs: [], source: ["1 + 1"] },
  ],
  metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
  nbformat: 4,
  nbformat_minor: 5,
};

const api = (path: string, init: RequestInit = {}) =>
  fetch(new URL(path, lab.baseUrl), {
    ...init,
    headers: { Authorization: `token ${lab.token}`, ...(init.headers as Record<string, string>) },
    redirect: "manual",
  });

/** The page config the server wrote into the page. */
function pageConfig(html: string): Record<string, unknown> {
  const match = /<script id="jupyter-config-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error("the page has no #jupyter-config-data");
  return JSON.parse(match[1]) as Record<string, unknown>;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "discernus-lab-test-"));
  writeFileSync(join(root, "study.ipynb"), JSON.stringify(notebook));
  lab = await startLab({ root });
}, 90_000);

afterAll(async () => {
  await lab?.stop();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe("startLab", () => {
  it("listens on 127.0.0.1 with a token, and gives the URL that opens the lab", () => {
    expect(lab.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(lab.token).toMatch(/^[0-9a-f]{48}$/);
    expect(lab.url).toBe(`${lab.baseUrl}lab?token=${lab.token}`);
  });

  it("serves JupyterLab's page at /lab, listing the prebuilt Discernus extension", async () => {
    const response = await fetch(lab.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const config = pageConfig(await response.text());
    expect(config).toMatchObject({ appName: "Discernus Lab", baseUrl: "/", token: lab.token });
    expect(config.notFoundUrl).toBeUndefined();
    const federated = (config.federated_extensions as { name: string; load: string }[]).map((e) => e.name);
    if (labextensionBuilt) {
      expect(federated).toContain(OUR_EXTENSION);
      expect(lab.extensions).toEqual([OUR_EXTENSION]);
    } else {
      console.warn(
        `NOTE: ${artefacts.labextensionDir} is not built yet, so the page cannot list ${OUR_EXTENSION}; npm run build builds it.`,
      );
    }
  });

  it("refuses the page and the REST API without the token", async () => {
    const page = await fetch(new URL("lab", lab.baseUrl), { redirect: "manual" });
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toMatch(/\/login\?next=/);
    expect((await fetch(new URL("api/kernelspecs", lab.baseUrl))).status).toBe(403);
  });

  it("serves the core's JavaScript, which provides every shared package at its installed version", async () => {
    const config = pageConfig(await (await fetch(lab.url)).text());
    const bundle = await fetch(
      new URL(`${String(config.fullStaticUrl).replace(/^\//, "")}/bundle.js`, lab.baseUrl),
    );
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toMatch(/javascript/);
    const source = await bundle.text();
    // Module federation's share scope: what prebuilt extensions find when they load.
    for (const name of ["@jupyterlab/application", "@jupyterlab/services", "@lumino/widgets", "react"])
      expect(source).toContain(
        `register(${JSON.stringify(name)}, ${JSON.stringify(resolutions[name]?.replace(/^~/, ""))}`,
      );
  });

  it("serves the theme CSS and the core's settings schemas (no 'Error Loading Theme')", async () => {
    const theme = await api("lab/api/themes/@jupyterlab/theme-light-extension/index.css");
    expect(theme.status).toBe(200);
    expect(await theme.text()).toMatch(/--jp-layout-color0/);
    const tracker = await api("lab/api/settings/@jupyterlab/notebook-extension:tracker");
    expect(tracker.status).toBe(200);
    expect(((await tracker.json()) as { schema: { title: string } }).schema.title).toBe("Notebook");
  });

  it("lists every settings schema, the prebuilt extensions' included (the page needs them all)", async () => {
    // jupyterlab_server 2.16 checks each schema against JSON Schema draft 4 and answers 500 for
    // all settings if one fails: JupyterLab then starts without any.
    const response = await api("lab/api/settings/");
    const body = (await response.json()) as { settings?: { id: string }[]; message?: string };
    expect(body.message).toBeUndefined();
    expect(response.status).toBe(200);
    const ids = (body.settings ?? []).map((s) => s.id);
    expect(ids).toContain("@jupyterlab/notebook-extension:tracker");
  });

  it("answers GET /api/me with an identity, as jupyter_server 2 does", async () => {
    const response = await api("api/me");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ identity: { username: "anonymous" }, permissions: {} });
  });

  it("offers this repository's tslab as the default kernel", async () => {
    const specs = (await (await api("api/kernelspecs")).json()) as {
      default: string;
      kernelspecs: Record<string, { spec: { argv: string[]; language: string } }>;
    };
    expect(specs.default).toBe("tslab");
    expect(specs.kernelspecs.tslab?.spec.language).toBe("typescript");
    expect(specs.kernelspecs.tslab?.spec.argv.join(" ")).toContain("node_modules/tslab");
  });

  it("lists the notebooks of its root", async () => {
    const listing = (await (await api("api/contents/")).json()) as { content: { name: string }[] };
    expect(listing.content.map((c) => c.name)).toEqual(["study.ipynb"]);
  });

  // Last: it stops the server the other tests use.
  it("stop() shuts the server down with the kernels it started", async () => {
    const started = await api("api/kernels", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "tslab" }),
    });
    const { id } = (await started.json()) as { id: string };
    const running = () =>
      spawnSync("ps", ["-eo", "args"], { encoding: "utf8" })
        .stdout.split("\n")
        .filter((line) => line.includes(`kernel-${id}.json`));
    await vi.waitFor(() => expect(running()).not.toEqual([]), { timeout: 20_000 });
    await lab.stop();
    expect(running()).toEqual([]);
    expect(await lab.exited).toBe(0);
    await expect(fetch(lab.url)).rejects.toThrow();
  }, 60_000);
});
