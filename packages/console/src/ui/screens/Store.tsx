// One store: its name, and a tab per view of it.
import { PageTitle } from "../components/PageTitle.tsx";
import type { ComponentType } from "preact";
import { storePath } from "../api/Api.ts";
import { canWriteStore } from "../api/can.ts";
import type { MemoryStore } from "../api/types.ts";
import { useConsole } from "../components/context.ts";
import { Await } from "../components/Status.tsx";
import { useLoad } from "../components/useLoad.ts";
import { href, type Route, type StoreTab } from "../lib/route.ts";
import { BackupsTab } from "./BackupsTab.tsx";
import { CheckpointsTab } from "./CheckpointsTab.tsx";
import { DiffTab } from "./DiffTab.tsx";
import { HistoryTab } from "./HistoryTab.tsx";
import { MemoriesTab } from "./MemoriesTab.tsx";
import { RestoreTab } from "./RestoreTab.tsx";
import { SearchTab } from "./SearchTab.tsx";
import { StoreSessionsTab } from "./Sessions.tsx";

export type StoreRoute = Extract<Route, { name: "store" }>;

export interface TabProps {
  store: MemoryStore;
  route: StoreRoute;
  /** The credential may write this store, and the store is not archived. */
  writable: boolean;
}

const TABS: { tab: StoreTab; label: string; view: ComponentType<TabProps> }[] = [
  { tab: "memories", label: "Memories", view: MemoriesTab },
  { tab: "search", label: "Search", view: SearchTab },
  { tab: "history", label: "History", view: HistoryTab },
  { tab: "diff", label: "Diff", view: DiffTab },
  { tab: "restore", label: "Restore", view: RestoreTab },
  { tab: "checkpoints", label: "Checkpoints", view: CheckpointsTab },
  { tab: "sessions", label: "Sessions", view: StoreSessionsTab },
  { tab: "backups", label: "Backups", view: BackupsTab },
];

export function StoreScreen({ route }: { route: StoreRoute }) {
  const { api, who } = useConsole();
  const store = useLoad(() => api.get<MemoryStore>(storePath(route.storeId)), [route.storeId]);
  return (
    <Await state={store} what="the store">
      {(s) => {
        const tab = TABS.find((t) => t.tab === route.tab)!;
        const View = tab.view;
        const writable = s.archived_at === null && canWriteStore(who, s.id);
        return (
          <>
            <p class="crumbs">
              <a href={href.stores()}>Stores</a> / <span class="mono">{s.id}</span>
            </p>
            <PageTitle>
              {s.name} <span class="sr-only">— {tab.label}</span>
              {s.archived_at && <span class="badge">archived</span>}
              {!writable && <span class="badge">read only</span>}
            </PageTitle>
            <nav class="tabs" aria-label="Store views">
              {TABS.filter((t) => t.tab !== "sessions" || who.kind === "api_key").map((t) => (
                <a key={t.tab} href={href.store(s.id, t.tab)} aria-current={t.tab === route.tab ? "page" : undefined}>
                  {t.label}
                </a>
              ))}
            </nav>
            <View store={s} route={route} writable={writable} />
          </>
        );
      }}
    </Await>
  );
}
