import { createRequire } from "node:module";
import { htmlWithoutMath } from "./html-without-math.js";

/** One Jupyter output: several representations of the same thing, and metadata (run id, digest). */
export interface OutputBundle {
  data: Record<string, string | object>;
  metadata?: Record<string, unknown>;
}

/** tslab's hook for sending a display_data (or update_display_data) message with metadata. */
export type WriteDisplayData = (
  content: {
    data: Record<string, unknown>;
    metadata: Record<string, unknown>;
    transient: { display_id?: string };
  },
  update: boolean,
) => void;

/**
 * tslab's public `display` sends one MIME type per output and no metadata; a shared notebook needs
 * both (a vega-lite chart with an HTML fallback for GitHub, the run id in the metadata). So this
 * uses the kernel's own display-data writer, from the tslab install the kernel runs (the same
 * module instance, resolved from here), and says so when no kernel is there.
 */
function kernelWriter(): WriteDisplayData | undefined {
  try {
    const require = createRequire(import.meta.url);
    const jupyter = require("tslab/dist/jupyter.js") as { lastWriteDisplayData: WriteDisplayData | null };
    return jupyter.lastWriteDisplayData ?? undefined;
  } catch {
    return undefined;
  }
}

export interface KernelDisplay {
  /** True inside a tslab kernel; outside (a script, a test) outputs go to `fallback`. */
  readonly inKernel: boolean;
  show(bundle: OutputBundle): void;
  /** An output updated in place: the first call shows it, later calls replace it. */
  live(): { update(bundle: OutputBundle): void };
}

let displayIds = 0;

export function kernelDisplay(fallback: (bundle: OutputBundle) => void = printText): KernelDisplay {
  const send = (given: OutputBundle, displayId?: string, update = false) => {
    const html = given.data["text/html"];
    const bundle =
      typeof html === "string"
        ? { ...given, data: { ...given.data, "text/html": htmlWithoutMath(html) } }
        : given;
    // Looked up on every output: tslab replaces the writer for each cell it runs, and a session
    // made in one cell displays in later ones.
    const write = kernelWriter();
    if (!write) return fallback(bundle);
    write(
      {
        data: bundle.data,
        metadata: bundle.metadata ?? {},
        transient: displayId ? { display_id: displayId } : {},
      },
      update,
    );
  };
  return {
    get inKernel() {
      return kernelWriter() !== undefined;
    },
    show: (bundle) => send(bundle),
    live() {
      const id = `discernus-${process.pid}-${++displayIds}`;
      let shown = false;
      return {
        update(bundle) {
          send(bundle, id, shown);
          shown = true;
        },
      };
    },
  };
}

function printText(bundle: OutputBundle): void {
  const text = bundle.data["text/plain"];
  if (typeof text === "string") console.log(text);
}
