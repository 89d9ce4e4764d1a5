// What a new user types: the README's command blocks, in order, line by line, in one shell
// session (exports and background jobs carry over, as in a terminal), from a fresh copy of the
// repository. Placeholders the README leaves to the reader (sk-memgit-..., memstore_..., …)
// are filled in from what the earlier commands printed.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

export interface Block {
  lang: string;
  lines: string[];
}

/** The fenced blocks of a Markdown document, in order. */
export function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (const m of markdown.matchAll(fence)) blocks.push({ lang: m[1]!, lines: m[2]!.split("\n").filter((l) => l.trim() !== "") });
  return blocks;
}

export interface LineResult {
  line: string;
  code: number;
  output: string;
}

/** A bash process fed one line at a time; each line's exit code and output (stdout and stderr). */
export class Terminal {
  private readonly bash: ChildProcessWithoutNullStreams;
  private output = "";
  private waiting: (() => void) | null = null;
  private seq = 0;

  constructor(cwd: string, env: NodeJS.ProcessEnv) {
    this.bash = spawn("bash", ["--norc", "--noprofile"], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    const take = (d: Buffer) => {
      this.output += d.toString();
      this.waiting?.();
    };
    this.bash.stdout.on("data", take);
    this.bash.stderr.on("data", take);
  }

  async run(line: string): Promise<LineResult> {
    const marker = `__memgit_readme_${++this.seq}__`;
    const start = this.output.length;
    this.bash.stdin.write(`${line}\necho "${marker}$?"\n`);
    const done = new RegExp(`${marker}(\\d+)\\n`);
    let m: RegExpExecArray | null;
    while (!(m = done.exec(this.output.slice(start)))) await new Promise<void>((r) => (this.waiting = r));
    const output = this.output.slice(start, start + m.index);
    return { line, code: Number(m[1]), output };
  }

  close(): void {
    this.bash.stdin.end("exit\n");
  }
}
