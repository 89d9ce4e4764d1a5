// A store's row figures from the stats route; dashes where the server has none to give.
import type { StoreStats } from "../api/types.ts";
import { useConsole } from "../components/context.ts";
import { useLoad } from "../components/useLoad.ts";
import { storePath } from "../api/Api.ts";
import { bytes, when } from "../lib/format.ts";

export function StoreStatsCells({ storeId }: { storeId: string }) {
  const { api } = useConsole();
  const stats = useLoad(() => api.get<StoreStats>(storePath(storeId, "/stats")), [storeId]);
  const s = stats.data;
  return (
    <>
      <td class="num">{s ? s.memories.toLocaleString() : "—"}</td>
      <td class="num">{s ? bytes(s.live_bytes) : "—"}</td>
      <td class="num">{s ? s.versions.toLocaleString() : "—"}</td>
      <td>{s ? when(s.last_write_at) : "—"}</td>
    </>
  );
}
