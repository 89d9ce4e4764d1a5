// What changed in the store between two points in its history.
import { useState } from "preact/hooks";
import { PointInput } from "../components/PointInput.tsx";
import { StoreDiffList } from "../components/StoreDiffList.tsx";
import { NOW_POINT } from "../lib/format.ts";
import { href } from "../lib/route.ts";
import type { TabProps } from "./Store.tsx";

export function DiffTab({ store, route }: TabProps) {
  const from = route.params.get("from") ?? "";
  const to = route.params.get("to") ?? NOW_POINT;
  const [fromInput, setFrom] = useState(from);
  const [toInput, setTo] = useState(to);
  const submit = (e: Event) => {
    e.preventDefault();
    location.hash = href.store(store.id, "diff", null, { from: fromInput.trim(), to: toInput.trim() });
  };
  return (
    <section aria-label="Diff between two points">
      <form class="toolbar" onSubmit={submit}>
        <PointInput id="diff-from" storeId={store.id} label="From" value={fromInput} onInput={setFrom} />
        <PointInput id="diff-to" storeId={store.id} label="To" value={toInput} onInput={setTo} />
        <button type="submit" class="primary">
          Show diff
        </button>
      </form>
      <p class="muted small">A time after the newest version ({NOW_POINT}) is the store as it is now.</p>
      {from && <StoreDiffList storeId={store.id} from={from} to={to} empty="No memory differs between these points." />}
    </section>
  );
}
