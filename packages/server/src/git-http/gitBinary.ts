// Serving clones needs the native git binary (upload-pack); the API does not. Checked once,
// at start-up, so that a server without git says so up front and still serves the API.
import { spawnSync } from "node:child_process";

/** `git version 2.39.5`, or null when no git runs from PATH. */
export function findGit(): string | null {
  const run = spawnSync("git", ["--version"], { encoding: "utf8", timeout: 10_000, env: gitEnv(null) });
  if (run.error || run.status !== 0) return null;
  return run.stdout.trim();
}

/**
 * The environment git runs in: the server's, without any GIT_* variable (a GIT_DIR or
 * GIT_CONFIG_* set for the server's own shell must not redirect what is served), plus the
 * validated protocol version.
 */
export function gitEnv(protocol: string | null): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith("GIT_")) env[name] = value;
  if (protocol !== null) env.GIT_PROTOCOL = protocol;
  return env;
}

export const MISSING_GIT =
  "cloning over HTTP is unavailable: the git binary was not found on this server's PATH at start-up (install git and restart memgit)";
