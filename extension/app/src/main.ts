import { JupyterLab } from "@jupyterlab/application";
import { PageConfig } from "@jupyterlab/coreutils";
import { extensions, loadStyles, mimeExtensions } from "discernus-lab-extensions";
import { federatedModule, type FederatedExtension } from "./federated-extensions.js";
import { PluginSelection } from "./plugin-selection.js";
import { servicePlugins } from "./service-plugins.js";

type Module = { name: string; load: () => Promise<unknown> };

/** Loads modules in parallel; one that fails is reported and the others still start. */
async function loadAll(modules: Module[]): Promise<{ name: string; module: unknown }[]> {
  const settled = await Promise.allSettled(modules.map((m) => m.load()));
  const loaded: { name: string; module: unknown }[] = [];
  settled.forEach((result, i) => {
    const name = modules[i]?.name ?? "?";
    if (result.status === "fulfilled") loaded.push({ name, module: result.value });
    else console.error(`${name} did not load:`, result.reason);
  });
  return loaded;
}

/**
 * Starts JupyterLab with the core's extensions and the prebuilt (federated) ones. A prebuilt
 * extension with the name of a core one replaces it, as in JupyterLab.
 */
export async function main(federated: readonly FederatedExtension[]): Promise<void> {
  const replaced = new Set(federated.filter((e) => e.extension || e.mimeExtension).map((e) => e.name));
  const core = (table: Record<string, () => Promise<unknown>>): Module[] =>
    Object.entries(table)
      .filter(([name]) => !replaced.has(name))
      .map(([name, load]) => ({ name, load }));
  const remote = (key: "extension" | "mimeExtension"): Module[] =>
    federated.flatMap((e) => {
      const exposed = e[key];
      return exposed ? [{ name: e.name, load: () => federatedModule(e.name, exposed) }] : [];
    });
  const styles: Module[] = [
    { name: "core styles", load: loadStyles },
    ...federated.flatMap((e) => {
      const style = e.style;
      return style && !PageConfig.Extension.isDisabled(e.name)
        ? [{ name: `${e.name} style`, load: () => federatedModule(e.name, style) }]
        : [];
    }),
  ];

  const [mimeModules, pluginModules] = await Promise.all([
    loadAll([...core(mimeExtensions), ...remote("mimeExtension")]),
    loadAll([...core(extensions), ...remote("extension")]),
    loadAll(styles),
  ]);

  const selection = new PluginSelection();
  const mimePlugins = mimeModules.flatMap(({ name, module }) => selection.active(module, name));
  const plugins = pluginModules.flatMap(({ name, module }) => selection.active(module, name));

  const lab = new JupyterLab({
    // The mime extensions themselves, as JupyterLab's own index passes them: a value without
    // __esModule is read as an extension, not as a module (createRendermimePlugins).
    mimeExtensions: mimePlugins as unknown as JupyterLab.IOptions["mimeExtensions"],
    disabled: { matches: selection.disabled, patterns: PageConfig.Extension.disabled },
    deferred: { matches: selection.deferred, patterns: PageConfig.Extension.deferred },
    availablePlugins: selection.available,
  });
  lab.registerPlugins([...servicePlugins, ...plugins]);
  await lab.start({ ignorePlugins: selection.deferred, bubblingKeydown: true });
}
