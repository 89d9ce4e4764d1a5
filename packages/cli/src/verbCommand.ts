// The frame every verb built on commander shares (docs/decisions/0060): `memgit <verb> …` with
// generated help that starts `usage: memgit <verb>` (stdout, exit 0), misuse printing that help
// and the reason to stderr (exit 2), and failures as one line `memgit <verb>: …` (exit 1),
// never a stack trace. A verb module exports `run(argv)` built with runVerb, so the dispatcher
// treats it like any other verb file.
import { Command, CommanderError, type ErrorOptions } from "commander";
import { requestFailure } from "./apiClient.ts";
import { CliError } from "./CliError.ts";

class VerbCommand extends Command {
  override createCommand(name?: string): Command {
    return new VerbCommand(name);
  }

  /** Misuse: the help of the command that was misused, then the reason; exit 2. */
  override error(message: string, options?: ErrorOptions): never {
    this.outputHelp({ error: true });
    process.stderr.write(`${rootName(this)}: ${message.replace(/^error: /, "")}\n`);
    return super.error(message, { ...options, exitCode: options?.exitCode ?? 2 });
  }
}

const rootName = (cmd: Command): string => (cmd.parent ? rootName(cmd.parent) : cmd.name());

/** `memgit <name>`: subcommands added with `.command()` inherit this configuration. */
export function verbCommand(name: string, summary: string): Command {
  return new VerbCommand(`memgit ${name}`)
    .summary(summary)
    .description(summary)
    .helpOption("-h, --help", "show this help")
    .helpCommand(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .configureHelp({ showGlobalOptions: true, styleTitle: (title) => (title === "Usage:" ? "usage:" : title) });
}

/** Parses `argv` (the words after the verb) and runs the chosen action; the exit code. */
export async function runVerb(cmd: Command, argv: string[]): Promise<number> {
  try {
    await cmd.parseAsync(argv, { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return 0;
      return err.code === "commander.help" ? 2 : err.exitCode;
    }
    if (!(err instanceof CliError && err.reported)) process.stderr.write(`${cmd.name()}: ${failureLine(err)}\n`);
    return err instanceof CliError ? err.exitCode : 1;
  }
}

/** What to say about an error: the request that failed, or the error's own message. */
export function failureLine(err: unknown): string {
  return requestFailure(err) ?? (err instanceof Error ? err.message : String(err));
}
