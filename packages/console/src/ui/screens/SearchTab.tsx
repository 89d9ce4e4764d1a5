import type { TabProps } from "./Store.tsx";

export function SearchTab(_p: TabProps) {
  return <p class="muted">Coming soon.</p>;
}
