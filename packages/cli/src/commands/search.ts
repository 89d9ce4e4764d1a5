// `memgit search STORE QUERY`: the store's lines that match, like `grep -rn` (path:line:text),
// over the HTTP API's search route (docs/api-extensions.md §Search).
import { parseArgs } from "node:util";
import { API_HELP, apiClient, apiOptions, reportingApiErrors } from "../apiClient.ts";

const USAGE = `usage: memgit search MEMSTORE_ID QUERY [--regex] [-i|--ignore-case] [--path-prefix /DIR/] [--as-of REF] [--json]
       Prints every matching line as PATH:LINE:TEXT, memories in path order. QUERY is a literal
       string, or with --regex an RE2 regular expression (no backreferences or lookaround).
       --as-of searches the store as it was then (a memver_ id, an RFC 3339 time or a
       checkpoint name). --json prints one JSON document: {"data": [search results]}.
${API_HELP}`;

interface Hit {
  memory: { path: string };
  lines: Array<{ line_number: number; text: string; truncated: boolean }>;
  line_count: number;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      regex: { type: "boolean", default: false },
      "ignore-case": { type: "boolean", short: "i", default: false },
      "path-prefix": { type: "string" },
      "as-of": { type: "string" },
      json: { type: "boolean", default: false },
      ...apiOptions,
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [storeId, query, ...extra] = positionals;
  if (!storeId || query === undefined || extra.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const client = apiClient(values, "search");
  const params: Record<string, string> = { q: query, limit: "100" };
  if (values.regex) params.regex = "true";
  if (values["ignore-case"]) params.case_sensitive = "false";
  if (values["path-prefix"] !== undefined) params.path_prefix = values["path-prefix"];
  if (values["as-of"] !== undefined) params.as_of = values["as-of"];
  return reportingApiErrors("search", async () => {
    const hits: Hit[] = [];
    let page: string | null = null;
    do {
      const res: { data: Hit[]; next_page: string | null } = await client.get(`/v1/memory_stores/${encodeURIComponent(storeId)}/search`, {
        query: page ? { ...params, page } : params,
      });
      if (values.json) hits.push(...res.data);
      else process.stdout.write(res.data.map(grepLines).join(""));
      page = res.next_page;
    } while (page);
    if (values.json) process.stdout.write(JSON.stringify({ data: hits }) + "\n");
    return 0;
  });
}

function grepLines(hit: Hit): string {
  let out = "";
  for (const l of hit.lines) out += `${hit.memory.path}:${l.line_number}:${l.text}${l.truncated ? "…" : ""}\n`;
  const more = hit.line_count - hit.lines.length;
  if (more > 0) out += `${hit.memory.path}: ${more} more matching line(s)\n`;
  return out;
}
