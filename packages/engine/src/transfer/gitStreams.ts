// Native git with a stream on one side: a pack fed to `git index-pack`, a bundle written by
// `git bundle create` to the caller's sink. Failures carry git's last message, with the
// repository's own path cut out (it is the server's business, not the caller's).
import { spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";

export class GitFailure extends Error {
  constructor(readonly command: string, readonly detail: string) {
    super(`git ${command} failed: ${detail}`);
  }
}

/** git's last `fatal:`/`error:` line, or its last line; paths under `hide` elided. */
function lastMessage(stderr: string, hide: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  const line = [...lines].reverse().find((l) => /^(fatal|error):/.test(l)) ?? lines[lines.length - 1] ?? "no message";
  return line.split(hide).join("…").slice(0, 300);
}

function run(gitDir: string, args: string[], input: Readable | null, output: Writable | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["--git-dir", gitDir, ...args], { stdio: [input ? "pipe" : "ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      child.kill("SIGKILL");
      reject(err);
    };
    child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString("utf8")).slice(-8192)));
    if (output) {
      child.stdout!.pipe(output, { end: false });
      // The caller's sink going away (a client that hung up) ends the run.
      output.once("error", fail);
      output.once("close", () => child.exitCode === null && fail(new Error("the output closed before git finished")));
    } else child.stdout!.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    if (input) {
      input.once("error", fail);
      // git may exit before reading all of its input (an early error): its exit says why.
      child.stdin!.on("error", () => undefined);
      input.pipe(child.stdin!);
    }
    child.once("error", fail);
    child.once("close", (code) => {
      if (settled) return;
      settled = true;
      if (code === 0) resolve(stdout);
      else reject(new GitFailure(args[0]!, lastMessage(stderr, gitDir)));
    });
  });
}

export const gitWithInput = (gitDir: string, args: string[], input: Readable) => run(gitDir, args, input, null);
export const gitToOutput = (gitDir: string, args: string[], output: Writable) => run(gitDir, args, null, output).then(() => undefined);
