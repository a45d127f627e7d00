/** A prebuilt labextension as jupyterlab_server lists it in the page config (`federated_extensions`). */
export interface FederatedExtension {
  name: string;
  /** The remote entry, relative to the extension's folder: `static/remoteEntry.<hash>.js`. */
  load: string;
  extension?: string;
  mimeExtension?: string;
  style?: string;
}

/** A module federation container, as webpack's ModuleFederationPlugin builds one per extension. */
interface Container {
  init(shareScope: unknown): Promise<void> | void;
  get(module: string): Promise<() => unknown>;
}

declare global {
  interface Window {
    _JUPYTERLAB: Record<string, Container | undefined>;
  }
}

// Webpack's module federation runtime: see https://webpack.js.org/concepts/module-federation/
declare const __webpack_init_sharing__: (scope: string) => Promise<void>;
declare const __webpack_share_scopes__: { default: unknown };

function loadScript(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.onerror = () => reject(new Error(`could not load ${url}`));
    script.onload = () => resolve();
    script.async = true;
    document.head.appendChild(script);
    script.src = url;
  });
}

/**
 * Loads every extension's remote entry and lets it join the default share scope, before the core
 * imports any shared package: webpack then picks one version of each shared module among the
 * core and all extensions. An extension that fails to load is reported and left out.
 */
export async function loadFederatedExtensions(
  extensions: readonly FederatedExtension[],
  labextensionsUrl: string,
): Promise<void> {
  const loaded = await Promise.allSettled(
    extensions.map(async ({ name, load }) => {
      await loadScript(`${labextensionsUrl}/${name}/${load}`);
      await __webpack_init_sharing__("default");
      const container = window._JUPYTERLAB[name];
      if (!container)
        throw new Error(`${name}: its remote entry defines no container _JUPYTERLAB["${name}"]`);
      await container.init(__webpack_share_scopes__.default);
    }),
  );
  for (const result of loaded) if (result.status === "rejected") console.error(result.reason);
}

/** One exposed module of a loaded extension (`./extension`, `./mimeExtension`, `./style`). */
export async function federatedModule(scope: string, module: string): Promise<unknown> {
  const container = window._JUPYTERLAB[scope];
  if (!container) throw new Error(`${scope}: not loaded, so ${module} cannot be imported`);
  const factory = await container.get(module);
  return factory();
}
