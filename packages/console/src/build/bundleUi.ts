// Bundles the browser UI (src/ui) in memory with esbuild: no build step before `memgit serve`,
// no build output in the repository, and a fresh clone serves the console it ships
// (docs/decisions/0070-console-toolkit.md).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

export interface Bundle {
  files: BundledFile[];
  /** The page's script (`app-<hash>.js`) and stylesheet. */
  script: string;
  style: string;
  /** Chunks the script imports statically: the page preloads them beside it, not after it. */
  preload: string[];
}

export interface BundledFile {
  /** `app-<hash>.js` (the entry), `app-<hash>.css`, or `chunk-<hash>.js` (loaded on demand). */
  name: string;
  bytes: Uint8Array;
}

const entry = fileURLToPath(new URL("../ui/main.tsx", import.meta.url));

const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);

export async function bundleUi(): Promise<Bundle> {
  const result = await build({
    entryPoints: { app: entry },
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: ["es2022", "chrome110", "firefox110", "safari16"],
    jsx: "automatic",
    jsxImportSource: "preact",
    outdir: "/console-assets",
    entryNames: "[name]-[hash]",
    // The Markdown renderer and its sanitiser are over half the code and only needed once a
    // memory is shown, so they load on demand and the sign-in page does without them.
    splitting: true,
    chunkNames: "chunk-[hash]",
    legalComments: "eof",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
    metafile: true,
  });
  const outputs = Object.entries(result.metafile.outputs);
  const [scriptPath, script] = outputs.find(([, o]) => o.entryPoint !== undefined && o.cssBundle !== undefined) ?? outputs.find(([, o]) => o.entryPoint !== undefined)!;
  return {
    files: result.outputFiles.map((f) => ({ name: base(f.path), bytes: f.contents })),
    script: base(scriptPath),
    style: base(script.cssBundle ?? ""),
    preload: script.imports.filter((i) => i.kind === "import-statement").map((i) => base(i.path)),
  };
}
