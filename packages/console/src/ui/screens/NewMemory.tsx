// A new memory at a path.
import { useState } from "preact/hooks";
import { storePath } from "../api/Api.ts";
import { errorText } from "../api/ApiError.ts";
import type { Memory } from "../api/types.ts";
import { useConsole } from "../components/context.ts";
import { href } from "../lib/route.ts";

export function NewMemory({ storeId, onCreated }: { storeId: string; onCreated: () => void }) {
  const { api, announce } = useConsole();
  const [path, setPath] = useState("/");
  const [content, setContent] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const m = await api.post<Memory>(storePath(storeId, "/memories"), { path, content });
      announce(`Created ${m.path}`);
      onCreated();
      location.hash = href.store(storeId, "memories", m.id);
    } catch (err) {
      setError(errorText(err));
    }
  };
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
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary">
          Create
        </button>
      </div>
    </form>
  );
}
