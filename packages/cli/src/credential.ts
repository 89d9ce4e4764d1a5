// The credential of the client verbs (`mount`, `sync`, `sessions`). A key given as an
// argument is readable by every local user (ps, /proc/<pid>/cmdline), so the environment
// or a key file is preferred, and --key warns (docs/decisions/0016).
import { readFileSync } from "node:fs";
import { CliError } from "./CliError.ts";

export const credentialOptions = {
  key: { type: "string" },
  "key-file": { type: "string" },
} as const;

export const CREDENTIAL_HELP = `  MEMGIT_API_KEY   API key or session token (preferred)
  --key-file FILE  read it from the first line of FILE instead
  --key KEY        also accepted, but every local user can read it in the process list
`;

/** The key or token to send; throws when there is none. */
export function credential(values: { key?: string; "key-file"?: string }, verb: string): string {
  const file = values["key-file"];
  if (file !== undefined && values.key !== undefined) throw new CliError("pass --key or --key-file, not both");
  if (file !== undefined) {
    const key = readFileSync(file, "utf8").split(/\r?\n/, 1)[0]!.trim();
    if (key === "") throw new CliError(`--key-file ${file}: the first line is empty`);
    return key;
  }
  if (values.key !== undefined) {
    process.stderr.write(
      `memgit ${verb}: warning: --key is visible to every local user in the process list; set MEMGIT_API_KEY or use --key-file\n`,
    );
    return values.key;
  }
  const key = process.env.MEMGIT_API_KEY;
  if (!key) throw new CliError("no credential: set MEMGIT_API_KEY or pass --key-file FILE or --key KEY (an API key or a session token)");
  return key;
}
