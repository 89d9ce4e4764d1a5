// The memories that differ between two points of a store (GET …/diff), page by page.
import { usePaged } from "./usePaged.ts";
import { useState } from "preact/hooks";
import { storePath } from "../api/Api.ts";
import type { MemoryDiff, StoreDiff } from "../api/types.ts";
import { parseUnifiedDiff } from "../lib/unifiedDiff.ts";
import { useConsole } from "./context.ts";
import { DiffView, LayoutToggle, type DiffLayout } from "./DiffView.tsx";
import { ErrorNote, Loading } from "./Status.tsx";

function Entry({ d, layout }: { d: MemoryDiff; layout: DiffLayout }) {
  return (
    <section class="card" aria-label={`${d.change} ${d.path ?? d.memory_id}`}>
      <h3 class="mono">
        <span class={`op op-${d.change}`}>{d.change}</span> {d.previous_path && d.previous_path !== d.path ? `${d.previous_path} → ` : ""}
        {d.path ?? "(redacted)"}
      </h3>
      {d.redacted ? <p class="muted">A side is redacted: no diff is shown.</p> : <DiffView hunks={parseUnifiedDiff(d.diff ?? "")} label={`Diff of ${d.path}`} layout={layout} />}
    </section>
  );
}

export function StoreDiffList({ storeId, from, to, empty }: { storeId: string; from: string; to: string; empty: string }) {
  const { api } = useConsole();
  const [layout, setLayout] = useState<DiffLayout>("unified");
  const { items, error, more } = usePaged(
    (page) => api.get<StoreDiff>(storePath(storeId, "/diff"), { from, to, view: "full", limit: 20, page }),
    [storeId, from, to],
  );
  if (error !== undefined) return <ErrorNote error={error} />;
  if (items === null) return <Loading what="the diff" />;
  if (items.length === 0) return <p class="muted">{empty}</p>;
  return (
    <div>
      <LayoutToggle value={layout} onChange={setLayout} />
      {items.map((d) => (
        <Entry key={d.memory_id} d={d} layout={layout} />
      ))}
      {more && (
        <button type="button" onClick={more}>
          More changes
        </button>
      )}
    </div>
  );
}
