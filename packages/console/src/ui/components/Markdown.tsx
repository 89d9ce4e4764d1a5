// Sanitised Markdown (lib/markdown.ts) into the page. The renderer loads on first use (a
// chunk of its own), so pages without Markdown never fetch it.
import { useEffect, useState } from "preact/hooks";
import { ErrorNote } from "./Status.tsx";

type Renderer = typeof import("../lib/markdown.ts");
let loading: Promise<Renderer> | null = null;

export function Markdown({ text }: { text: string }) {
  const [renderer, setRenderer] = useState<Renderer | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    (loading ??= import("../lib/markdown.ts")).then(setRenderer, (err: unknown) => {
      loading = null;
      setError(err);
    });
  }, []);
  if (error !== undefined) return <ErrorNote error={error} />;
  if (renderer === null) return <div class="markdown" aria-busy="true" />;
  return <div class="markdown" dangerouslySetInnerHTML={{ __html: renderer.renderMarkdown(text) }} />;
}
