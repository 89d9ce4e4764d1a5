// An expected failure of a verb: printed as `memgit <verb>: <message>` and exit `exitCode`,
// never with a stack trace (main.ts and runVerb catch it).
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}
