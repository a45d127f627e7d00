import type { JupyterFrontEndPlugin, JupyterLab } from "@jupyterlab/application";
import { PageConfig } from "@jupyterlab/coreutils";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- plugins of any service type
type AnyPlugin = JupyterFrontEndPlugin<any, any, any>;

/** An extension module's plugins: its default export (one plugin or a list), or CommonJS exports. */
function pluginsOf(module: unknown): AnyPlugin[] {
  const exported = (module as { default?: unknown }).default ?? module;
  return (Array.isArray(exported) ? exported : [exported]) as AnyPlugin[];
}

/**
 * Which plugins of each extension module start, following the page config's disabledExtensions
 * and deferredExtensions (an id, or a whole extension's name before the ":"), and what the
 * JupyterLab object is told about all of them.
 */
export class PluginSelection {
  readonly disabled: string[] = [];
  readonly deferred: string[] = [];
  readonly available: JupyterLab.IPluginInfo[] = [];

  /** The plugins of `module` to register; deferred ones included, disabled ones left out. */
  active(module: unknown, extension: string): AnyPlugin[] {
    const active: AnyPlugin[] = [];
    for (const plugin of pluginsOf(module)) {
      const enabled = !PageConfig.Extension.isDisabled(plugin.id);
      this.available.push({
        id: plugin.id,
        description: plugin.description,
        autoStart: plugin.autoStart,
        requires: plugin.requires ?? [],
        optional: plugin.optional ?? [],
        provides: plugin.provides ?? null,
        extension,
        enabled,
      });
      if (!enabled) {
        this.disabled.push(plugin.id);
        continue;
      }
      if (PageConfig.Extension.isDeferred(plugin.id)) this.deferred.push(plugin.id);
      active.push(plugin);
    }
    return active;
  }
}
