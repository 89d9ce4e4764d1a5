// The end of every form: its error, if any, and its buttons.
import type { ComponentChildren } from "preact";

export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {error}
    </p>
  );
}

export function FormActions(p: { onCancel?: () => void; cancelLabel?: string; submit: ComponentChildren; disabled?: boolean; danger?: boolean }) {
  return (
    <div class="actions">
      {p.onCancel && (
        <button type="button" onClick={p.onCancel}>
          {p.cancelLabel ?? "Cancel"}
        </button>
      )}
      <button type="submit" class={p.danger ? "danger" : "primary"} disabled={p.disabled}>
        {p.submit}
      </button>
    </div>
  );
}
