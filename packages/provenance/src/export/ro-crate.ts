import type { CrateLedgerFacts } from "./crate-ledger-facts.js";

/** RO-Crate 1.1 (https://www.researchobject.org/ro-crate/1.1/) and its Process Run Crate profile. */
export const RO_CRATE_CONTEXT = "https://w3id.org/ro/crate/1.1/context";
export const RO_CRATE_SPEC = "https://w3id.org/ro/crate/1.1";
export const PROCESS_RUN_CRATE_PROFILE = "https://w3id.org/ro/wfrun/process/0.5";
export const RO_CRATE_METADATA_FILE = "ro-crate-metadata.json";
export const DEFAULT_CRATE_LICENSE = "https://spdx.org/licenses/CC-BY-4.0";

/** A file of the crate, named relative to the crate's folder. */
export interface CrateFileFacts {
  name: string;
  sha256: string;
  /** Bytes. */
  contentSize: number;
}

export interface RoCrateInput {
  notebook: CrateFileFacts;
  ledger: CrateFileFacts & {
    records: number;
    /** sha256 of the ledger's last line: the chain's head. */
    head: string;
    /** verifyLedger's status; writeRoCrate only writes a crate for "verified". */
    status: string;
  };
  facts: CrateLedgerFacts;
  /** Framework files shipped with the crate; `frameworkHash` ties one to the runs that used it. */
  frameworkFiles?: (CrateFileFacts & { frameworkHash?: string })[];
  /** The texts are never in the crate: only this reference to where they are. */
  corpus?: { name: string; identifier?: string; description?: string };
  /** ISO 8601. */
  datePublished: string;
  license?: string;
  name?: string;
  description?: string;
}

export type JsonLdEntity = { "@id": string; "@type": string | string[] } & Record<string, unknown>;

export interface RoCrateMetadata {
  "@context": string;
  "@graph": JsonLdEntity[];
}

const ref = (id: string) => ({ "@id": id });
/** A fragment id from free text (tool and model names hold slashes and at-signs). */
const slug = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, "-");

/**
 * The ro-crate-metadata.json of a notebook and its ledger (pure). Every `@id` a reference points at
 * is an entity of the graph, so a repository's validator (e.g. roc-validator) finds no dangling link.
 */
