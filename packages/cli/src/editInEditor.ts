// `memgit memories edit`: the memory's content in a private temporary file, opened with
// $VISUAL or $EDITOR (as git does: run through the shell, so "code --wait" works).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { CliError } from "./CliError.ts";

export interface EditSession {
  file: string;
  /** The file's content once the editor exits. */
  edited: string;
  discard(): void;
}

export function editInEditor(path: string, content: string): EditSession {
  const editor = process.env.VISUAL || process.env.EDITOR || "vi";
  // Owner-only: the memory's content must not be readable by other local users.
  const dir = mkdtempSync(join(tmpdir(), "memgit-edit-"));
  const file = join(dir, basename(path) || "memory.md");
  writeFileSync(file, content, { mode: 0o600 });
  const r = spawnSync("/bin/sh", ["-c", `${editor} "$1"`, "sh", file], { stdio: "inherit" });
  const discard = () => rmSync(dir, { recursive: true, force: true });
  if (r.error || r.status !== 0) {
    discard();
    throw new CliError(`the editor (${editor}) ${r.error ? `could not start: ${r.error.message}` : `exited with status ${r.status ?? r.signal}`}; nothing was written`);
  }
  return { file, edited: readFileSync(file, "utf8"), discard };
}
