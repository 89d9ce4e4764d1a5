// `memgit import BUNDLE|PATH|URL [--new-id]`: a store back from a bundle, a repository or a git
// URL, with its store, memory and version ids (POST /v1/memory_stores/import, an admin key).
import { openAsBlob } from "node:fs";
import { parseArgs } from "node:util";
import { API_HELP, apiClient, apiOptions, reportingApiErrors } from "../apiClient.ts";
import { bundleOf } from "../bundleSource.ts";

const USAGE = `usage: memgit import BUNDLE|PATH|URL [--new-id]
       BUNDLE  a file from memgit export (or git bundle create FILE --all in a store's repository)
       PATH    a store's repository: a bare clone or mirror, a push backup, stores/<id>.git
       URL     a git URL (http://HOST/git/<id>.git of another memgit, any git host); fetched here,
               with your git and its credentials, then uploaded: the server never fetches it
       The store keeps its id, its memory ids and its version ids; --new-id gives it a new store
       id (the rest stays) when the id is taken on the server. Needs an admin key. Prints the
       store id and name.
${API_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "new-id": { type: "boolean", default: false }, ...apiOptions },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [source, ...extra] = positionals;
  if (!source || extra.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const client = apiClient(values, "import");
  const bundle = await bundleOf(source);
  try {
    return await reportingApiErrors("import", async () => {
      // A file-backed Blob: streamed from disk with its length, never read into memory.
      const body = await openAsBlob(bundle.path);
      const store: { id: string; name: string } = await client.post("/v1/memory_stores/import", {
        body,
        query: values["new-id"] ? { new_id: "true" } : {},
        headers: { "content-type": "application/x-git-bundle" },
      });
      process.stdout.write(`${store.id}\t${store.name}\n`);
      return 0;
    });
  } finally {
    bundle.dispose();
  }
}
