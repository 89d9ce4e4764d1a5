import type { TabProps } from "./Store.tsx";

export function HistoryTab(_p: TabProps) {
  return <p class="muted">Coming soon.</p>;
}
