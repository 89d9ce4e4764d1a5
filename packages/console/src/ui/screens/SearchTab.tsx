// Searches the store's memories (literal or RE2 regex, optionally at a point in history) and
// shows each matching line with its matches marked.
import { usePaged } from "../components/usePaged.ts";
import { useState } from "preact/hooks";
import { storePath } from "../api/Api.ts";
import type { Page, SearchResult } from "../api/types.ts";
import { useConsole } from "../components/context.ts";
import { ErrorNote, Loading } from "../components/Status.tsx";
import { highlight } from "../lib/highlight.ts";
import { href } from "../lib/route.ts";
import type { TabProps } from "./Store.tsx";

interface Query {
  q: string;
  regex: boolean;
  caseSensitive: boolean;
  pathPrefix: string;
  asOf: string;
}

function queryOf(params: URLSearchParams): Query {
  return {
    q: params.get("q") ?? "",
    regex: params.get("regex") === "true",
    caseSensitive: params.get("case_sensitive") !== "false",
    pathPrefix: params.get("path_prefix") ?? "",
    asOf: params.get("as_of") ?? "",
  };
}

function Results({ storeId, query }: { storeId: string; query: Query }) {
  const { api } = useConsole();
  const { items: results, error, more } = usePaged(
    (page) =>
      api.get<Page<SearchResult>>(storePath(storeId, "/search"), {
        q: query.q,
        regex: query.regex,
        case_sensitive: query.caseSensitive,
        path_prefix: query.pathPrefix,
        as_of: query.asOf,
        limit: 20,
        page,
      }),
    [storeId, JSON.stringify(query)],
  );
  if (error !== undefined) return <ErrorNote error={error} />;
  if (results === null) return <Loading what="results" />;
  if (results.length === 0) return <p class="muted" role="status">No memory matches.</p>;
  return (
    <section aria-label="Search results">
      <p class="muted small" role="status">
        {results.length}
        {more ? "+" : ""} matching memor{results.length === 1 ? "y" : "ies"}
      </p>
      {results.map((r) => (
        <article key={r.memory.id} class="card">
          <h3 class="mono">
            <a href={href.store(storeId, "memories", r.memory.id)}>{r.memory.path}</a>
          </h3>
          <table class="diff-table" aria-label={`Matching lines in ${r.memory.path}`}>
            <tbody>
              {r.lines.map((l) => (
                <tr key={l.line_number}>
                  <td class="diff-num">{l.line_number}</td>
                  <td>
                    {highlight(l.text, query.q, query.regex, query.caseSensitive).map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : s.text))}
                    {l.truncated && <span class="muted"> …</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.line_count > r.lines.length && <p class="muted small">{r.line_count - r.lines.length} more matching lines</p>}
        </article>
      ))}
      {more && (
        <button type="button" onClick={more}>
          More results
        </button>
      )}
    </section>
  );
}

export function SearchTab({ store, route }: TabProps) {
  const current = queryOf(route.params);
  const [form, setForm] = useState(current);
  const submit = (e: Event) => {
    e.preventDefault();
    location.hash = href.store(store.id, "search", null, {
      q: form.q,
      regex: form.regex ? "true" : "",
      case_sensitive: form.caseSensitive ? "" : "false",
      path_prefix: form.pathPrefix.trim(),
      as_of: form.asOf.trim(),
    });
  };
  const set = (patch: Partial<Query>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <section aria-label="Search">
      <form class="toolbar" role="search" onSubmit={submit}>
        <label>
          Search for
          <input type="search" value={form.q} onInput={(e) => set({ q: e.currentTarget.value })} required maxLength={1000} />
        </label>
        <label>
          Under path
          <input class="mono" value={form.pathPrefix} onInput={(e) => set({ pathPrefix: e.currentTarget.value })} placeholder="/" />
        </label>
        <label>
          As of
          <input class="mono" value={form.asOf} onInput={(e) => set({ asOf: e.currentTarget.value })} placeholder="now" />
        </label>
        <label class="inline">
          <input type="checkbox" checked={form.regex} onChange={(e) => set({ regex: e.currentTarget.checked })} />
          Regular expression
        </label>
        <label class="inline">
          <input type="checkbox" checked={form.caseSensitive} onChange={(e) => set({ caseSensitive: e.currentTarget.checked })} />
          Match case
        </label>
        <button type="submit" class="primary">
          Search
        </button>
      </form>
      {current.q && <Results storeId={store.id} query={current} />}
    </section>
  );
}
