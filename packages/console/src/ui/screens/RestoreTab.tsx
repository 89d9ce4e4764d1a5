// Restores the whole store to a point, after a preview of every memory that would change.
import { useState } from "preact/hooks";
import { storePath } from "../api/Api.ts";
import type { StoreRestore } from "../api/types.ts";
import { ConfirmDialog } from "../components/ConfirmDialog.tsx";
import { useConsole } from "../components/context.ts";
import { PointInput } from "../components/PointInput.tsx";
import { StoreDiffList } from "../components/StoreDiffList.tsx";
import { NOW_POINT, pointBody } from "../lib/format.ts";
import { href } from "../lib/route.ts";
import type { TabProps } from "./Store.tsx";

export function RestoreTab({ store, route, writable }: TabProps) {
  const { api, announce } = useConsole();
  const point = route.params.get("point") ?? "";
  const [input, setInput] = useState(point);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<StoreRestore | null>(null);
  const preview = (e: Event) => {
    e.preventDefault();
    setResult(null);
    location.hash = href.store(store.id, "restore", null, { point: input.trim() });
  };
  return (
    <section aria-label="Restore the store">
      <p>Restoring writes one new version per memory that differs; the history is kept, so a restore can itself be undone.</p>
      <form class="toolbar" onSubmit={preview}>
        <PointInput id="restore-point" storeId={store.id} label="Restore to" value={input} onInput={setInput} />
        <button type="submit">Preview</button>
      </form>
      {result && (
        <p role="status" class="card">
          Restored to {result.restored_to.as_of}: {result.versions.length} version{result.versions.length === 1 ? "" : "s"} written.{" "}
          <a href={href.store(store.id, "history")}>See the history</a>
        </p>
      )}
      {point && !result && (
        <>
          <h2>What restoring to {point} changes</h2>
          {writable && (
            <p>
              <button type="button" class="primary" onClick={() => setConfirming(true)}>
                Restore store to {point}
              </button>
            </p>
          )}
          <StoreDiffList storeId={store.id} from={NOW_POINT} to={point} empty="The store already is as it was then: nothing to restore." />
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Restore ${store.name} to ${point}?`}
          action="Restore store"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const r = await api.post<StoreRestore>(storePath(store.id, "/restore"), pointBody(point));
            setResult(r);
            announce(`Restored: ${r.versions.length} versions written`);
          }}
        >
          <p>Every memory shown in the preview changes, as one batch.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
