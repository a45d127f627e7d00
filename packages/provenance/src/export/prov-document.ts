/**
 * The shape of a PROV-JSON document (https://www.w3.org/submissions/prov-json/) and the names the
 * ledger's export gives its parts.
 */

/** Our namespace: a URN, since the ids it qualifies (calls, cache keys) are not web resources. */
export const DISCERNUS_PROV_NAMESPACE = "urn:discernus:provenance:";

/**
 * Unprefixed attribute names fall in PROV-JSON's `default` namespace, set to the OpenTelemetry
 * attribute registry: `gen_ai.request.model` keeps its exact OpenTelemetry name and still expands
 * to an IRI.
 */
export const OTEL_ATTRIBUTE_REGISTRY = "https://opentelemetry.io/docs/specs/semconv/registry/attributes/#";

/** A PROV-JSON value (https://www.w3.org/submissions/prov-json/ section 3.3): a literal, typed or not. */
export type ProvLiteral = string | number | boolean | { $: string; type: string };
export type ProvAttributes = Record<string, ProvLiteral | ProvLiteral[]>;

export interface ProvDocument {
  prefix: Record<string, string>;
  entity?: Record<string, ProvAttributes>;
  activity?: Record<string, ProvAttributes>;
  agent?: Record<string, ProvAttributes>;
  used?: Record<string, ProvAttributes>;
  wasGeneratedBy?: Record<string, ProvAttributes>;
  wasAssociatedWith?: Record<string, ProvAttributes>;
  wasDerivedFrom?: Record<string, ProvAttributes>;
  wasInformedBy?: Record<string, ProvAttributes>;
}

export const provQualifiedName = (name: string): ProvLiteral => ({ $: name, type: "prov:QUALIFIED_NAME" });
export const provDecimal = (value: string): ProvLiteral => ({ $: value, type: "xsd:decimal" });

/**
 * A PROV-N local name allows letters, digits and `_-.:/@~`; anything else in an id (a space in a
 * notebook name) is percent-encoded, which PROV-N also allows.
 */
function local(text: string): string {
  return Array.from(text, (ch) =>
    /[A-Za-z0-9_\-.:/@~]/.test(ch)
      ? ch
      : Array.from(Buffer.from(ch, "utf8"), (b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(
          "",
        ),
  )
    .join("")
    .replace(/\.$/, "%2E");
}

/** The ids of the document's entities, activities and agents: all from the ledger's own names. */
export const provId = {
  request: (cacheKey: string) => `discernus:request/${local(cacheKey)}`,
  response: (call: string) => `discernus:response/${local(call)}`,
  call: (call: string) => `discernus:call/${local(call)}`,
  model: (model: string) => `discernus:model/${local(model)}`,
  software: (name: string, version: string) => `discernus:software/${local(name)}/${local(version)}`,
  session: (seq: number) => `discernus:session/${seq}`,
  run: (run: string) => `discernus:run/${local(run)}`,
  result: (run: string) => `discernus:result/${local(run)}`,
};
