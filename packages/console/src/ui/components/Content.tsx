// A memory's or a version's content, rendered as Markdown or shown raw.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { Markdown } from "./Markdown.tsx";
import { Toggle } from "./Toggle.tsx";

export function Content({ text, initial = "rendered", tools }: { text: string; initial?: "rendered" | "raw"; tools?: ComponentChildren }) {
  const [view, setView] = useState(initial);
  return (
    <>
      <div class="toolbar">
        <Toggle
          label="Show content as"
          value={view}
          options={[
            ["rendered", "Rendered"],
            ["raw", "Raw"],
          ]}
          onChange={setView}
        />
        {tools}
      </div>
      {view === "raw" ? (
        <pre class="raw" aria-label="Raw content">
          {text}
        </pre>
      ) : (
        <Markdown text={text} />
      )}
    </>
  );
}
