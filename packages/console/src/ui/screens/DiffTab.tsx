import type { TabProps } from "./Store.tsx";

export function DiffTab(_p: TabProps) {
  return <p class="muted">Coming soon.</p>;
}
