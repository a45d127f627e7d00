"""The JupyterLab 4 app that `discernus lab` serves, on Debian's jupyter_server 1.x.

Run with Debian's Python (python3-jupyter-server, python3-jupyterlab-server):

    /usr/bin/python3 discernus_lab.py --root-dir DIR [--port N] [--port-retries N]
        [--state-dir DIR] [--labextension DIR] [--default-kernel NAME] [--stop-on-stdin-close]

It serves the core app built into ../dist (`npm run build -w extension/app`) at /lab, loads prebuilt
labextensions (ours from ../../labextension, then the user's and the system's), and listens on
127.0.0.1 only. The token comes from DISCERNUS_LAB_TOKEN, else a random one. When the server
listens, stdout gets one JSON line: {"event": "ready", "url": ".../lab?token=...", ...}; the
server's own log goes to stderr.
"""

import argparse
import atexit
import json
import os
import secrets
import shutil
import signal
import sys
import tempfile

# Configuration files (~/.jupyter, /etc/jupyter) must not change what this app serves or where it
# listens: everything it needs is set below. Set before jupyter_core reads it.
os.environ["JUPYTER_NO_CONFIG"] = "1"

from jupyter_core.paths import jupyter_config_dir  # noqa: E402
from jupyter_server.base.handlers import APIHandler, JupyterHandler  # noqa: E402
from jupyter_server.base.zmqhandlers import WebSocketMixin  # noqa: E402
from jupyter_server.services.sessions.sessionmanager import SessionManager  # noqa: E402
from jupyter_server.utils import ensure_async  # noqa: E402
from jupyterlab_server import LabServerApp  # noqa: E402
from tornado import web, websocket  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
APP_DIR = os.path.dirname(HERE)
DIST = os.path.join(APP_DIR, "dist")
OUR_EXTENSION = "@discernus/jupyterlab"
DEFAULT_LABEXTENSION = os.path.join(os.path.dirname(APP_DIR), "labextension")

# The "news" plugin asks jupyterlab's own server for /lab/api/news, which jupyterlab_server lacks,
# and would put a consent toast over the page: nothing to announce here.
DISABLED_PLUGINS = ["@jupyterlab/apputils-extension:announcements"]


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": DiscernusLab}]


class MeHandler(APIHandler):
    """GET /api/me: jupyter_server 2's identity endpoint, which JupyterLab 4 asks at start."""

    @web.authenticated
    def get(self):
        self.finish(
            json.dumps(
                {
                    "identity": {
                        "username": "anonymous",
                        "name": "Anonymous",
                        "display_name": "Anonymous",
                        "initials": "A",
                        "avatar_url": None,
                        "color": None,
                    },
                    "permissions": {},
                }
            )
        )


class EventsHandler(WebSocketMixin, websocket.WebSocketHandler, JupyterHandler):
    """The event bus websocket of jupyter_server 2: accepted and kept quiet, so the page does not
    retry it forever. jupyter_server 1.x emits no events. Built like 1.x's kernel websocket."""

    def set_default_headers(self):
        # JupyterHandler's headers (CSP, cache control) make no sense on a websocket upgrade.
        pass

    async def get(self, *args, **kwargs):
        if self.get_current_user() is None:
            raise web.HTTPError(403)
        await super().get(*args, **kwargs)

    def on_message(self, message):
        pass


class LspStatusHandler(APIHandler):
    """GET /lsp/status: jupyter-lsp's status, with no language servers (it is not installed), so
    the LSP plugins settle at once instead of logging a 404."""

    @web.authenticated
    def get(self):
        self.finish(json.dumps({"version": 2, "sessions": {}, "specs": {}}))


class NotebookSessionManager(SessionManager):
    """Tells a notebook's kernel which notebook it runs, as jupyter_server 2 does.

    JupyterLab starts a kernel under a placeholder path (a UUID beside the notebook, against a race
    in the server) and renames the session afterwards, so jupyter_server 1.x hands the kernel
    JPY_SESSION_NAME=<uuid>. The session's name is the notebook's file name: joined to the folder
    the kernel starts in, it is the notebook's absolute path, which is what kernel-helpers binds
    the ledger to.
    """

    async def start_kernel_for_session(self, session_id, path, name, type, kernel_name):
        kernel_path = await ensure_async(self.contents_manager.get_kernel_path(path=path))
        env = self.get_kernel_env(path)
        if type == "notebook" and name and name.endswith(".ipynb"):
            folder = os.path.join(self.contents_manager.root_dir, *filter(None, kernel_path.split("/")))
            env["JPY_SESSION_NAME"] = os.path.join(folder, name)
        return await self.kernel_manager.start_kernel(path=kernel_path, kernel_name=kernel_name, env=env)


