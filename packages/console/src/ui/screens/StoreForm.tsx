// Create a store, or rename one (name and description).
import { useSubmit } from "../components/useSubmit.ts";
import { FormActions, FormError } from "../components/FormParts.tsx";
import { useState } from "preact/hooks";
import type { MemoryStore } from "../api/types.ts";
import { Dialog } from "../components/Dialog.tsx";

export function StoreForm(p: { title: string; store?: MemoryStore; onSave: (fields: { name: string; description: string }) => Promise<void>; onClose: () => void }) {
  const [name, setName] = useState(p.store?.name ?? "");
  const [description, setDescription] = useState(p.store?.description ?? "");
  const { busy, error, submit } = useSubmit(async () => {
    await p.onSave({ name, description });
    p.onClose();
  });
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
        <FormError error={error} />
        <FormActions onCancel={p.onClose} submit="Save" disabled={busy} />
      </form>
    </Dialog>
  );
}
