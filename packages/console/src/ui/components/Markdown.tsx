// Sanitised Markdown (lib/markdown.ts) into the page.
import { renderMarkdown } from "../lib/markdown.ts";

export function Markdown({ text }: { text: string }) {
  return <div class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
}
