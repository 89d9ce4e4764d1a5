// One version: its content, its diff against the previous version of its memory, restoring
// the memory to it (after a preview), and redaction (admin keys).
import { useState } from "preact/hooks";
import { storePath } from "../api/Api.ts";
import { ApiError } from "../api/ApiError.ts";
import { canRedact } from "../api/can.ts";
import type { Memory, MemoryDiff, MemoryStore, MemoryVersion } from "../api/types.ts";
import { ConfirmDialog } from "../components/ConfirmDialog.tsx";
import { useConsole } from "../components/context.ts";
import { DiffView } from "../components/DiffView.tsx";
import { Content } from "../components/Content.tsx";
import { Await } from "../components/Status.tsx";
import { useLoad } from "../components/useLoad.ts";
import { actorLabel, bytes, when } from "../lib/format.ts";
import { lineDiff } from "../lib/lineDiff.ts";
import { href } from "../lib/route.ts";
import { parseUnifiedDiff, toHunks } from "../lib/unifiedDiff.ts";

function PreviousDiff({ storeId, versionId }: { storeId: string; versionId: string }) {
  const { api } = useConsole();
  const diff = useLoad(() => api.get<MemoryDiff>(storePath(storeId, `/memory_versions/${encodeURIComponent(versionId)}/diff`)), [storeId, versionId]);
  return (
    <Await state={diff} what="the diff">
      {(d) =>
        d.redacted ? (
          <p class="muted">A side of this diff is redacted.</p>
        ) : (
          <DiffView hunks={parseUnifiedDiff(d.diff ?? "")} label="Changes in this version" />
        )
      }
    </Await>
  );
}

/** What restoring the memory to `v` would change: its current content (if live) against v's. */
function RestorePreview({ storeId, v }: { storeId: string; v: MemoryVersion }) {
  const { api } = useConsole();
  const current = useLoad(
    () =>
      api.get<Memory>(storePath(storeId, `/memories/${encodeURIComponent(v.memory_id)}`)).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }),
    [storeId, v.memory_id],
  );
  return (
    <Await state={current} what="the current memory">
      {(m) => (
        <>
          {m === null ? (
            <p>The memory is deleted now; restoring creates it again at {v.path}.</p>
          ) : m.path !== v.path ? (
            <p>
              The memory moves back from <span class="mono">{m.path}</span> to <span class="mono">{v.path}</span>.
            </p>
          ) : null}
          <DiffView hunks={toHunks(lineDiff(m?.content ?? "", v.content ?? ""))} label="What restoring changes" layout="unified" />
        </>
      )}
    </Await>
  );
}

export function VersionPage({ store, versionId, writable }: { store: MemoryStore; versionId: string; writable: boolean }) {
  const { api, who, announce } = useConsole();
  const [pending, setPending] = useState<"restore" | "redact" | null>(null);
  const version = useLoad(() => api.get<MemoryVersion>(storePath(store.id, `/memory_versions/${encodeURIComponent(versionId)}`)), [store.id, versionId]);
  return (
    <Await state={version} what="the version">
      {(v) => (
        <article aria-labelledby="version-title">
          <p class="crumbs">
            <a href={href.store(store.id, "history")}>History</a>
          </p>
          <h2 id="version-title">
            <span class={`op op-${v.operation}`}>{v.operation}</span> <span class="mono">{v.path ?? "(redacted)"}</span>
            {v.redacted_at && <span class="badge">redacted</span>}
          </h2>
          <dl class="facts small">
            <dt>Version</dt>
            <dd class="mono">{v.id}</dd>
            <dt>Memory</dt>
            <dd class="mono">
              <a href={href.store(store.id, "memories", v.memory_id)}>{v.memory_id}</a>
            </dd>
            <dt>Who</dt>
            <dd class="mono">{actorLabel(v.created_by)}</dd>
            <dt>When</dt>
            <dd>{when(v.created_at)}</dd>
            <dt>Size</dt>
            <dd>{bytes(v.content_size_bytes)}</dd>
            <dt>SHA-256</dt>
            <dd class="mono">{v.content_sha256 ?? "—"}</dd>
            {v.redacted_at && (
              <>
                <dt>Redacted</dt>
                <dd>
                  {when(v.redacted_at)} by <span class="mono">{actorLabel(v.redacted_by)}</span>
                </dd>
              </>
            )}
          </dl>
          <div class="toolbar">
            {writable && v.operation !== "deleted" && !v.redacted_at && (
              <button type="button" class="primary" onClick={() => setPending("restore")}>
                Restore memory to this version
              </button>
            )}
            {canRedact(who) && !v.redacted_at && (
              <button type="button" class="danger" onClick={() => setPending("redact")}>
                Redact
              </button>
            )}
          </div>
          {v.redacted_at ? (
            <p class="muted">This version's path and content were redacted; they are gone from the store's history.</p>
          ) : v.content !== null ? (
            <>
              <h3>Content</h3>
              <Content text={v.content} initial="raw" />
            </>
          ) : null}
          <h3>Changes from the previous version</h3>
          <PreviousDiff storeId={store.id} versionId={v.id} />
          {pending === "restore" && (
            <ConfirmDialog
              title={`Restore ${v.path} to this version?`}
              action="Restore"
              onClose={() => setPending(null)}
              onConfirm={async () => {
                await api.post(storePath(store.id, `/memories/${encodeURIComponent(v.memory_id)}/restore`), { version_id: v.id });
                announce(`Restored ${v.path}`);
                location.hash = href.store(store.id, "memories", v.memory_id);
              }}
            >
              <p>Restoring writes one new version; nothing in the history is lost.</p>
              <RestorePreview storeId={store.id} v={v} />
            </ConfirmDialog>
          )}
          {pending === "redact" && (
            <ConfirmDialog
              title="Redact this version?"
              action="Redact"
              danger
              onClose={() => setPending(null)}
              onConfirm={async () => {
                await api.post(storePath(store.id, `/memory_versions/${encodeURIComponent(v.id)}/redact`));
                announce("Version redacted");
                version.reload();
              }}
            >
              <p>
                The content and path of <span class="mono">{v.id}</span> are removed from the store's history for good (the history is rewritten). The
                row stays in the timeline, marked redacted. Clones and backups made before keep their copy.
              </p>
            </ConfirmDialog>
          )}
        </article>
      )}
    </Await>
  );
}
