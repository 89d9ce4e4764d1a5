// HTTP run (issue 4 "Performance"): filled in once @memgit/server exports a way to start the app.
import type { EngineModule } from "../lib/engine.ts";
import type { Recorder } from "../lib/stats.ts";

export interface HttpResult {
  updates: Recorder;
  retrieve: Recorder;
  list: Recorder;
  engineDirect: Recorder;
}

export async function runHttp(_mod: EngineModule, _dir: string, _o: { writes: number; reads: number; memories: number }, _log: (m: string) => void): Promise<HttpResult | string> {
  const spec = "@memgit/server";
  try {
    const server = (await import(spec)) as Record<string, unknown>;
    if (typeof server.createApp !== "function") return "@memgit/server does not export createApp yet";
  } catch (e) {
    return `cannot load @memgit/server: ${(e as Error).message.split("\n")[0]}`;
  }
  return "HTTP run not wired yet";
}
