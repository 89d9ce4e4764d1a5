// One memory: rendered or raw, its size and hash, and what can be done to it.
import { useEffect, useState } from "preact/hooks";
import { storePath } from "../api/Api.ts";
import type { Memory } from "../api/types.ts";
import { ConfirmDialog } from "../components/ConfirmDialog.tsx";
import { useConsole } from "../components/context.ts";
import { Content } from "../components/Content.tsx";
import { Await } from "../components/Status.tsx";
import { useLoad } from "../components/useLoad.ts";
import { bytes, when } from "../lib/format.ts";
import { href } from "../lib/route.ts";
import { MemoryEditor } from "./MemoryEditor.tsx";
import { MemoryHistory } from "./MemoryHistory.tsx";
import { MemoryRestore } from "./MemoryRestore.tsx";
import { RenameMemory } from "./RenameMemory.tsx";

type Mode = "view" | "edit" | "rename" | "delete";

export interface MemoryDetailProps {
  storeId: string;
  memoryId: string;
  writable: boolean;
  onPath: (path: string) => void;
  onChanged: () => void;
}

export function MemoryFacts({ m }: { m: Memory }) {
  return (
    <dl class="facts small">
      <dt>Size</dt>
      <dd>
        {bytes(m.content_size_bytes)} ({m.content_size_bytes.toLocaleString()} bytes)
      </dd>
      <dt>SHA-256</dt>
      <dd class="mono">{m.content_sha256}</dd>
      <dt>Version</dt>
      <dd class="mono">
        <a href={href.store(m.memory_store_id, "history", m.memory_version_id)}>{m.memory_version_id}</a>
      </dd>
      <dt>Updated</dt>
      <dd>{when(m.updated_at)}</dd>
      <dt>Id</dt>
      <dd class="mono">{m.id}</dd>
    </dl>
  );
}

export function MemoryDetail(p: MemoryDetailProps) {
  const { api, announce } = useConsole();
  const [mode, setMode] = useState<Mode>("view");
  const memory = useLoad(() => api.get<Memory>(storePath(p.storeId, `/memories/${encodeURIComponent(p.memoryId)}`)), [p.storeId, p.memoryId]);
  const path = memory.data?.path;
  useEffect(() => {
    if (path) p.onPath(path);
  }, [path]);
  const saved = () => {
    setMode("view");
    memory.reload();
    p.onChanged();
  };
  return (
    <Await state={memory} what="the memory">
      {(m) => (
        <article aria-labelledby="memory-path">
          <h2 id="memory-path" class="mono">
            {m.path}
          </h2>
          <MemoryFacts m={m} />
          {mode === "edit" ? (
            <MemoryEditor memory={m} onSaved={saved} onCancel={() => setMode("view")} />
          ) : (
            <Content
              text={m.content ?? ""}
              tools={
                p.writable && (
                  <>
                    <button type="button" class="primary" onClick={() => setMode("edit")}>
                      Edit
                    </button>
                    <button type="button" onClick={() => setMode("rename")}>
                      Rename
                    </button>
                    <button type="button" class="danger" onClick={() => setMode("delete")}>
                      Delete
                    </button>
                  </>
                )
              }
            />
          )}
          {mode === "rename" && <RenameMemory memory={m} onClose={() => setMode("view")} onRenamed={saved} />}
          {mode === "delete" && (
            <ConfirmDialog
              title={`Delete ${m.path}?`}
              action="Delete memory"
              danger
              onClose={() => setMode("view")}
              onConfirm={async () => {
                await api.delete(storePath(p.storeId, `/memories/${encodeURIComponent(m.id)}`), { expected_content_sha256: m.content_sha256 });
                announce(`Deleted ${m.path}`);
                p.onChanged();
                location.hash = href.store(p.storeId, "memories");
              }}
            >
              <p>
                The memory leaves the store; its versions stay in the history, where it can be restored from.
              </p>
            </ConfirmDialog>
          )}
          <MemoryHistory storeId={p.storeId} memory={m} />
          {p.writable && mode === "view" && <MemoryRestore key={m.memory_version_id} memory={m} onRestored={saved} />}
        </article>
      )}
    </Await>
  );
}
