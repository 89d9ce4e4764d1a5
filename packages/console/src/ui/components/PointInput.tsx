// A point in history (a memver_ id, an RFC 3339 time or a checkpoint name), with the store's
// checkpoints offered as suggestions.
import type { Checkpoint } from "../api/types.ts";
import { storePath } from "../api/Api.ts";
import { useConsole } from "./context.ts";
import { useLoad } from "./useLoad.ts";

export function PointInput(p: { storeId: string; label: string; value: string; onInput: (v: string) => void; id: string }) {
  const { api } = useConsole();
  const checkpoints = useLoad(() => api.all<Checkpoint>(storePath(p.storeId, "/checkpoints"), { limit: 100 }), [p.storeId]);
  return (
    <label>
      {p.label}
      <input
        class="mono"
        list={`${p.id}-list`}
        value={p.value}
        onInput={(e) => p.onInput(e.currentTarget.value)}
        placeholder="memver_…, 2026-11-24T14:00:00Z or a checkpoint"
        required
      />
      <datalist id={`${p.id}-list`}>
        {(checkpoints.data ?? []).map((c) => (
          <option key={c.name} value={c.name} />
        ))}
      </datalist>
    </label>
  );
}
