import type { JupyterFrontEnd, JupyterFrontEndPlugin } from "@jupyterlab/application";
import {
  IContentsManager,
  IEventManager,
  IKernelManager,
  IKernelSpecManager,
  INbConvertManager,
  IServerSettings,
  IServiceManager,
  ISessionManager,
  ISettingManager,
  IUserManager,
  IWorkspaceManager,
  type ServiceManager,
} from "@jupyterlab/services";
import type { Token } from "@lumino/coreutils";

function provide<T>(
  token: Token<T>,
  pick: (services: ServiceManager.IManager) => T,
): JupyterFrontEndPlugin<T> {
  return {
    id: `@discernus/lab-app:${token.name.split(":").pop() ?? token.name}`,
    description: `Provides ${token.name} from the application's service manager.`,
    autoStart: true,
    provides: token,
    activate: (app: JupyterFrontEnd) => pick(app.serviceManager),
  };
}

/**
 * The service tokens JupyterLab's @jupyterlab/services-extension provides (not part of this build),
 * served from the one ServiceManager the application creates: prebuilt extensions that require
 * IKernelManager, ISessionManager... activate here as they do in JupyterLab.
 */
export const servicePlugins: JupyterFrontEndPlugin<unknown>[] = [
  provide(IServiceManager, (services) => services),
  provide(IServerSettings, (services) => services.serverSettings),
  provide(IContentsManager, (services) => services.contents),
  provide(IEventManager, (services) => services.events),
  provide(IKernelManager, (services) => services.kernels),
  provide(IKernelSpecManager, (services) => services.kernelspecs),
  provide(INbConvertManager, (services) => services.nbconvert),
  provide(ISessionManager, (services) => services.sessions),
  provide(ISettingManager, (services) => services.settings),
  provide(IUserManager, (services) => services.user),
  provide(IWorkspaceManager, (services) => services.workspaces),
] as JupyterFrontEndPlugin<unknown>[];
