// How `memgit clone` hands the key to git (docs/decisions/0062): never on a command line and
// never in a remote URL. During the clone an inline helper reads it from the git process's
// environment; afterwards git's own `store` helper, configured for this one URL only, reads it
// from an owner-only file inside .git, so `git pull` works without asking.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const PASSWORD_VAR = "MEMGIT_GIT_PASSWORD";
const USERNAME = "memgit";

/** Environment for a git process that answers credential requests with `key` and nothing else. */
export function credentialEnv(key: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_TERMINAL_PROMPT: "0",
    [PASSWORD_VAR]: key,
    GIT_CONFIG_COUNT: "2",
    // The empty helper first: helpers configured elsewhere neither answer nor store this key.
    GIT_CONFIG_KEY_0: "credential.helper",
    GIT_CONFIG_VALUE_0: "",
    GIT_CONFIG_KEY_1: "credential.helper",
    GIT_CONFIG_VALUE_1: `!f() { test "$1" = get && printf 'username=${USERNAME}\\npassword=%s\\n' "$${PASSWORD_VAR}"; }; f`,
  };
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Writes the key to `<gitDir>/memgit-credentials` (0600) and returns the `git config` entries
 * that make git read it for `remoteUrl` alone.
 */
export function storedCredential(gitDir: string, remoteUrl: string, key: string): Array<[string, string]> {
  const file = join(gitDir, "memgit-credentials");
  const u = new URL(remoteUrl);
  u.username = USERNAME;
  u.password = encodeURIComponent(key);
  writeFileSync(file, `${u.href}\n`, { mode: 0o600 });
  return [
    [`credential.${remoteUrl}.helper`, ""],
    [`credential.${remoteUrl}.helper`, `store --file=${shellQuote(file)}`],
    [`credential.${remoteUrl}.useHttpPath`, "true"],
  ];
}
