// Create a store, or rename one (name and description).
import { useState } from "preact/hooks";
import { errorText } from "../api/ApiError.ts";
import type { MemoryStore } from "../api/types.ts";
import { Dialog } from "../components/Dialog.tsx";

export function StoreForm(p: { title: string; store?: MemoryStore; onSave: (fields: { name: string; description: string }) => Promise<void>; onClose: () => void }) {
  const [name, setName] = useState(p.store?.name ?? "");
  const [description, setDescription] = useState(p.store?.description ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await p.onSave({ name, description });
      p.onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title={p.title} onClose={p.onClose}>
      <form onSubmit={submit}>
        <label>
          Name
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={255} />
        </label>
        <label>
          Description
          <textarea value={description} onInput={(e) => setDescription(e.currentTarget.value)} rows={3} maxLength={1024} />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="button" onClick={p.onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
