/**
 * One value of the page config the server writes into the page (`#jupyter-config-data`), read
 * before any shared package is loaded: @jupyterlab/coreutils' PageConfig may only be imported once
 * the federated extensions have joined the share scope.
 */
let configData: Record<string, unknown> | undefined;

export function pageOption(name: string): unknown {
  if (configData === undefined) {
    const element = document.getElementById("jupyter-config-data");
    configData = element ? (JSON.parse(element.textContent || "{}") as Record<string, unknown>) : {};
  }
  return configData[name];
}
