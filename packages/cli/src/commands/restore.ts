// `memgit restore STORE --to REF [--memory ID]`: a whole store, or one memory, back to a point
// in history (a memver_ id, an RFC 3339 time or a checkpoint name), over the HTTP API.
import { parseArgs } from "node:util";
import { API_HELP, apiClient, apiOptions, pointBody, reportingApiErrors } from "../apiClient.ts";

export const summary = "bring a store, or one memory, back to a point in history (as new versions)";

const USAGE = `usage: memgit restore MEMSTORE_ID --to REF [--memory MEMORY_ID [--precondition SHA256]]
       REF is a memver_ id, an RFC 3339 time or a checkpoint name. The store (or the memory)
       becomes what it was then, as new versions; history is kept. Prints one line per version
       written: operation, memory id, path, version id.
${API_HELP}`;

interface WireVersion {
  id: string;
  memory_id: string;
  operation: string;
  path: string | null;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { to: { type: "string" }, memory: { type: "string" }, precondition: { type: "string" }, ...apiOptions },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [storeId, ...extra] = positionals;
  if (!storeId || extra.length > 0 || !values.to || (values.precondition && !values.memory)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const client = apiClient(values, "restore");
  const out = (s: string) => process.stdout.write(s + "\n");
  return reportingApiErrors("restore", async () => {
    if (values.memory) {
      const precondition = values.precondition ? { precondition: { type: "content_sha256", content_sha256: values.precondition } } : {};
      const m: { id: string; path: string; memory_version_id: string } = await client.post(
        `/v1/memory_stores/${encodeURIComponent(storeId)}/memories/${encodeURIComponent(values.memory)}/restore`,
        { body: { ...pointBody(values.to!), ...precondition } },
      );
      out(`${m.id}\t${m.path}\t${m.memory_version_id}`);
      return 0;
    }
    const r: { restored_to: { as_of: string }; versions: WireVersion[] } = await client.post(`/v1/memory_stores/${encodeURIComponent(storeId)}/restore`, {
      body: pointBody(values.to!),
    });
    for (const v of r.versions) out(`${v.operation}\t${v.memory_id}\t${v.path ?? ""}\t${v.id}`);
    out(`restored ${storeId} to ${r.restored_to.as_of}: ${r.versions.length} version(s) written`);
    return 0;
  });
}
