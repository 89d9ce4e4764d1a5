// Sign in with an API key or a session token. The secret goes to sessionStorage only.
import { FormError } from "../components/FormParts.tsx";
import { useState } from "preact/hooks";
import { ApiError, errorText } from "../api/ApiError.ts";
import { signIn, type SignedIn } from "../api/signIn.ts";

export function SignIn({ onSignedIn }: { onSignedIn: (s: SignedIn) => void }) {
  const [secret, setSecret] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(secret.trim()));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? "That key or token was not accepted." : errorText(err));
      setBusy(false);
    }
  };
  return (
    <main id="main" class="signin">
      <h1 tabIndex={-1}>memgit console</h1>
      <form onSubmit={submit}>
        <label>
          API key or session token
          <input
            type="password"
            name="credential"
            value={secret}
            onInput={(e) => setSecret(e.currentTarget.value)}
            autoComplete="off"
            required
            autoFocus
          />
        </label>
        <p class="muted">Kept in this tab only (sessionStorage), until you sign out or close it.</p>
        <FormError error={error} />
        <button type="submit" class="primary" disabled={busy || secret.trim() === ""}>
          Sign in
        </button>
      </form>
    </main>
  );
}
