// Named points in the store's history (git tags): list, create, delete, and jump to a diff or
// a restore from one.
import { FormError } from "../components/FormParts.tsx";
import { useState } from "preact/hooks";
import { storePath } from "../api/Api.ts";
import { errorText } from "../api/ApiError.ts";
import type { Checkpoint } from "../api/types.ts";
import { ConfirmDialog } from "../components/ConfirmDialog.tsx";
import { useConsole } from "../components/context.ts";
import { Await } from "../components/Status.tsx";
import { useLoad } from "../components/useLoad.ts";
import { actorLabel, NOW_POINT, when } from "../lib/format.ts";
import { href } from "../lib/route.ts";
import type { TabProps } from "./Store.tsx";

export function CheckpointsTab({ store, writable }: TabProps) {
  const { api, announce } = useConsole();
  const list = useLoad(() => api.all<Checkpoint>(storePath(store.id, "/checkpoints"), { limit: 100 }), [store.id]);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post(storePath(store.id, "/checkpoints"), { name: name.trim() });
      announce(`Checkpoint ${name} created`);
      setName("");
      list.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section aria-label="Checkpoints">
      {writable && (
        <form class="toolbar" onSubmit={create}>
          <label>
            New checkpoint name
            <input value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={100} placeholder="before-cleanup" />
          </label>
          <button type="submit" class="primary">
            Create checkpoint
          </button>
        </form>
      )}
      <FormError error={error} />
      <Await state={list} what="checkpoints">
        {(cps) =>
          cps.length === 0 ? (
            <p class="muted">No checkpoints.</p>
          ) : (
            <div class="table-scroll">
              <table class="list">
                <caption class="sr-only">Checkpoints</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">As of</th>
                    <th scope="col">Version</th>
                    <th scope="col">By</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {cps.map((c) => (
                    <tr key={c.name}>
                      <th scope="row" class="mono">
                        {c.name}
                      </th>
                      <td>{when(c.as_of)}</td>
                      <td class="mono small">
                        <a href={href.store(store.id, "history", c.memory_version_id)}>{c.memory_version_id}</a>
                      </td>
                      <td class="mono small">{actorLabel(c.created_by)}</td>
                      <td class="row-actions">
                        <a href={href.store(store.id, "diff", null, { from: c.name, to: NOW_POINT })}>Diff to now</a>{" "}
                        {writable && <a href={href.store(store.id, "restore", null, { point: c.name })}>Restore…</a>}{" "}
                        {writable && (
                          <button type="button" class="danger" onClick={() => setDeleting(c.name)} aria-label={`Delete checkpoint ${c.name}`}>
                            Delete
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Await>
      {deleting && (
        <ConfirmDialog
          title={`Delete checkpoint ${deleting}?`}
          action="Delete checkpoint"
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(storePath(store.id, `/checkpoints/${encodeURIComponent(deleting)}`));
            announce(`Checkpoint ${deleting} deleted`);
            list.reload();
          }}
        >
          <p>The name goes; the versions stay.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
