// One process per data directory (two writers on one repository would corrupt it). The lock is
// a file created exclusively, holding the owner's pid; a lock whose process is gone is stale.
import * as fs from "node:fs";
import { StoreLockedError } from "../errors/index.ts";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function acquireLock(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(path, "wx");
      fs.writeSync(fd, `${process.pid}\n`);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      return () => fs.rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(fs.readFileSync(path, "utf8").trim());
      if (pid && pid !== process.pid && alive(pid)) throw new StoreLockedError(path, pid);
      if (pid === process.pid) throw new StoreLockedError(path, pid);
      fs.rmSync(path, { force: true });
    }
  }
  throw new StoreLockedError(path, 0);
}
