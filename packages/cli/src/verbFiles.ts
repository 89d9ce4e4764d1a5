// The verbs: one file each in ./commands, loaded only when needed (a verb's dependencies, such
// as the server or the FUSE binding, cost start-up time the other verbs should not pay).
import { readdirSync } from "node:fs";
import type { Command } from "commander";

export interface VerbModule {
  run(argv: string[]): Promise<number>;
  /** One line for `memgit --help`. */
  summary?: string;
  /** Verbs built on commander (verbCommand.ts) expose it for completion. */
  command?: () => Command;
}

const commandsDir = new URL("./commands/", import.meta.url);

export const verbs = readdirSync(commandsDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .sort();

export const loadVerb = async (verb: string) => (await import(new URL(`${verb}.ts`, commandsDir).href)) as VerbModule;
