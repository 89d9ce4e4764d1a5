// Memories: the path tree beside the selected memory (or the form for a new one).
import { useCallback, useState } from "preact/hooks";
import { ancestors } from "../lib/paths.ts";
import { href } from "../lib/route.ts";
import { MemoryDetail } from "./MemoryDetail.tsx";
import { MemoryTree } from "./MemoryTree.tsx";
import { NewMemory } from "./NewMemory.tsx";
import type { TabProps } from "./Store.tsx";

export function MemoriesTab({ store, route, writable }: TabProps) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [generation, setGeneration] = useState(0);
  const toggle = (prefix: string) =>
    setExpanded((old) => {
      const next = new Set(old);
      if (!next.delete(prefix)) next.add(prefix);
      return next;
    });
  const reveal = useCallback((path: string) => {
    setExpanded((old) => {
      const missing = ancestors(path).filter((p) => !old.has(p));
      return missing.length === 0 ? old : new Set([...old, ...missing]);
    });
  }, []);
  const changed = useCallback(() => setGeneration((g) => g + 1), []);
  const id = route.id;
  return (
    <div class="split">
      <div>
        {writable && (
          <p>
            <a class="button" href={href.store(store.id, "memories", "new")}>
              New memory
            </a>
          </p>
        )}
        <MemoryTree tree={{ storeId: store.id, selectedId: id, expanded, toggle, generation }} />
      </div>
      <div>
        {id === "new" && writable ? (
          <NewMemory storeId={store.id} onCreated={changed} />
        ) : id ? (
          <MemoryDetail key={id} storeId={store.id} memoryId={id} writable={writable} onPath={reveal} onChanged={changed} />
        ) : (
          <p class="muted">Choose a memory on the left to read it.</p>
        )}
      </div>
    </div>
  );
}
