import type { TabProps } from "./Store.tsx";

export function CheckpointsTab(_p: TabProps) {
  return <p class="muted">Coming soon.</p>;
}