class DiscernusLab(LabServerApp):
    # jupyter_server finds the extension point by this name; it must be the module's.
    name = __name__
    app_name = "Discernus Lab"
    load_other_extensions = False
    default_url = "/lab"
    static_dir = os.path.join(DIST, "static")
    schemas_dir = os.path.join(DIST, "schemas")
    themes_dir = os.path.join(DIST, "themes")
    templates_dir = os.path.join(APP_DIR, "templates")
    # Where an overrides.json would set defaults for settings (none yet). Left empty, jupyterlab_server
    # would read overrides.json from the current folder.
    app_settings_dir = os.path.join(APP_DIR, "settings")
    # main() fills these in from the command line before the server starts. Our extension's
    # folder goes in extra_labextensions_path, searched before the user's and the system's
    # labextensions: a copy installed earlier in the user's Jupyter does not shadow this build.
    serverapp_config = {}
    extra_labextensions_path = []

    def initialize_settings(self):
        super().initialize_settings()
        self.settings["page_config_hook"] = self._page_config_hook

    def initialize_handlers(self):
        self.handlers.append(("/api/me", MeHandler))
        self.handlers.append(("/api/events/subscribe", EventsHandler))
        self.handlers.append(("/lsp/status", LspStatusHandler))
        super().initialize_handlers()

    def _page_config_hook(self, handler, page_config):
        # NotFoundHandler writes notFoundUrl into the page config dict the server shares between
        # requests: once a /lab/<unknown> URL was seen, every later page would open on "Path Not
        # Found". NotFoundHandler sets it again after this hook for its own page.
        page_config.pop("notFoundUrl", None)
        page_config["baseUrl"] = handler.base_url
        page_config["wsUrl"] = handler.ws_url
        page_config["token"] = self.serverapp.token
        page_config["terminalsAvailable"] = False
        disabled = page_config.get("disabledExtensions") or []
        page_config["disabledExtensions"] = sorted(set(disabled) | set(DISABLED_PLUGINS))
        return page_config


def _parse_args(argv):
    parser = argparse.ArgumentParser(prog="discernus_lab.py", description=__doc__.split("\n")[0])
    parser.add_argument("--root-dir", required=True, help="the folder the lab shows")
    parser.add_argument("--port", type=int, default=8888, help="0 picks a free port")
    parser.add_argument("--port-retries", type=int, default=0, help="next ports to try if busy")
    parser.add_argument(
        "--state-dir",
        help="user settings and workspaces (default: a temporary folder removed on exit)",
    )
    parser.add_argument(
        "--labextension",
        default=os.environ.get("DISCERNUS_LABEXTENSION_DIR") or DEFAULT_LABEXTENSION,
        help="the built @discernus/jupyterlab labextension folder",
    )
    parser.add_argument("--default-kernel", help="the kernel new notebooks get, if installed")
    parser.add_argument(
        "--stop-on-stdin-close",
        action="store_true",
        help="stop (and shut down kernels) when stdin closes: the parent process is gone",
    )
    return parser.parse_args(argv)


def _extension_folder(labextension, scratch):
    """A labextensions folder holding only our extension, as jupyterlab_server expects it:
    <folder>/@discernus/jupyterlab/package.json."""
    if not os.path.isfile(os.path.join(labextension, "package.json")):
        print(
            "discernus lab: no prebuilt %s at %s; the lab starts without it "
            "(build it with: npm run build)" % (OUR_EXTENSION, labextension),
            file=sys.stderr,
        )
        return []
    folder = os.path.join(scratch, "labextensions")
    os.makedirs(os.path.join(folder, "@discernus"))
    os.symlink(os.path.abspath(labextension), os.path.join(folder, OUR_EXTENSION))
    return [folder]


def _listening_port(serverapp):
    """The port the server really listens on: jupyter_server 1.x keeps 0 when asked for 0."""
    if serverapp.port:
        return serverapp.port
    sockets = getattr(serverapp.http_server, "_sockets", {})
    for sock in sockets.values():
        return sock.getsockname()[1]
    return serverapp.port


