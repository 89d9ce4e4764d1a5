// The console as served: one HTML page and its fingerprinted assets, each kept plain and
// gzipped. Built once per process, on first use.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { bundleUi } from "./bundleUi.ts";

export const CONSOLE_BASE = "/console";

export interface ConsoleAsset {
  contentType: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
  /** Fingerprinted assets never change under their name; the page must be revalidated. */
  immutable: boolean;
}

export interface ConsoleAssets {
  page: ConsoleAsset;
  /** By file name under `/console/assets/`: the page's script and stylesheet, and chunks. */
  files: ReadonlyMap<string, ConsoleAsset>;
}

const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
};

function asset(body: Buffer, contentType: string, immutable: boolean): ConsoleAsset {
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  return { contentType, body, gzip: gzipSync(body, { level: 9 }), etag, immutable };
}

function pageHtml(script: string, style: string, preload: string[]): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    "<title>memgit console</title>",
    '<link rel="icon" href="data:,">',
    `<link rel="stylesheet" href="${CONSOLE_BASE}/assets/${style}">`,
    `<script type="module" src="${CONSOLE_BASE}/assets/${script}"></script>`,
    ...preload.map((p) => `<link rel="modulepreload" href="${CONSOLE_BASE}/assets/${p}">`),
    "</head>",
    '<body><div id="app"><noscript>The memgit console needs JavaScript.</noscript></div></body>',
    "</html>",
    "",
  ].join("\n");
}

export async function buildConsoleAssets(): Promise<ConsoleAssets> {
  const files = new Map<string, ConsoleAsset>();
  const bundle = await bundleUi();
  for (const f of bundle.files) {
    const type = TYPES[f.name.slice(f.name.lastIndexOf(".") + 1)];
    if (type === undefined) throw new Error(`console bundle produced an unexpected file: ${f.name}`);
    files.set(f.name, asset(Buffer.from(f.bytes), type, true));
  }
  const page = asset(Buffer.from(pageHtml(bundle.script, bundle.style, bundle.preload)), "text/html; charset=utf-8", false);
  return { page, files };
}

let built: Promise<ConsoleAssets> | null = null;

/** The assets of this process, bundled on the first call (a failed bundle is retried next time). */
export function consoleAssets(): Promise<ConsoleAssets> {
  built ??= buildConsoleAssets().catch((err: unknown) => {
    built = null;
    throw err;
  });
  return built;
}
