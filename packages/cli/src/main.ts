// `memgit <verb> ...`: each verb is one file in ./commands exporting `run(argv): Promise<number>`.
import { readdirSync } from "node:fs";

const commandsDir = new URL("./commands/", import.meta.url);
const verbs = readdirSync(commandsDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .sort();

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === "help" || verb === "--help" || !verbs.includes(verb)) {
    process.stderr.write(`usage: memgit <${verbs.join("|")}> [options]\n`);
    return verb && verb !== "help" && verb !== "--help" ? 2 : 0;
  }
  const mod = (await import(new URL(`${verb}.ts`, commandsDir).href)) as { run(argv: string[]): Promise<number> };
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`memgit: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