export function roCrateMetadata(input: RoCrateInput): RoCrateMetadata {
  const { notebook, ledger, facts } = input;
  const license = input.license ?? DEFAULT_CRATE_LICENSE;
  const graph: JsonLdEntity[] = [];
  const software = softwareEntities(facts.tools);
  const frameworks = frameworkEntities(input);
  const models = modelEntities(facts);
  const corpus = corpusEntity(input);
  const actions = facts.runs.map((run) => {
    const id = `#run-${slug(run.run)}`;
    const entities: JsonLdEntity[] = [];
    const framework = run.framework === undefined ? [] : [ref(`#framework-${run.framework}`)];
    const action: JsonLdEntity = {
      "@id": id,
      "@type": "CreateAction",
      name:
        run.kind === "drift" ? `drift check ${run.run} of run ${run.of ?? "?"}` : `analyze() run ${run.run}`,
      description: runDescription(run),
      ...(run.startTime ? { startTime: run.startTime } : {}),
      endTime: run.endTime,
      actionStatus: ref("http://schema.org/CompletedActionStatus"),
      instrument: [
        ...software.map((s) => ref(s["@id"])),
        ...run.models.map((m) => ref(modelId(m))),
        ...framework,
      ],
      object: [ref(corpus["@id"]), ...framework],
      result: [ref(notebook.name), ref(ledger.name)],
    };
    if (run.digest !== undefined) {
      const digestId = `${id}-digest`;
      action.identifier = ref(digestId);
      entities.push({
        "@id": digestId,
        "@type": "PropertyValue",
        name: "result digest",
        propertyID: "sha256 of the run's canonical result table",
        value: run.digest,
      });
    }
    return [action, ...entities];
  });
  const files = [
    {
      "@id": notebook.name,
      "@type": "File",
      name: notebook.name,
      description: "The Jupyter notebook of the study.",
      encodingFormat: "application/x-ipynb+json",
      contentSize: String(notebook.contentSize),
      sha256: notebook.sha256,
    },
    {
      "@id": ledger.name,
      "@type": "File",
      name: ledger.name,
      description:
        `The notebook's hash-chained provenance ledger (JSON Lines): ${ledger.records} records, ` +
        `chain head ${ledger.head}, ${ledger.status} when the crate was written.`,
      encodingFormat: "application/jsonl",
      contentSize: String(ledger.contentSize),
      sha256: ledger.sha256,
      identifier: ref("#ledger-head"),
    },
    ...(input.frameworkFiles ?? []).map((file) => ({
      "@id": file.name,
      "@type": "File",
      name: file.name,
      description: "A coding framework file.",
      encodingFormat: "application/json",
      contentSize: String(file.contentSize),
      sha256: file.sha256,
      ...(file.frameworkHash ? { about: ref(`#framework-${file.frameworkHash}`) } : {}),
    })),
  ];
  graph.push(
    {
      "@id": RO_CRATE_METADATA_FILE,
      "@type": "CreativeWork",
      conformsTo: [ref(RO_CRATE_SPEC), ref(PROCESS_RUN_CRATE_PROFILE)],
      about: ref("./"),
    },
    {
      "@id": "./",
      "@type": "Dataset",
      name: input.name ?? notebook.name.replace(/\.ipynb$/i, ""),
      description:
        input.description ??
        `A Discernus study: the notebook ${notebook.name}, its provenance ledger, and what the analysis used.`,
      datePublished: input.datePublished,
      license: ref(license),
      conformsTo: ref(PROCESS_RUN_CRATE_PROFILE),
      hasPart: files.map((f) => ref(f["@id"])),
      mentions: actions.map(([action]) => ref(action!["@id"])),
    },
    ...files,
    {
      "@id": "#ledger-head",
      "@type": "PropertyValue",
      name: "ledger chain head",
      propertyID: "sha256 of the ledger's last line",
      value: ledger.head,
    },
    ...actions.flat(),
    corpus,
    ...frameworks,
    ...software,
    ...models,
    {
      "@id": PROCESS_RUN_CRATE_PROFILE,
      "@type": "CreativeWork",
      name: "Process Run Crate",
      version: "0.5",
    },
    { "@id": license, "@type": "CreativeWork", name: license.replace(/^.*\//, "") },
  );
  return { "@context": RO_CRATE_CONTEXT, "@graph": graph };
}

function runDescription(run: CrateLedgerFacts["runs"][number]): string {
  const parts = [`${run.models.length} model(s)`];
  if (run.items !== undefined) parts.push(`${run.items} item(s)`);
  if (run.totals)
    parts.push(
      `${run.totals.calls} call(s), ${run.totals.cacheHits} cache hit(s), ${run.totals.failed} failed, ` +
        // Nano-USD are integers in the ledger; the description is for people, so dollars.
        `cost USD ${(run.totals.costNanoUsd / 1e9).toFixed(6)}`,
    );
  return parts.join("; ");
}

/** One entity per tool and version: two sessions on different versions are both named. */
function softwareEntities(tools: Record<string, string>[]): JsonLdEntity[] {
  const byId = new Map<string, JsonLdEntity>();
  for (const set of tools)
    for (const [name, version] of Object.entries(set)) {
      const id = `#software-${slug(name)}-${slug(version)}`;
      byId.set(id, { "@id": id, "@type": "SoftwareApplication", name, softwareVersion: version, version });
    }
  return [...byId.values()];
}

const modelId = (model: string) => `#model-${slug(model)}`;

function modelEntities(facts: CrateLedgerFacts): JsonLdEntity[] {
  const names = [...new Set(facts.runs.flatMap((r) => r.models))];
  return names.map((name) => ({
    "@id": modelId(name),
    "@type": "SoftwareApplication",
    name,
    description: "A language model, as <provider>/<model>, called through the Discernus gateway.",
  }));
}

function frameworkEntities(input: RoCrateInput): JsonLdEntity[] {
  const hashes = new Set(input.facts.runs.flatMap((r) => (r.framework === undefined ? [] : [r.framework])));
  return [...hashes].map((hash) => {
    const files = (input.frameworkFiles ?? []).filter((f) => f.frameworkHash === hash);
    return {
      "@id": `#framework-${hash}`,
      "@type": "CreativeWork",
      name: `Coding framework ${hash.slice(0, 12)}`,
      description: "The framework the runs coded the corpus with, named by the sha256 of its canonical JSON.",
      identifier: hash,
      ...(files.length > 0 ? { subjectOf: files.map((f) => ref(f.name)) } : {}),
    };
  });
}

function corpusEntity(input: RoCrateInput): JsonLdEntity {
  const runs = input.facts.runs;
  const counted = runs.filter((r) => r.items !== undefined);
  const items = counted.map((r) => `${r.items} in run ${r.run}`).join(", ");
  return {
    "@id": "#corpus",
    "@type": "CreativeWork",
    name: input.corpus?.name ?? "Corpus",
    description:
      input.corpus?.description ??
      `The texts the study analysed${items ? ` (${items})` : ""}; runs ${runs.map((r) => r.run).join(", ") || "none"}. ` +
        "The texts are not part of this crate.",
    ...(input.corpus?.identifier ? { identifier: input.corpus.identifier } : {}),
  };
}
