// A new memory at a path.
import { useSubmit } from "../components/useSubmit.ts";
import { FormActions, FormError } from "../components/FormParts.tsx";
import { useState } from "preact/hooks";
import { storePath } from "../api/Api.ts";
import type { Memory } from "../api/types.ts";
import { useConsole } from "../components/context.ts";
import { href } from "../lib/route.ts";

export function NewMemory({ storeId, onCreated }: { storeId: string; onCreated: () => void }) {
  const { api, announce } = useConsole();
  const [path, setPath] = useState("/");
  const [content, setContent] = useState("");
  const { busy, error, submit } = useSubmit(async () => {
    const m = await api.post<Memory>(storePath(storeId, "/memories"), { path, content });
    announce(`Created ${m.path}`);
    onCreated();
    location.hash = href.store(storeId, "memories", m.id);
  });
  return (
    <form onSubmit={submit} class="card">
      <h2>New memory</h2>
      <label>
        Path
        <input class="mono" value={path} onInput={(e) => setPath(e.currentTarget.value)} required />
      </label>
      <label>
        Content
        <textarea class="mono" value={content} onInput={(e) => setContent(e.currentTarget.value)} />
      </label>
      <FormError error={error} />
      <FormActions submit="Create" disabled={busy} />
    </form>
  );
}
