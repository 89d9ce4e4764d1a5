// `memgit serve` as its own process, the way an operator runs it: for tests where the process
// itself is under test (it must not die, it must restart).
import { spawn, type ChildProcess } from "node:child_process";

const repo = new URL("../../", import.meta.url).pathname;

/** Runs one CLI verb the way the dispatcher does (`memgit <verb>` → commands/<verb>.ts). */
export function cliVerb(name: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const script = `const m = await import(${JSON.stringify(`./packages/cli/src/commands/${name}.ts`)}); process.exitCode = await m.run(${JSON.stringify(args)});`;
  return spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
}

/** Starts `memgit serve --port 0` on `dataDir` and resolves once it answers /health. */
export async function serveProcess(dataDir: string, env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = cliVerb("serve", ["--data-dir", dataDir, "--port", "0"], env);
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      stdout += d;
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.on("close", () => reject(new Error(`serve exited: ${stderr}`)));
  });
  await fetch(`${url}/health`);
  const stop = () => {
    if (child.exitCode !== null) return Promise.resolve(child.exitCode);
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.kill("SIGTERM");
    return closed;
  };
  return { child, url, stdout: () => stdout, stderr: () => stderr, stop };
}
