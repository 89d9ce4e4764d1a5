// A memgit server in this process for the suites that also need the git binary (git-http,
// search): the server, or why the suite is skipped.
import { execFileSync } from "node:child_process";
import type { RunningServer } from "@memgit/server";
import { benchLimits, type EngineModule } from "./engine.ts";

export async function serverWithGit(mod: EngineModule, dataDir: string, bootstrapKey: string): Promise<RunningServer | string> {
  try {
    execFileSync("git", ["--version"], { stdio: "ignore" });
  } catch {
    return "git is not installed";
  }
  const { startServer } = await import("@memgit/server");
  return startServer({ dataDir, port: 0, logger: false, bootstrapKey, limits: benchLimits(mod) });
}
