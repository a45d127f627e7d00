import { frameworkHash, loadFramework } from "@discernus/analysis";
import { DiscernusError } from "@discernus/gateway";
import { writeRoCrate } from "@discernus/provenance";
import { UsageError } from "./ledger-input.js";

export interface CrateOptions {
  out?: string;
  license?: string;
  frameworks: string[];
  /** Where the texts are; the texts themselves never go into the crate. */
  corpus?: { name: string; identifier?: string };
  force: boolean;
  json: boolean;
}

/**
 * `discernus crate <notebook>`: an RO-Crate (Process Run Crate) for a journal's data repository.
 * A ledger that does not verify, or a crate file already there, ends in a DiscernusError that
 * bin.ts prints with exit 1.
 */
export async function crate(path: string | undefined, options: CrateOptions): Promise<number> {
  if (path === undefined || !/\.ipynb$/i.test(path))
    throw new UsageError(
      "discernus crate: name the study's notebook (.ipynb); its ledger must be beside it.",
    );
  // Loaded as analyze() loads them, so a file ties to the runs that used it whatever its form
  // (a framework.md, defaults left out); one that does not load is shipped untied, and said so.
  const frameworkFiles = await Promise.all(
    options.frameworks.map(async (file) => {
      try {
        return { path: file, frameworkHash: frameworkHash(await loadFramework(file)) };
      } catch (err) {
        if (!(err instanceof DiscernusError)) throw err;
        console.error(`discernus crate: ${file} is shipped but tied to no run: ${err.message}`);
        return file;
      }
    }),
  );
  const written = await writeRoCrate(path, {
    ...(options.out !== undefined ? { out: options.out } : {}),
    ...(options.license !== undefined ? { license: options.license } : {}),
    ...(frameworkFiles.length > 0 ? { frameworkFiles } : {}),
    ...(options.corpus !== undefined ? { corpus: options.corpus } : {}),
    force: options.force,
  });
  if (options.json) {
    console.log(JSON.stringify({ path: written.path, copied: written.copied, metadata: written.metadata }));
    return 0;
  }
  const graph = written.metadata["@graph"];
  const runs = graph.filter((e) => e["@type"] === "CreateAction").length;
  const files = graph.filter((e) => e["@type"] === "File").length;
  console.log(`${written.path}: RO-Crate 1.1 (Process Run Crate) of ${files} file(s) and ${runs} run(s)`);
  for (const copy of written.copied) console.log(`  copied ${copy}`);
  return 0;
}
