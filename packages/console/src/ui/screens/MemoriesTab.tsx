import type { TabProps } from "./Store.tsx";

export function MemoriesTab(_p: TabProps) {
  return <p class="muted">Coming soon.</p>;
}
