import type { TabProps } from "./Store.tsx";

export function RestoreTab(_p: TabProps) {
  return <p class="muted">Coming soon.</p>;
}
