import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { LedgerLockedError } from "./ledger-errors.js";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * An exclusive lock beside the ledger (`<ledger>.lock`, holding the owner's pid). A lock whose
 * process is gone (a killed kernel) is taken over; a live one is refused with a clear message.
 */
export class LockFile {
  readonly path: string;
  #held = false;

  constructor(ledgerPath: string) {
    this.path = `${ledgerPath}.lock`;
  }

  acquire(): void {
    for (let tries = 0; tries < 2; tries++) {
      try {
        const fd = openSync(this.path, "wx");
        writeSync(fd, String(process.pid));
        closeSync(fd);
        this.#held = true;
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        const pid = Number(readFileSync(this.path, "utf8").trim());
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
          throw new LedgerLockedError(this.path.replace(/\.lock$/, ""), `pid ${pid}`);
        }
        // The holder is gone (or it is us from a ledger left open): take the lock over.
        rmSync(this.path, { force: true });
      }
    }
    throw new LedgerLockedError(
      this.path.replace(/\.lock$/, ""),
      "a process that keeps re-creating the lock",
    );
  }

  release(): void {
    if (this.#held) rmSync(this.path, { force: true });
    this.#held = false;
  }
}
