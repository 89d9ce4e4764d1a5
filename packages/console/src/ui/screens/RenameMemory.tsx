// Move a memory to another path (same id, one `modified` version).
import { useSubmit } from "../components/useSubmit.ts";
import { FormActions, FormError } from "../components/FormParts.tsx";
import { useState } from "preact/hooks";
import { storePath } from "../api/Api.ts";
import type { Memory } from "../api/types.ts";
import { useConsole } from "../components/context.ts";
import { Dialog } from "../components/Dialog.tsx";

export function RenameMemory({ memory, onClose, onRenamed }: { memory: Memory; onClose: () => void; onRenamed: () => void }) {
  const { api, announce } = useConsole();
  const [path, setPath] = useState(memory.path);
  const { busy, error, submit } = useSubmit(async () => {
    await api.post(storePath(memory.memory_store_id, `/memories/${encodeURIComponent(memory.id)}`), {
      path,
      precondition: { type: "content_sha256", content_sha256: memory.content_sha256 },
    });
    announce(`Renamed to ${path}`);
    onRenamed();
    onClose();
  });
  return (
    <Dialog title={`Rename ${memory.path}`} onClose={onClose}>
      <form onSubmit={submit}>
        <label>
          New path
          <input class="mono" value={path} onInput={(e) => setPath(e.currentTarget.value)} required />
        </label>
        <FormError error={error} />
        <FormActions onCancel={onClose} submit="Rename" disabled={busy} />
      </form>
    </Dialog>
  );
}
