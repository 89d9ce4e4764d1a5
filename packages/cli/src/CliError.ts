// An expected failure of a verb: printed as `memgit <verb>: <message>` and exit `exitCode`,
// never with a stack trace (main.ts and runVerb catch it).
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    /** Already told on stderr (a verb that reports its own failures): exit quietly. */
    readonly reported = false,
  ) {
    super(message);
    this.name = "CliError";
  }
}
