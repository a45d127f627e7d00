import { writeFileSync } from "node:fs";
import { exportOtlp, exportProvJson, langfuseOtlpTarget, verifyLedger } from "@discernus/provenance";
import { ledgerInput, UsageError } from "./ledger-input.js";

export interface ExportOptions {
  prov?: string;
  otlp?: string;
  langfuse?: string;
  includeContent: boolean;
}

/**
 * `discernus export <notebook|ledger> --prov out.json | --otlp <url> | --langfuse <base url>`.
 * Langfuse keys come from LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY, never from arguments
 * (arguments land in shell history).
 */
export async function exportLedger(path: string | undefined, options: ExportOptions): Promise<number> {
  if (!options.prov && !options.otlp && !options.langfuse)
    throw new UsageError(
      "discernus export: say where to: --prov <file.json>, --otlp <collector url>, or --langfuse <base url>.",
    );
  const input = await ledgerInput(path, "export");
  try {
    const verified = await verifyLedger(input.ledgerPath);
    if (verified.status !== "verified") {
      console.error(
        `discernus export: ${input.source} does not verify (${verified.problem?.problem ?? verified.status}); nothing was exported.`,
      );
      return 1;
    }
    if (options.prov) {
      writeFileSync(options.prov, await exportProvJson(input.ledgerPath));
      console.log(`${options.prov}: W3C PROV-JSON of ${verified.records} records`);
    }
    if (options.otlp) {
      const { spans } = await exportOtlp(input.ledgerPath, {
        url: options.otlp,
        includeContent: options.includeContent,
      });
      console.log(`${options.otlp}: ${spans} spans sent`);
    }
    if (options.langfuse) {
      const publicKey = process.env.LANGFUSE_PUBLIC_KEY;
      const secretKey = process.env.LANGFUSE_SECRET_KEY;
      if (!publicKey || !secretKey)
        throw new UsageError(
          "discernus export --langfuse: set LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY in the environment.",
        );
      const target = langfuseOtlpTarget({ baseUrl: options.langfuse, publicKey, secretKey });
      const { spans } = await exportOtlp(input.ledgerPath, {
        ...target,
        includeContent: options.includeContent,
      });
      console.log(`${target.url}: ${spans} spans sent`);
    }
    return 0;
  } finally {
    input.dispose();
  }
}
