// Debian packages the tests drive for real: nbformat's own validator checks embedded notebooks,
// nbclient executes the example notebooks with the tslab kernel (`discernus run`), jupyter_server
// with jupyterlab_server serves the bundled JupyterLab (`discernus lab`), and Chromium loads it.
// Installs what is missing when it can (root with apt-get); otherwise says exactly what to install.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const PYTHON = "/usr/bin/python3";

const importable = (module) =>
  existsSync(PYTHON) && spawnSync(PYTHON, ["-c", `import ${module}`], { stdio: "ignore" }).status === 0;

const NEEDED = [
  { debian: "python3-nbformat", what: "nbformat", present: () => importable("nbformat") },
  { debian: "python3-nbclient", what: "nbclient", present: () => importable("nbclient") },
  { debian: "python3-jupyter-server", what: "jupyter_server", present: () => importable("jupyter_server") },
  {
    debian: "python3-jupyterlab-server",
    what: "jupyterlab_server",
    present: () => importable("jupyterlab_server"),
  },
  { debian: "python3-ipykernel", what: "ipykernel", present: () => importable("ipykernel") },
  { debian: "chromium", what: "/usr/bin/chromium", present: () => existsSync("/usr/bin/chromium") },
];

const missing = NEEDED.filter((p) => !p.present());
if (missing.length === 0) process.exit(0);

const names = missing.map((p) => p.debian);
const canInstall = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
if (!canInstall) {
  console.error(
    `The tests need Debian's ${names.join(", ")} (Jupyter's Python packages for ${PYTHON} do not come from PyPI here). ` +
      `Install with: sudo apt-get install -y --no-install-recommends ${names.join(" ")}`,
  );
  process.exit(1);
}
console.log(`Installing Debian packages the tests need: ${names.join(", ")}`);
const apt = (args) =>
  spawnSync("apt-get", args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  }).status === 0;
// A fresh machine may have no package lists yet: update once, then retry.
if (!apt(["install", "-y", "--no-install-recommends", ...names])) {
  if (!apt(["update"]) || !apt(["install", "-y", "--no-install-recommends", ...names])) {
    console.error(`apt-get could not install ${names.join(", ")}; install them and run the tests again.`);
    process.exit(1);
  }
}
const still = missing.filter((p) => !p.present());
if (still.length > 0) {
  console.error(`Installed, yet still missing: ${still.map((p) => p.what).join(", ")}.`);
  process.exit(1);
}
