// The entry point. Nothing here may import a shared package (@jupyterlab/*, @lumino/*, react...):
// those load only after every federated extension has joined the share scope.
import "./public-path.js";
import { loadFederatedExtensions, type FederatedExtension } from "./federated-extensions.js";
import { pageOption } from "./page-option.js";

void (async function bootstrap() {
  const federated = (pageOption("federated_extensions") ?? []) as FederatedExtension[];
  await loadFederatedExtensions(federated, String(pageOption("fullLabextensionsUrl") ?? ""));
  const { main } = await import("./main.js");
  const start = () => {
    main(federated).catch((error: unknown) => console.error("Discernus Lab did not start:", error));
  };
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start, { once: true });
})();
