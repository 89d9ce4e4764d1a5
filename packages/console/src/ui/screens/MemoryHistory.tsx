// A memory's timeline, with any two of its versions compared line by line.
import { useState } from "preact/hooks";
import { storePath } from "../api/Api.ts";
import type { Memory, MemoryVersion, Page } from "../api/types.ts";
import { useConsole } from "../components/context.ts";
import { DiffView } from "../components/DiffView.tsx";
import { Await, ErrorNote } from "../components/Status.tsx";
import { useLoad } from "../components/useLoad.ts";
import { when } from "../lib/format.ts";
import { lineDiff } from "../lib/lineDiff.ts";
import { href } from "../lib/route.ts";
import { toHunks } from "../lib/unifiedDiff.ts";
import { VersionRows } from "./VersionRows.tsx";

function Compare({ storeId, ids }: { storeId: string; ids: [string, string] }) {
  const { api } = useConsole();
  const pair = useLoad(
    () => Promise.all(ids.map((id) => api.get<MemoryVersion>(storePath(storeId, `/memory_versions/${encodeURIComponent(id)}`)))),
    [storeId, ids[0], ids[1]],
  );
  return (
    <Await state={pair} what="both versions">
      {(vs) => {
        // Older on the left, whatever order they were picked in.
        const [a, b] = [...vs].sort((x, y) => x.created_at.localeCompare(y.created_at)) as [MemoryVersion, MemoryVersion];
        return (
          <section aria-label="Comparison">
            <p class="small">
              From <span class="mono">{a.id}</span> ({when(a.created_at)}) to <span class="mono">{b.id}</span> ({when(b.created_at)})
            </p>
            <DiffView hunks={toHunks(lineDiff(a.content ?? "", b.content ?? ""))} label="Differences between the two versions" />
          </section>
        );
      }}
    </Await>
  );
}

export function MemoryHistory({ storeId, memory }: { storeId: string; memory: Memory }) {
  const { api } = useConsole();
  const [picked, setPicked] = useState<string[]>([]);
  const [comparing, setComparing] = useState<[string, string] | null>(null);
  const versions = useLoad(
    () => api.get<Page<MemoryVersion>>(storePath(storeId, "/memory_versions"), { memory_id: memory.id, limit: 100 }),
    [storeId, memory.id, memory.memory_version_id],
  );
  const pick = (id: string, on: boolean) => setPicked((old) => (on ? [...old.filter((x) => x !== id), id].slice(-2) : old.filter((x) => x !== id)));
  return (
    <section aria-labelledby="memory-history">
      <h3 id="memory-history">History of this memory</h3>
      <ErrorNote error={versions.error} />
      <Await state={versions} what="versions">
        {(page) => (
          <>
            <VersionRows storeId={storeId} versions={page.data} caption={`Versions of ${memory.path}, newest first`} compare={{ picked, onPick: pick }} />
            {page.next_page && (
              <p>
                <a href={href.store(storeId, "history", null, { memory_id: memory.id })}>Older versions in the store history</a>
              </p>
            )}
            <div class="actions">
              <button type="button" disabled={picked.length !== 2} onClick={() => setComparing([picked[0]!, picked[1]!])}>
                Compare selected versions
              </button>
            </div>
            {comparing && <Compare storeId={storeId} ids={comparing} />}
          </>
        )}
      </Await>
    </section>
  );
}
