// What the client verbs that act on stores (`mount`, `sync`) share: how stores are chosen
// (a session, or --store ids), the server and credential, and waiting for SIGTERM/SIGINT.
import { noteServer, serverUrl } from "./apiClient.ts";
import { credential, credentialOptions } from "./credential.ts";

export const storeArgOptions = {
  session: { type: "string" },
  store: { type: "string", multiple: true },
  "read-only": { type: "boolean", default: false },
  url: { type: "string" },
  ...credentialOptions,
  help: { type: "boolean", short: "h", default: false },
} as const;

/** What `connect()` of @memgit/files takes, with the credential chosen as credential.ts says. */
export function connectionValues(values: { url?: string; key?: string; "key-file"?: string }, verb: string) {
  noteServer(serverUrl(values.url)); // named when the server cannot be reached
  return { url: values.url, key: credential(values, verb) };
}

/** The target directory, or the exit code after printing usage (help: 0, misuse: 2). */
export function targetDir(
  values: { help?: boolean; session?: string; store?: string[] },
  positionals: string[],
  usage: string,
): string | number {
  const dir = positionals[0];
  if (values.help || !dir || positionals.length > 1 || !values.session === !values.store?.length) {
    (values.help ? process.stdout : process.stderr).write(usage);
    return values.help ? 0 : 2;
  }
  return dir;
}

export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGTERM", () => resolve());
    process.once("SIGINT", () => resolve());
  });
}
