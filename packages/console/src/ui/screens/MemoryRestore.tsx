// Restores one memory to a point in history (a version, a time or a checkpoint), after a
// preview of what changes.
import { useState } from "preact/hooks";
import { storePath } from "../api/Api.ts";
import type { Memory } from "../api/types.ts";
import { ConfirmDialog } from "../components/ConfirmDialog.tsx";
import { useConsole } from "../components/context.ts";
import { DiffView } from "../components/DiffView.tsx";
import { PointInput } from "../components/PointInput.tsx";
import { Await } from "../components/Status.tsx";
import { useLoad } from "../components/useLoad.ts";
import { pointBody } from "../lib/format.ts";
import { lineDiff } from "../lib/lineDiff.ts";
import { toHunks } from "../lib/unifiedDiff.ts";

function Preview({ memory, point, onRestored }: { memory: Memory; point: string; onRestored: () => void }) {
  const { api, announce } = useConsole();
  const [confirming, setConfirming] = useState(false);
  const url = storePath(memory.memory_store_id, `/memories/${encodeURIComponent(memory.id)}`);
  const then = useLoad(() => api.get<Memory>(url, { as_of: point }), [url, point]);
  return (
    <Await state={then} what={`the memory as of ${point}`}>
      {(old) => (
        <>
          {old.path !== memory.path && (
            <p>
              The memory moves back to <span class="mono">{old.path}</span>.
            </p>
          )}
          <DiffView hunks={toHunks(lineDiff(memory.content ?? "", old.content ?? ""))} label="What restoring to the point changes" layout="unified" />
          <div class="actions">
            <button type="button" class="primary" onClick={() => setConfirming(true)}>
              Restore to {point}
            </button>
          </div>
          {confirming && (
            <ConfirmDialog
              title={`Restore ${memory.path} to ${point}?`}
              action="Restore"
              onClose={() => setConfirming(false)}
              onConfirm={async () => {
                await api.post(`${url}/restore`, pointBody(point));
                announce(`Restored ${memory.path} to ${point}`);
                onRestored();
              }}
            >
              <p>Restoring writes one new version; nothing in the history is lost.</p>
            </ConfirmDialog>
          )}
        </>
      )}
    </Await>
  );
}

export function MemoryRestore({ memory, onRestored }: { memory: Memory; onRestored: () => void }) {
  const [input, setInput] = useState("");
  const [point, setPoint] = useState<string | null>(null);
  return (
    <section aria-labelledby="memory-restore">
      <h3 id="memory-restore">Restore to a point</h3>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setPoint(input.trim());
        }}
      >
        <PointInput id="memory-restore-point" storeId={memory.memory_store_id} label="Restore this memory to" value={input} onInput={setInput} />
        <button type="submit">Preview</button>
      </form>
      {point && <Preview key={point} memory={memory} point={point} onRestored={onRestored} />}
    </section>
  );
}
