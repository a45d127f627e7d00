import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { LabError } from "./lab-error.js";

/** Where the built JupyterLab app, its server and our prebuilt labextension are. */
export interface LabArtefacts {
  /** extension/app: the @discernus/lab-app workspace. */
  appDir: string;
  /** The Python module that serves the app (run with Debian's /usr/bin/python3). */
  serverScript: string;
  /** The core app's entry; present once `npm run build` has built the app. */
  bundle: string;
  /** extension/labextension: @discernus/jupyterlab built by build-labextension. */
  labextensionDir: string;
}

const packageDir = (name: string): string =>
  dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));

/**
 * The monorepo's lab artefacts, found through the workspace packages. DISCERNUS_LAB_APP_DIR and
 * DISCERNUS_LABEXTENSION_DIR point elsewhere (a test's fake labextension, another build).
 */
export function labArtefacts(env: NodeJS.ProcessEnv = process.env): LabArtefacts {
  const appDir = resolve(env.DISCERNUS_LAB_APP_DIR || packageDir("@discernus/lab-app"));
  const labextensionDir = resolve(
    env.DISCERNUS_LABEXTENSION_DIR || join(packageDir("@discernus/jupyterlab"), "labextension"),
  );
  return {
    appDir,
    serverScript: join(appDir, "server", "discernus_lab.py"),
    bundle: join(appDir, "dist", "static", "bundle.js"),
    labextensionDir,
  };
}

/** Refuses to go on without the built core app, and says how to build it. */
export function assertLabBuilt(artefacts: LabArtefacts): void {
  if (!existsSync(artefacts.bundle))
    throw new LabError(
      "lab_not_built",
      `the JupyterLab app is not built (${artefacts.bundle} is missing). Build it with: npm run build`,
    );
}

/** The labextension's package.json once build-labextension has built it (it adds jupyterlab._build). */
export function builtLabextension(dir: string): { name: string; version: string } | undefined {
  const manifestPath = join(dir, "package.json");
  if (!existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    name?: string;
    version?: string;
    jupyterlab?: { _build?: { load?: string } };
  };
  if (!manifest.name || !manifest.jupyterlab?._build?.load) return undefined;
  return { name: manifest.name, version: manifest.version ?? "0.0.0" };
}
