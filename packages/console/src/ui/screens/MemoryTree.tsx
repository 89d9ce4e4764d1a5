// The store's paths as a tree. Each folder is one `depth=1` listing of its prefix, fetched
// when opened, so a store of thousands of memories costs one short listing per open folder
// (the server rolls deeper paths up into `memory_prefix` items).
import { storePath } from "../api/Api.ts";
import type { Memory, MemoryPrefix, Page } from "../api/types.ts";
import { useConsole } from "../components/context.ts";
import { ErrorNote, Loading } from "../components/Status.tsx";
import { usePaged } from "../components/usePaged.ts";
import { leafName } from "../lib/paths.ts";
import { href } from "../lib/route.ts";

export interface TreeState {
  storeId: string;
  selectedId: string | null;
  expanded: ReadonlySet<string>;
  toggle: (prefix: string) => void;
  /** Bumped after a write, so open folders list again. */
  generation: number;
}

function Folder({ prefix, tree }: { prefix: string; tree: TreeState }) {
  const { api } = useConsole();
  // Every page of the folder, each shown as it arrives: a folder of 2,000 shows its first
  // hundred after one request.
  const { items, error } = usePaged(
    (page) => api.get<Page<Memory | MemoryPrefix>>(storePath(tree.storeId, "/memories"), { path_prefix: prefix, depth: 1, limit: 100, page }),
    [tree.storeId, prefix, tree.generation],
    { all: true },
  );
  if (error !== undefined) return <ErrorNote error={error} />;
  if (items === null) return <Loading what={prefix} />;
  if (items.length === 0) return <p class="muted small">Empty.</p>;
  return (
    <ul role="list">
      {items.map((item) =>
        item.type === "memory_prefix" ? (
          <li key={item.path}>
            <button type="button" class="dir" aria-expanded={tree.expanded.has(item.path)} onClick={() => tree.toggle(item.path)}>
              {leafName(item.path)}/
            </button>
            {tree.expanded.has(item.path) && <Folder prefix={item.path} tree={tree} />}
          </li>
        ) : (
          <li key={item.id}>
            <a href={href.store(tree.storeId, "memories", item.id)} aria-current={item.id === tree.selectedId ? "page" : undefined} title={item.path}>
              {leafName(item.path)}
            </a>
          </li>
        ),
      )}
    </ul>
  );
}

export function MemoryTree({ tree }: { tree: TreeState }) {
  return (
    <nav class="tree" aria-label="Memories by path">
      <Folder prefix="/" tree={tree} />
    </nav>
  );
}
