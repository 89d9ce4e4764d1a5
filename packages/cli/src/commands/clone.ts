// `memgit clone STORE [DIR]`: a plain git clone of the store from the server's /git/<store>.git,
// with the credential set up so that `git pull` works afterwards (docs/decisions/0062).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { serverUrl } from "../apiClient.ts";
import { CliError } from "../CliError.ts";
import { clientFor, withClientOptions } from "../clientOptions.ts";
import { credential } from "../credential.ts";
import { credentialEnv, storedCredential } from "../gitCredential.ts";
import { out, printJson } from "../render.ts";
import { runVerb, verbCommand } from "../verbCommand.ts";

export const summary = "clone a store with git (read-only); `git pull` then brings every new write";

function git(args: string[], env: NodeJS.ProcessEnv, quiet: boolean): void {
  const r = spawnSync("git", args, { stdio: ["ignore", quiet ? "ignore" : "inherit", "inherit"], env });
  if (r.error) throw new CliError(`git could not start (${r.error.message}): memgit clone needs git on the PATH`);
  if (r.status !== 0) throw new CliError(`git ${args[0]} failed (exit ${r.status ?? r.signal})`);
}

export function command(): Command {
  return withClientOptions(verbCommand("clone", summary))
    .argument("<store>", "MEMSTORE_ID")
    .argument("[dir]", "where to clone (default: the store id)")
    .action(async (store: string, dirArg: string | undefined, _o: object, self: Command) => {
      const { sdk, json } = clientFor(self);
      const o = self.opts<{ url?: string; key?: string; keyFile?: string }>();
      const key = credential({ key: o.key, "key-file": o.keyFile }, "clone");
      // The API says plainly when the store or the key is wrong; git would only say "failed".
      await sdk.beta.memoryStores.retrieve(store);
      const remote = `${serverUrl(o.url)}/git/${encodeURIComponent(store)}.git`;
      const dir = resolve(dirArg ?? store);
      if (existsSync(dir)) throw new CliError(`${dir} already exists`, 2);
      git(["clone", ...(json ? ["--quiet"] : []), "--", remote, dir], credentialEnv(key), json);
      for (const [name, value] of storedCredential(resolve(dir, ".git"), remote, key)) git(["-C", dir, "config", "--add", name, value], process.env, true);
      if (json) printJson({ type: "memgit_clone", memory_store_id: store, directory: dir, remote });
      else out(`cloned ${store} into ${dir}; \`git -C ${dirArg ?? store} pull\` fetches new writes\n`);
    });
}

export const run = (argv: string[]) => runVerb(command(), argv);
