// Console run (issue 14): the web console in headless Chromium (Debian's `chromium`, driven by
// playwright-core) against @memgit/server in a child process on loopback (the HTTP run's child,
// which does not bundle the console ahead). Times, from the
// page's own clock (ms since navigation start): the first page (the sign-in form) with an
// empty cache; the signed-in stores list; the memories tree of a 2,000-memory store, both
// spread over 50 folders (root listing, then one folder opened) and flat (2,000 entries at the
// root). Also: the first /console request of a fresh server (it bundles the UI), and the
// JavaScript's size gzipped.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { summarize, type LatencySummary } from "../lib/stats.ts";
import { startChild } from "./http.ts";

export interface ConsoleResult {
  firstRequestMs: number;
  /** The script the first page loads. */
  entryJsGzipBytes: number;
  /** All of it, with the chunks loaded on demand (the Markdown renderer). */
  jsGzipBytes: number;
  cssGzipBytes: number;
  firstPage: LatencySummary;
  storesList: LatencySummary;
  treeRoot: LatencySummary;
  treeFolder: LatencySummary;
  treeFlat: LatencySummary;
  repetitions: number;
}

const READY_MARK = "memgit-console-ready";

function chromium(): string | null {
  if (process.env.MEMGIT_CHROMIUM) return process.env.MEMGIT_CHROMIUM;
  try {
    const found = execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
    return found && existsSync(found) ? found : null;
  } catch {
    return null;
  }
}

async function api(url: string, key: string, method: string, p: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : null,
  });
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return res.json();
}

/** 2,000 memories, 8 requests in flight; `folder(i)` places memory i. */
async function seed(url: string, key: string, name: string, folder: (i: number) => string): Promise<string> {
  const store = (await api(url, key, "POST", "/v1/memory_stores", { name })) as { id: string };
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < 2_000) {
        const i = next++;
        await api(url, key, "POST", `/v1/memory_stores/${store.id}/memories`, { path: `${folder(i)}note-${String(i).padStart(5, "0")}.md`, content: `# Note ${i}\n\n${"lorem ipsum ".repeat(40)}\n` });
      }
    }),
  );
  return store.id;
}

export async function runConsole(dir: string, o: { repetitions: number }, log: (m: string) => void): Promise<ConsoleResult | string> {
  const exe = chromium();
  if (exe === null) return "no Chromium (apt-get install chromium, or set MEMGIT_CHROMIUM)";
  const spec = "playwright-core";
  let pw: typeof import("playwright-core");
  try {
    pw = (await import(spec)) as typeof import("playwright-core");
  } catch (e) {
    return `cannot load playwright-core: ${(e as Error).message.split("\n")[0]}`;
  }
  const { child, url, key } = await startChild("http-server-child.ts", dir);
  const browser = await pw.chromium.launch({ executablePath: exe, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  try {
    // The first request bundles the UI in the server process.
    const t0 = process.hrtime.bigint();
    const page = await fetch(`${url}/console`);
    const html = await page.text();
    const firstRequestMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const fetched = async (name: string) => Buffer.from(await (await fetch(`${url}/console/assets/${name}`)).arrayBuffer());
    const named = (re: RegExp, text: string) => {
      const name = re.exec(text)?.[1];
      if (!name) throw new Error(`no ${re} in the console page`);
      return name;
    };
    const gz = (b: Buffer) => gzipSync(b, { level: 9 }).length;
    // The first page loads its script and the chunks it preloads; the rest load on demand.
    const entryNames = [named(/src="\/console\/assets\/([^"]+\.js)"/, html), ...[...html.matchAll(/modulepreload" href="\/console\/assets\/([^"]+)"/g)].map((m) => m[1]!)];
    const all = new Map<string, Buffer>();
    const walk = async (name: string): Promise<void> => {
      if (all.has(name)) return;
      const body = await fetched(name);
      all.set(name, body);
      for (const chunk of body.toString().match(/chunk-[A-Z0-9]+\.js/g) ?? []) await walk(chunk);
    };
    for (const name of entryNames) await walk(name);
    const entryJsGzipBytes = entryNames.reduce((sum, n) => sum + gz(all.get(n)!), 0);
    const jsGzipBytes = [...all.values()].reduce((sum, b) => sum + gz(b), 0);
    const cssGzipBytes = gz(await fetched(named(/href="\/console\/assets\/([^"]+\.css)"/, html)));

    log("console: seeding two stores of 2,000 memories…");
    const spread = await seed(url, key, "Spread", (i) => `/projects/p${String(i % 50).padStart(2, "0")}/`);
    const flat = await seed(url, key, "Flat", () => "/");

    const fresh = async (signedIn: boolean) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: url });
      if (signedIn) await context.addInitScript(`sessionStorage.setItem("memgit.console.credential", ${JSON.stringify(key)})`);
      return { context, page: await context.newPage() };
    };
    const now = (p: import("playwright-core").Page) => p.evaluate("performance.now()") as Promise<number>;
    const rec = (): number[] => [];
    const firstPage = rec();
    const storesList = rec();
    const treeRoot = rec();
    const treeFolder = rec();
    const treeFlat = rec();
    // One untimed pass warms Chromium's own start-up paths; then fresh contexts (empty caches) each time.
    for (let i = -1; i < o.repetitions; i++) {
      const timed = i >= 0;
      {
        const { context, page } = await fresh(false);
        await page.goto("/console");
        await page.getByLabel("API key or session token").waitFor();
        const mark = (await page.evaluate(`performance.getEntriesByName(${JSON.stringify(READY_MARK)})[0]?.startTime ?? null`)) as number | null;
        if (mark === null) throw new Error("the console set no ready mark");
        if (timed) firstPage.push(mark);
        await context.close();
      }
      {
        const { context, page } = await fresh(true);
        await page.goto("/console#/stores");
        await page.getByRole("link", { name: "Flat" }).waitFor();
        if (timed) storesList.push(await now(page));
        await page.goto(`/console#/stores/${spread}/memories`);
        const tree = page.getByRole("navigation", { name: "Memories by path" });
        const t1 = await now(page);
        await tree.getByRole("button", { name: "projects/" }).waitFor();
        if (timed) treeRoot.push((await now(page)) - t1);
        const t2 = await now(page);
        await tree.getByRole("button", { name: "projects/" }).click();
        await tree.getByRole("button", { name: "p49/" }).waitFor();
        await tree.getByRole("button", { name: "p07/" }).click();
        await tree.getByRole("link", { name: "note-01957.md" }).waitFor();
        if (timed) treeFolder.push((await now(page)) - t2);
        const t3 = await now(page);
        await page.goto(`/console#/stores/${flat}/memories`);
        await page.getByRole("navigation", { name: "Memories by path" }).getByRole("link", { name: "note-01999.md" }).waitFor();
        if (timed) treeFlat.push((await now(page)) - t3);
        await context.close();
      }
    }
    return {
      firstRequestMs,
      entryJsGzipBytes,
      jsGzipBytes,
      cssGzipBytes,
      firstPage: summarize(firstPage),
      storesList: summarize(storesList),
      treeRoot: summarize(treeRoot),
      treeFolder: summarize(treeFolder),
      treeFlat: summarize(treeFlat),
      repetitions: o.repetitions,
    };
  } finally {
    await browser.close();
    child.kill("SIGTERM");
  }
}
