// Asks before anything that cannot be undone. With `typeToConfirm`, the button stays
// disabled until that text (a store's name) is typed.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { errorText } from "../api/ApiError.ts";
import { Dialog } from "./Dialog.tsx";

export interface ConfirmProps {
  title: string;
  action: string;
  danger?: boolean;
  typeToConfirm?: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  children?: ComponentChildren;
}

export function ConfirmDialog(p: ConfirmProps) {
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = p.typeToConfirm === undefined || typed === p.typeToConfirm;
  const confirm = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await p.onConfirm();
      p.onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title={p.title} onClose={p.onClose}>
      <form onSubmit={confirm}>
        {p.children}
        {p.typeToConfirm !== undefined && (
          <label>
            Type <strong>{p.typeToConfirm}</strong> to confirm
            <input value={typed} onInput={(e) => setTyped(e.currentTarget.value)} autoComplete="off" />
          </label>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="button" onClick={p.onClose}>
            Cancel
          </button>
          <button type="submit" class={p.danger ? "danger" : "primary"} disabled={!ready || busy}>
            {p.action}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
