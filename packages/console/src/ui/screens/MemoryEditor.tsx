// Edits a memory against the version it was opened at (a content_sha256 precondition). If
// someone wrote it meanwhile, the save is refused and both changes are shown; nothing is
// overwritten unless the user rebases onto the newer version and saves again.
import { FormActions, FormError } from "../components/FormParts.tsx";
import { useState } from "preact/hooks";
import { storePath } from "../api/Api.ts";
import { errorText, isPreconditionFailed } from "../api/ApiError.ts";
import type { Memory } from "../api/types.ts";
import { useConsole } from "../components/context.ts";
import { DiffView } from "../components/DiffView.tsx";
import { lineDiff } from "../lib/lineDiff.ts";
import { toHunks } from "../lib/unifiedDiff.ts";

export function MemoryEditor({ memory, onSaved, onCancel }: { memory: Memory; onSaved: () => void; onCancel: () => void }) {
  const { api, announce } = useConsole();
  const [base, setBase] = useState(memory);
  const [draft, setDraft] = useState(memory.content ?? "");
  const [conflict, setConflict] = useState<Memory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const url = storePath(memory.memory_store_id, `/memories/${encodeURIComponent(memory.id)}`);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(url, { content: draft, precondition: { type: "content_sha256", content_sha256: base.content_sha256 } });
      announce(`Saved ${memory.path}`);
      onSaved();
    } catch (err) {
      if (isPreconditionFailed(err)) {
        setConflict(await api.get<Memory>(url));
        announce("Not saved: the memory changed since you opened it");
      } else setError(errorText(err));
      setBusy(false);
    }
  };

  const rebase = () => {
    if (conflict === null) return;
    setBase(conflict);
    setConflict(null);
  };

  return (
    <form onSubmit={save} aria-label={`Edit ${memory.path}`}>
      {conflict && (
        <section class="card" role="alert" aria-labelledby="conflict-title">
          <h3 id="conflict-title">Not saved: this memory changed since you opened it</h3>
          <p>
            It is now at version <span class="mono">{conflict.memory_version_id}</span>. Your edit was not written. Compare, then either keep editing
            on top of the newer version or discard your edit.
          </p>
          <h4>What changed meanwhile</h4>
          <DiffView hunks={toHunks(lineDiff(base.content ?? "", conflict.content ?? ""))} label="Changes made meanwhile" />
          <h4>Your edit against the newer version</h4>
          <DiffView hunks={toHunks(lineDiff(conflict.content ?? "", draft))} label="Your edit against the newer version" />
          <div class="actions">
            <button type="button" onClick={onCancel}>
              Discard my edit
            </button>
            <button type="button" class="primary" onClick={rebase}>
              Keep editing on the newer version
            </button>
          </div>
        </section>
      )}
      <label>
        Content
        <textarea class="mono" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
      </label>
      <p class="muted small">
        Saves only if the memory still has SHA-256 <span class="mono">{base.content_sha256.slice(0, 12)}…</span>
      </p>
      <FormError error={error} />
      <FormActions onCancel={onCancel} submit="Save" disabled={busy || conflict !== null} />
    </form>
  );
}