def _stop_when_stdin_closes(serverapp):
    # Watched by the IO loop rather than a thread: a thread blocked reading stdin aborts Python's
    # shutdown ("could not acquire lock for <stdin>").
    fd = sys.stdin.fileno()
    os.set_blocking(fd, False)

    def on_readable(fd, _events):
        try:
            data = os.read(fd, 4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            serverapp.io_loop.remove_handler(fd)
            serverapp.stop()

    serverapp.io_loop.add_handler(fd, on_readable, serverapp.io_loop.READ)


def main(argv):
    args = _parse_args(argv)
    root_dir = os.path.abspath(args.root_dir)
    if not os.path.isdir(root_dir):
        print("discernus lab: %s is not a folder" % root_dir, file=sys.stderr)
        return 2
    if not os.path.isfile(os.path.join(DiscernusLab.static_dir, "bundle.js")):
        print(
            "discernus lab: the lab app is not built (%s has no bundle.js); "
            "build it with: npm run build" % DiscernusLab.static_dir,
            file=sys.stderr,
        )
        return 1

    scratch = tempfile.mkdtemp(prefix="discernus-lab-")
    clean_config = jupyter_config_dir()  # JUPYTER_NO_CONFIG makes it an empty temporary folder
    atexit.register(shutil.rmtree, scratch, True)
    atexit.register(shutil.rmtree, clean_config, True)
    # The server's info file (it holds the token), cookie secret and kernel connection files stay
    # in this run's folder, not in the user's Jupyter runtime folder.
    os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(scratch, "runtime")
    DiscernusLab.extra_labextensions_path = _extension_folder(args.labextension, scratch)

    state_dir = os.path.abspath(args.state_dir) if args.state_dir else os.path.join(scratch, "state")
    DiscernusLab.user_settings_dir = os.path.join(state_dir, "user-settings")
    DiscernusLab.workspaces_dir = os.path.join(state_dir, "workspaces")

    # Read once and removed from the environment, so kernels the server starts do not inherit it.
    token = os.environ.pop("DISCERNUS_LAB_TOKEN", "") or secrets.token_hex(24)
    DiscernusLab.serverapp_config = {
        "ip": "127.0.0.1",
        "port": args.port,
        "port_retries": args.port_retries,
        "token": token,
        "root_dir": root_dir,
        "open_browser": False,
        "allow_root": True,
        "terminals_enabled": False,
    }

    # Notebook trust (signatures and their key) stays with this lab's state rather than in the
    # user's Jupyter data folder; the notary opens its database when created, so set it as config.
    os.makedirs(state_dir, exist_ok=True)
    serverapp = DiscernusLab.initialize_server(
        argv=[
            "--NotebookNotary.data_dir=%s" % state_dir,
            "--ServerApp.session_manager_class=discernus_lab.NotebookSessionManager",
        ]
    )
    serverapp.port = _listening_port(serverapp)
    if args.default_kernel and args.default_kernel in serverapp.kernel_spec_manager.find_kernel_specs():
        serverapp.kernel_manager.default_kernel_name = args.default_kernel
    # Without a terminal, jupyter_server leaves SIGINT to Python, which would skip the kernels'
    # shutdown: stop as on SIGTERM.
    signal.signal(signal.SIGINT, serverapp._signal_stop)
    if args.stop_on_stdin_close:
        _stop_when_stdin_closes(serverapp)

    serverapp.start_app()
    base_url = "http://127.0.0.1:%d%s" % (serverapp.port, serverapp.base_url)
    ready = {
        "event": "ready",
        "url": "%slab?token=%s" % (base_url, token),
        "baseUrl": base_url,
        "port": serverapp.port,
        "token": token,
        "pid": os.getpid(),
        "extensions": [OUR_EXTENSION] if DiscernusLab.extra_labextensions_path else [],
    }
    sys.stdout.write(json.dumps(ready) + "\n")
    sys.stdout.flush()
    serverapp.start_ioloop()
    sys.stdout.write(json.dumps({"event": "stopped"}) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    # Imported under its own name, so that `name = __name__` (the extension point jupyter_server
    # looks up, and the /static/<name>/ prefix) is "discernus_lab" and not "__main__".
    sys.path.insert(0, HERE)
    sys.dont_write_bytecode = True  # no __pycache__ in the repository
    import discernus_lab

    sys.exit(discernus_lab.main(sys.argv[1:]))
