import type { TabProps } from "./Store.tsx";

export function BackupsTab(_p: TabProps) {
  return <p class="muted">Coming soon.</p>;
}
