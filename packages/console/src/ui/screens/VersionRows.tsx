// A table of versions: who, what, when; each links to the version's page. With `compare`, a
// first column of checkboxes picks versions to compare (redacted and deleted ones have no
// content to compare).
import type { MemoryVersion } from "../api/types.ts";
import { actorLabel, bytes, when } from "../lib/format.ts";
import { href } from "../lib/route.ts";

export interface CompareColumn {
  picked: readonly string[];
  onPick: (versionId: string, on: boolean) => void;
}

export function VersionRows({ storeId, versions, caption, compare }: { storeId: string; versions: MemoryVersion[]; caption: string; compare?: CompareColumn }) {
  if (versions.length === 0) return <p class="muted">No versions.</p>;
  return (
    <div class="table-scroll">
      <table class="list timeline">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            {compare && <th scope="col">Compare</th>}
            <th scope="col">When</th>
            <th scope="col">Operation</th>
            <th scope="col">Path</th>
            <th scope="col">Who</th>
            <th scope="col" class="num">
              Size
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id} class={v.redacted_at ? "redacted" : undefined}>
              {compare && (
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare version of ${when(v.created_at)}`}
                    disabled={v.redacted_at !== null || v.operation === "deleted"}
                    checked={compare.picked.includes(v.id)}
                    onChange={(e) => compare.onPick(v.id, e.currentTarget.checked)}
                  />
                </td>
              )}
              <td>
                <a href={href.store(storeId, "history", v.id)}>{when(v.created_at)}</a>
              </td>
              <td>
                <span class={`op op-${v.operation}`}>{v.operation}</span>
                {v.redacted_at && <span class="badge">redacted</span>}
              </td>
              <td class="mono">{v.path ?? <span class="muted">(redacted)</span>}</td>
              <td class="mono small">
                {v.created_by?.type === "session_actor" ? <a href={href.session(v.created_by.session_id)}>{actorLabel(v.created_by)}</a> : actorLabel(v.created_by)}
              </td>
              <td class="num">{bytes(v.content_size_bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
