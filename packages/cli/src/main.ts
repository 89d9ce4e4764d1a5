// `memgit <verb> ...`: each verb is one file in ./commands exporting `run(argv): Promise<number>`
// (and, for help and completion, optionally `summary` and `command()`). The program itself is a
// commander command with one pass-through subcommand per file: the verb's module parses its own
// words, whether with commander (verbCommand.ts) or by hand, so every module keeps working
// unchanged (docs/decisions/0060).
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { CliError } from "./CliError.ts";
import { failureLine } from "./verbCommand.ts";
import { loadVerb, verbs } from "./verbFiles.ts";

const version = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command("memgit")
    .usage("<verb> [options]")
    .description("memgit: memory stores for AI agents, every store a git repository")
    .version(version, "-V, --version", "print memgit's version")
    .helpOption("-h, --help", "show this help")
    .helpCommand(false)
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .configureHelp({ styleTitle: (title) => (title === "Usage:" ? "usage:" : title), subcommandTerm: (c) => c.name() })
    .addHelpText("after", "\nEach verb has --help. Client verbs take --url (MEMGIT_URL) and MEMGIT_API_KEY, --key-file or --key.");
  // Only the verb being run is loaded; the program's help loads them all for their summaries.
  const first = argv[0] ?? "";
  const chosen = verbs.includes(first) ? [first] : verbs;
  const summaries = !verbs.includes(first) && !["-V", "--version"].includes(first);
  for (const verb of chosen) {
    const mod = summaries ? await loadVerb(verb) : null;
    program
      .command(verb)
      .summary(mod?.summary ?? "")
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .passThroughOptions()
      .argument("[words...]")
      .action(async (words: string[]) => {
        try {
          code = await (mod ?? (await loadVerb(verb))).run(words);
        } catch (err) {
          // Verbs that parse their own words may throw: one line, never a stack trace.
          process.stderr.write(`memgit ${verb}: ${failureLine(err)}\n`);
          code = err instanceof CliError ? err.exitCode : 1;
        }
      });
  }
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return 0;
    if (err.code === "commander.help" && argv.length === 0) return 2;
    process.stderr.write(`${program.helpInformation()}memgit: ${err.message.replace(/^error: /, "")}\n`);
    return 2;
  }
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`memgit: ${failureLine(err)}\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  },
);
