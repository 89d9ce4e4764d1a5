// Stores of the workspace: list (archived behind a toggle), create, rename, archive, delete.
import { PageTitle } from "../components/PageTitle.tsx";
import { useState } from "preact/hooks";
import { storePath } from "../api/Api.ts";
import { canManageStores } from "../api/can.ts";
import type { MemoryStore } from "../api/types.ts";
import { ConfirmDialog } from "../components/ConfirmDialog.tsx";
import { useConsole } from "../components/context.ts";
import { Await } from "../components/Status.tsx";
import { useLoad } from "../components/useLoad.ts";
import { href } from "../lib/route.ts";
import { StoreForm } from "./StoreForm.tsx";
import { StoreStatsCells } from "./StoreStatsCells.tsx";

type Pending = { kind: "create" } | { kind: "rename" | "archive" | "delete"; store: MemoryStore } | null;

export function StoresScreen() {
  const { api, who, announce } = useConsole();
  const [archived, setArchived] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const stores = useLoad(() => api.all<MemoryStore>("/v1/memory_stores", { include_archived: archived, limit: 100 }), [archived]);
  const manage = canManageStores(who);
  const close = () => setPending(null);
  const done = (message: string) => {
    announce(message);
    stores.reload();
  };
  return (
    <section aria-labelledby="stores-title">
      <div class="title-row">
        <PageTitle id="stores-title">
          Memory stores
        </PageTitle>
        {manage && (
          <button type="button" class="primary" onClick={() => setPending({ kind: "create" })}>
            New store
          </button>
        )}
      </div>
      <label class="inline">
        <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.currentTarget.checked)} />
        Show archived stores
      </label>
      <Await state={stores} what="stores">
        {(list) =>
          list.length === 0 ? (
            <p class="muted">No stores yet.</p>
          ) : (
            <div class="table-scroll">
              <table class="list">
                <caption class="sr-only">Memory stores</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col" class="num">
                      Memories
                    </th>
                    <th scope="col" class="num">
                      Size
                    </th>
                    <th scope="col" class="num">
                      Versions
                    </th>
                    <th scope="col">Last write</th>
                    {manage && <th scope="col">Actions</th>}
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">
                        <a href={href.store(s.id)}>{s.name}</a>
                        {s.archived_at && <span class="badge">archived</span>}
                        <div class="muted small mono">{s.id}</div>
                        {s.description && <div class="muted small">{s.description}</div>}
                      </th>
                      <StoreStatsCells storeId={s.id} />
                      {manage && (
                        <td class="row-actions">
                          {!s.archived_at && (
                            <button type="button" onClick={() => setPending({ kind: "rename", store: s })} aria-label={`Rename ${s.name}`}>
                              Rename
                            </button>
                          )}
                          {!s.archived_at && (
                            <button type="button" onClick={() => setPending({ kind: "archive", store: s })} aria-label={`Archive ${s.name}`}>
                              Archive
                            </button>
                          )}
                          <button type="button" class="danger" onClick={() => setPending({ kind: "delete", store: s })} aria-label={`Delete ${s.name}`}>
                            Delete
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Await>
      {pending?.kind === "create" && (
        <StoreForm
          title="New memory store"
          onClose={close}
          onSave={async (f) => {
            const s = await api.post<MemoryStore>("/v1/memory_stores", f);
            done(`Created store ${s.name}`);
          }}
        />
      )}
      {pending?.kind === "rename" && (
        <StoreForm
          title={`Rename ${pending.store.name}`}
          store={pending.store}
          onClose={close}
          onSave={async (f) => {
            await api.post(storePath(pending.store.id), f);
            done(`Renamed store to ${f.name}`);
          }}
        />
      )}
      {pending?.kind === "archive" && (
        <ConfirmDialog
          title={`Archive ${pending.store.name}?`}
          action="Archive"
          onClose={close}
          onConfirm={async () => {
            await api.post(storePath(pending.store.id, "/archive"));
            done(`Archived ${pending.store.name}`);
          }}
        >
          <p>An archived store can still be read and deleted, but no longer written or attached to sessions. Archiving cannot be undone.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete ${pending.store.name}?`}
          action="Delete store"
          danger
          typeToConfirm={pending.store.name}
          onClose={close}
          onConfirm={async () => {
            await api.delete(storePath(pending.store.id));
            done(`Deleted ${pending.store.name}`);
          }}
        >
          <p>
            This deletes the store <strong>{pending.store.name}</strong> ({pending.store.id}), every memory in it and its whole history. It cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
