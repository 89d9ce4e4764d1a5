// The options every client verb built on commander takes (server, credential, --json), and the
// SDK client they make. Defined on the verb, so its subcommands list them as global options.
import type Anthropic from "@anthropic-ai/sdk";
import type { Command } from "commander";
import { apiClient, DEFAULT_URL } from "./apiClient.ts";
import { CliError } from "./CliError.ts";

interface ClientFlags {
  url?: string;
  key?: string;
  keyFile?: string;
  json?: boolean;
  store?: string;
}

export function withClientOptions(cmd: Command): Command {
  return cmd
    .option("--url <url>", `server (MEMGIT_URL, default ${DEFAULT_URL})`)
    .option("--key-file <file>", "read the API key or session token from the first line of FILE")
    .option("--key <key>", "the key itself: also accepted, but every local user can read it in the process list")
    .option("--json", "print one JSON document (the API's wire shapes) instead of a table")
    .addHelpText("after", "\nThe credential: MEMGIT_API_KEY (preferred), --key-file FILE, or --key KEY.\n");
}

/** `--store ID` (MEMGIT_STORE), for the verbs that act inside one store. */
export function withStoreOption(cmd: Command): Command {
  return cmd.option("-s, --store <id>", "the memory store (MEMGIT_STORE)");
}

export interface Client {
  sdk: Anthropic;
  json: boolean;
}

const verbOf = (cmd: Command): string => (cmd.parent ? verbOf(cmd.parent) : cmd.name().replace(/^memgit /, ""));

/** The SDK client for the command being run, with its --json choice. */
export function clientFor(cmd: Command): Client {
  const o = cmd.optsWithGlobals<ClientFlags>();
  return { sdk: apiClient({ url: o.url, key: o.key, "key-file": o.keyFile }, verbOf(cmd)), json: Boolean(o.json) };
}

/** The store chosen with --store or MEMGIT_STORE. */
export function storeFor(cmd: Command): string {
  const store = cmd.optsWithGlobals<ClientFlags>().store ?? process.env.MEMGIT_STORE;
  if (!store) throw new CliError("no store: pass --store MEMSTORE_ID or set MEMGIT_STORE", 2);
  return store;
}
