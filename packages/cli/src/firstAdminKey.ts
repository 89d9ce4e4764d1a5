// How the first admin key reaches the operator without landing in a log collector
// (docs/decisions/0016): a key the operator supplied is never printed; a generated one is
// printed only to a terminal, and otherwise written to an owner-only file whose path is
// printed instead.
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { firstAdminKeyPath, type RunningServer } from "@memgit/server";

type Bootstrap = NonNullable<RunningServer["bootstrap"]>;

export interface Terminal {
  isTTY?: boolean;
  write(text: string): unknown;
}

export function announceFirstAdminKey(boot: Bootstrap, options: { supplied: boolean; dataDir: string; out: Terminal }): void {
  const { out, dataDir } = options;
  const created = `First start: created workspace "${boot.workspace.name}" and admin API key ${boot.apiKeyId}`;
  if (options.supplied) {
    out.write(`${created} from MEMGIT_BOOTSTRAP_KEY (not shown).\n`);
    return;
  }
  if (out.isTTY) {
    out.write(`${created}. Save it now; it is not shown again:\n${boot.secret}\n`);
    return;
  }
  const file = firstAdminKeyPath(dataDir);
  try {
    // A leftover file may have looser modes; 'wx' then refuses to reuse anything.
    rmSync(file, { force: true });
    writeFileSync(file, `${boot.secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (err) {
    process.stderr.write(
      `memgit serve: could not write the first admin key to ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}). ` +
        `Revoke ${boot.apiKeyId} and create another: ./memgit keys create --workspace ${boot.workspace.name} --role admin\n`,
    );
    return;
  }
  out.write(`${created}. stdout is not a terminal, so the key is not printed: it is in this owner-only file (read it, save it, delete the file):\n${file}\n`);
}

/** On later starts: a reminder while the first key still sits on disk. */
export function remindFirstAdminKey(dataDir: string, out: Terminal): void {
  const file = firstAdminKeyPath(dataDir);
  if (existsSync(file)) out.write(`The first admin key is still in ${file}; delete that file once the key is saved.\n`);
}
