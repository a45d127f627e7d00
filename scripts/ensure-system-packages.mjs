// Debian packages the tests drive for real: nbformat's own validator checks embedded notebooks, and
// nbclient executes the example notebooks with the tslab kernel (`discernus run`).
// Installs what is missing when it can (root with apt-get); otherwise says exactly what to install.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const PYTHON = "/usr/bin/python3";
const NEEDED = [
  { module: "nbformat", debian: "python3-nbformat" },
  { module: "nbclient", debian: "python3-nbclient" },
];

const importable = (module) =>
  existsSync(PYTHON) && spawnSync(PYTHON, ["-c", `import ${module}`], { stdio: "ignore" }).status === 0;

const missing = NEEDED.filter((p) => !importable(p.module));
if (missing.length === 0) process.exit(0);

const names = missing.map((p) => p.debian);
const canInstall = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
if (!canInstall) {
  console.error(
    `The tests need Debian's ${names.join(", ")} for ${PYTHON} (JupyterLab's Python packages do not come from PyPI here). ` +
      `Install with: sudo apt-get install -y ${names.join(" ")}`,
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
const still = missing.filter((p) => !importable(p.module));
if (still.length > 0) {
  console.error(`Installed, yet ${PYTHON} cannot import ${still.map((p) => p.module).join(", ")}.`);
  process.exit(1);
}
