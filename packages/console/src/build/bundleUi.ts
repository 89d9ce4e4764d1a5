// Bundles the browser UI (src/ui) in memory with esbuild: no build step before `memgit serve`,
// no build output in the repository, and a fresh clone serves the console it ships
// (docs/decisions/0070-console-toolkit.md).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

export interface BundledFile {
  /** `app-<hash>.js` (the entry), `app-<hash>.css`, or `chunk-<hash>.js` (loaded on demand). */
  name: string;
  bytes: Uint8Array;
}

const entry = fileURLToPath(new URL("../ui/main.tsx", import.meta.url));

export async function bundleUi(): Promise<BundledFile[]> {
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
  });
  return result.outputFiles.map((f) => ({ name: f.path.slice(f.path.lastIndexOf("/") + 1), bytes: f.contents }));
}
