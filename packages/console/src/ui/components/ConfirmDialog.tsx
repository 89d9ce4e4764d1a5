// Asks before anything that cannot be undone. With `typeToConfirm`, the button stays
// disabled until that text (a store's name) is typed.
import { useSubmit } from "./useSubmit.ts";
import { FormActions, FormError } from "./FormParts.tsx";
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
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
  const ready = p.typeToConfirm === undefined || typed === p.typeToConfirm;
  const { busy, error, submit: confirm } = useSubmit(async () => {
    await p.onConfirm();
    p.onClose();
  });
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
        <FormError error={error} />
        <FormActions onCancel={p.onClose} submit={p.action} danger={p.danger} disabled={!ready || busy} />
      </form>
    </Dialog>
  );
}
