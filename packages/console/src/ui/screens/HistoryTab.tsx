// The store's timeline (the versions API, filtered the same ways), or one version.
import { usePaged } from "../components/usePaged.ts";
import { FormError } from "../components/FormParts.tsx";
import { useState } from "preact/hooks";
import { storePath, type Query } from "../api/Api.ts";
import type { MemoryVersion, Operation, Page } from "../api/types.ts";
import { useConsole } from "../components/context.ts";
import { ErrorNote, Loading } from "../components/Status.tsx";
import { href } from "../lib/route.ts";
import type { TabProps } from "./Store.tsx";
import { VersionPage } from "./VersionPage.tsx";
import { VersionRows } from "./VersionRows.tsx";

const ACTOR_PARAMS = ["api_key_id", "session_id", "service_account_id"] as const;
const FILTERS = ["operation", "memory_id", ...ACTOR_PARAMS, "created_at[gte]", "created_at[lte]"] as const;

/** `apikey_…`, `sesn_…` or `svac_…` → the versions API's matching filter. */
function actorParam(id: string): (typeof ACTOR_PARAMS)[number] | null {
  if (id.startsWith("apikey_")) return "api_key_id";
  if (id.startsWith("sesn_")) return "session_id";
  if (id.startsWith("svac_")) return "service_account_id";
  return null;
}

const toLocalInput = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 16) : "");
const fromLocalInput = (v: string) => (v ? new Date(`${v}:00Z`).toISOString() : "");

function Timeline({ storeId, params }: { storeId: string; params: URLSearchParams }) {
  const { api } = useConsole();
  const query: Query = { limit: 50 };
  for (const f of FILTERS) query[f] = params.get(f);
  const { items, error, more } = usePaged(
    (page) => api.get<Page<MemoryVersion>>(storePath(storeId, "/memory_versions"), { ...query, page }),
    [storeId, JSON.stringify(query)],
  );
  if (error !== undefined) return <ErrorNote error={error} />;
  if (items === null) return <Loading what="versions" />;
  return (
    <>
      <VersionRows storeId={storeId} versions={items} caption="Versions, newest first" />
      {more && (
        <p>
          <button type="button" onClick={more}>
            Load older versions
          </button>
        </p>
      )}
    </>
  );
}

function Filters({ storeId, params }: { storeId: string; params: URLSearchParams }) {
  const actor = ACTOR_PARAMS.map((p) => params.get(p)).find(Boolean) ?? "";
  const [who, setWho] = useState(actor);
  const [operation, setOperation] = useState(params.get("operation") ?? "");
  const [from, setFrom] = useState(toLocalInput(params.get("created_at[gte]")));
  const [to, setTo] = useState(toLocalInput(params.get("created_at[lte]")));
  const [memoryId, setMemoryId] = useState(params.get("memory_id") ?? "");
  const [error, setError] = useState<string | null>(null);
  const apply = (e: Event) => {
    e.preventDefault();
    const whoParam = who.trim() ? actorParam(who.trim()) : null;
    if (who.trim() && whoParam === null) {
      setError("Who: give an API key id (apikey_…), a session id (sesn_…) or a service account id (svac_…).");
      return;
    }
    setError(null);
    location.hash = href.store(storeId, "history", null, {
      operation: operation as Operation | "",
      memory_id: memoryId.trim(),
      ...(whoParam ? { [whoParam]: who.trim() } : {}),
      "created_at[gte]": fromLocalInput(from),
      "created_at[lte]": fromLocalInput(to),
    });
  };
  return (
    <form class="toolbar" onSubmit={apply} aria-label="Filter versions">
      <label>
        Operation
        <select value={operation} onChange={(e) => setOperation(e.currentTarget.value)}>
          <option value="">any</option>
          <option value="created">created</option>
          <option value="modified">modified</option>
          <option value="deleted">deleted</option>
        </select>
      </label>
      <label>
        Who (key or session id)
        <input class="mono" value={who} onInput={(e) => setWho(e.currentTarget.value)} placeholder="apikey_… or sesn_…" />
      </label>
      <label>
        Memory id
        <input class="mono" value={memoryId} onInput={(e) => setMemoryId(e.currentTarget.value)} placeholder="mem_…" />
      </label>
      <label>
        From (UTC)
        <input type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
      </label>
      <label>
        To (UTC)
        <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
      <button type="submit">Filter</button>
      <a href={href.store(storeId, "history")}>Clear</a>
      <FormError error={error} />
    </form>
  );
}

export function HistoryTab({ store, route, writable }: TabProps) {
  if (route.id) return <VersionPage key={route.id} store={store} versionId={route.id} writable={writable} />;
  return (
    <section aria-label="Store history">
      <Filters key={route.params.toString()} storeId={store.id} params={route.params} />
      <Timeline storeId={store.id} params={route.params} />
    </section>
  );
}
