// Copies of the store: the clone command (git smart HTTP, same credentials as the API), and
// the store's backup remotes with their status (admin keys).
import { FormError } from "../components/FormParts.tsx";
import { useState } from "preact/hooks";
import { storePath } from "../api/Api.ts";
import { ApiError, errorText } from "../api/ApiError.ts";
import { canRedact } from "../api/can.ts";
import type { Page, Remote } from "../api/types.ts";
import { useConsole } from "../components/context.ts";
import { Await } from "../components/Status.tsx";
import { useLoad } from "../components/useLoad.ts";
import { when } from "../lib/format.ts";
import type { TabProps } from "./Store.tsx";

function CopyCommand({ command, label }: { command: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(command);
    setCopied(true);
  };
  return (
    <div class="copy-row">
      <input class="mono" readOnly value={command} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" onClick={() => void copy()}>
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}

function Remotes({ storeId }: { storeId: string }) {
  const { api, announce } = useConsole();
  const remotes = useLoad(
    () =>
      api.get<Page<Remote>>(storePath(storeId, "/remotes")).catch((err: unknown) => {
        // A server without backups configured has no such route.
        if (err instanceof ApiError && err.status === 404 && /no route/.test(err.message)) return null;
        throw err;
      }),
    [storeId],
  );
  const [error, setError] = useState<string | null>(null);
  const push = async (name: string) => {
    setError(null);
    try {
      await api.post(storePath(storeId, `/remotes/${encodeURIComponent(name)}/push`));
      announce(`Pushed to ${name}`);
      remotes.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Await state={remotes} what="backup remotes">
      {(page) =>
        page === null ? (
          <p class="muted">This server does not push backups.</p>
        ) : page.data.length === 0 ? (
          <p class="muted">No backup remotes. Add one with <code>memgit remotes</code>.</p>
        ) : (
          <>
            <FormError error={error} />
            <div class="table-scroll">
              <table class="list">
                <caption class="sr-only">Backup remotes</caption>
                <thead>
                  <tr>
                    <th scope="col">Remote</th>
                    <th scope="col">State</th>
                    <th scope="col">Last push</th>
                    <th scope="col" class="num">
                      Versions behind
                    </th>
                    <th scope="col">Last error</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((r) => (
                    <tr key={r.name}>
                      <th scope="row">
                        {r.name}
                        <div class="muted small mono">{r.url}</div>
                      </th>
                      <td>{r.state}</td>
                      <td>{when(r.last_success_at)}</td>
                      <td class="num">{r.versions_behind ?? "—"}</td>
                      <td class="small">{r.last_error ? `${when(r.last_error_at)}: ${r.last_error}` : "—"}</td>
                      <td>
                        <button type="button" onClick={() => void push(r.name)} aria-label={`Push to ${r.name} now`}>
                          Push now
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )
      }
    </Await>
  );
}

export function BackupsTab({ store }: TabProps) {
  const { who } = useConsole();
  const url = `${location.origin}/git/${store.id}.git`;
  return (
    <section aria-label="Backups">
      <h2>Clone</h2>
      <p>The store is a git repository. git asks for a password: give your API key (any user name). Clones are read-only.</p>
      <CopyCommand label="Clone command" command={`git clone ${url} ${store.id}`} />
      <CopyCommand label="Backup command" command={`git clone --mirror ${url} ${store.id}.git`} />
      <h2>Backup remotes</h2>
      {canRedact(who) ? <Remotes storeId={store.id} /> : <p class="muted">Backup remotes are shown to admin keys.</p>}
    </section>
  );
}
