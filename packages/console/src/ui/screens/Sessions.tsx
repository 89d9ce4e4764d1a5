// Sessions: which stores each has attached, in which mode, and what each wrote.
import { PageTitle } from "../components/PageTitle.tsx";
import { storePath } from "../api/Api.ts";
import type { MemoryVersion, Page, Session } from "../api/types.ts";
import { useConsole } from "../components/context.ts";
import { Await } from "../components/Status.tsx";
import { useLoad } from "../components/useLoad.ts";
import { href } from "../lib/route.ts";
import type { TabProps } from "./Store.tsx";
import { VersionRows } from "./VersionRows.tsx";

function SessionTable({ sessions, caption }: { sessions: Session[]; caption: string }) {
  if (sessions.length === 0) return <p class="muted">No sessions.</p>;
  return (
    <div class="table-scroll">
      <table class="list">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Attached stores</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <a href={href.session(s.id)}>{s.title || s.id}</a>
                <div class="muted small mono">{s.id}</div>
              </th>
              <td>
                <ul class="plain">
                  {s.resources.map((r) => (
                    <li key={r.memory_store_id}>
                      {r.name} <span class="badge">{r.access}</span>
                    </li>
                  ))}
                </ul>
              </td>
              <td>{new Date(s.created_at).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SessionsScreen() {
  const { api } = useConsole();
  const sessions = useLoad(() => api.all<Session>("/v1/sessions", { limit: 100 }), []);
  return (
    <section>
      <PageTitle>Sessions</PageTitle>
      <Await state={sessions} what="sessions">
        {(list) => <SessionTable sessions={list} caption="Sessions" />}
      </Await>
    </section>
  );
}

export function StoreSessionsTab({ store }: TabProps) {
  const { api } = useConsole();
  const sessions = useLoad(() => api.all<Session>("/v1/sessions", { memory_store_id: store.id, limit: 100 }), [store.id]);
  return (
    <Await state={sessions} what="sessions">
      {(list) => <SessionTable sessions={list} caption={`Sessions attached to ${store.name}`} />}
    </Await>
  );
}

function WrittenBy({ storeId, sessionId }: { storeId: string; sessionId: string }) {
  const { api } = useConsole();
  const versions = useLoad(
    () => api.get<Page<MemoryVersion>>(storePath(storeId, "/memory_versions"), { session_id: sessionId, limit: 50 }),
    [storeId, sessionId],
  );
  return (
    <Await state={versions} what="versions">
      {(page) => (
        <>
          <VersionRows storeId={storeId} versions={page.data} caption="Versions this session wrote" />
          {page.next_page && (
            <p>
              <a href={href.store(storeId, "history", null, { session_id: sessionId })}>All versions this session wrote</a>
            </p>
          )}
        </>
      )}
    </Await>
  );
}

export function SessionScreen({ sessionId }: { sessionId: string }) {
  const { api } = useConsole();
  const session = useLoad(() => api.get<Session>(`/v1/sessions/${encodeURIComponent(sessionId)}`), [sessionId]);
  return (
    <Await state={session} what="the session">
      {(s) => (
        <section>
          <PageTitle>Session {s.title || s.id}</PageTitle>
          <p class="mono muted">{s.id}</p>
          {s.resources.length === 0 && <p class="muted">No stores attached.</p>}
          {s.resources.map((r) => (
            <section key={r.memory_store_id} class="card">
              <h2>
                <a href={href.store(r.memory_store_id)}>{r.name}</a> <span class="badge">{r.access}</span>
              </h2>
              <p class="muted small">
                mounted at <code>{r.mount_path}</code>
                {r.instructions && <> — {r.instructions}</>}
              </p>
              <WrittenBy storeId={r.memory_store_id} sessionId={s.id} />
            </section>
          ))}
        </section>
      )}
    </Await>
  );
}
