// Move a memory to another path (same id, one `modified` version).
import { useState } from "preact/hooks";
import { storePath } from "../api/Api.ts";
import { errorText } from "../api/ApiError.ts";
import type { Memory } from "../api/types.ts";
import { useConsole } from "../components/context.ts";
import { Dialog } from "../components/Dialog.tsx";

export function RenameMemory({ memory, onClose, onRenamed }: { memory: Memory; onClose: () => void; onRenamed: () => void }) {
  const { api, announce } = useConsole();
  const [path, setPath] = useState(memory.path);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await api.post(storePath(memory.memory_store_id, `/memories/${encodeURIComponent(memory.id)}`), {
        path,
        precondition: { type: "content_sha256", content_sha256: memory.content_sha256 },
      });
      announce(`Renamed to ${path}`);
      onRenamed();
      onClose();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Dialog title={`Rename ${memory.path}`} onClose={onClose}>
      <form onSubmit={submit}>
        <label>
          New path
          <input class="mono" value={path} onInput={(e) => setPath(e.currentTarget.value)} required />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary">
            Rename
          </button>
        </div>
      </form>
    </Dialog>
  );
}
