import { randomBytes } from "node:crypto";
import { open, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Replaces a file's content all at once: writes a temporary file in the same folder (so the rename
 * stays on one file system), syncs it, and renames it over the target. A crash or a full disk leaves
 * either the old file or the new one, never half of each; a reader (JupyterLab, git) never sees a
 * partial notebook. The file keeps its permissions, and a symlink keeps pointing at the new content.
 */
export async function replaceFile(path: string, data: string | Uint8Array): Promise<void> {
  const target = await realpath(path).catch(() => path);
  const mode = await stat(target).then(
    (s) => s.mode & 0o777,
    () => undefined,
  );
  const temp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  try {
    const file = await open(temp, "wx");
    try {
      await file.writeFile(data);
      // A new file gets the default permissions (umask); a replaced one keeps its own.
      if (mode !== undefined) await file.chmod(mode);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
