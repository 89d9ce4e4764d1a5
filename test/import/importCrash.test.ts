// An import cut short by SIGKILL at each moment it can be seen on disk (the scratch directory
// made, the pack indexed, the repository finished, the index built, the store renamed into
// place): the next open has either no store and nothing left behind, or the whole store,
// answering as the source does (issue 12, "nothing is half-imported").
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Memgit } from "../../packages/engine/src/index.ts";
import { allVersions } from "../helpers/engineHistory.ts";

const actor = { type: "api_actor", apiKeyId: "apikey_crash" } as const;
const script = new URL("./fixtures/importOne.ts", import.meta.url).pathname;
let bundle: string;
let storeId: string;
let expected: Awaited<ReturnType<typeof allVersions>>;

beforeAll(async () => {
  const mg = await Memgit.open({ dataDir: mkdtempSync(join(tmpdir(), "memgit-import-crash-src-")), retention: { intervalMs: 0 } });
  const store = await mg.createStore({ name: "to be imported" });
  storeId = store.id;
  for (let i = 0; i < 60; i++) await mg.createMemory(store.id, { path: `/notes/${i}.md`, content: `note ${i}\n`.repeat(50), actor });
  expected = await allVersions(mg, store.id);
  bundle = join(mkdtempSync(join(tmpdir(), "memgit-import-crash-bundle-")), "store.bundle");
  const out = createWriteStream(bundle);
  await mg.exportStore(store.id, out);
  await new Promise((resolve) => out.end(resolve));
  await mg.close();
});

/** The one `.import-*` directory under stores/, if any. */
function scratchOf(dataDir: string): string | null {
  if (!existsSync(join(dataDir, "stores"))) return null;
  const name = readdirSync(join(dataDir, "stores")).find((n) => n.startsWith(".import-"));
  return name ? join(dataDir, "stores", name) : null;
}

/** Whether the import reached a moment (or went past it: a poll may miss a short one). */
type Moment = (dataDir: string) => boolean;
const renamed: Moment = (d) => existsSync(join(d, "stores", `${storeId}.git`));
const inScratch = (...path: string[]): Moment => (d) => {
  const dir = scratchOf(d);
  return renamed(d) || (dir !== null && existsSync(join(dir, ...path)));
};
const moments: Record<string, Moment> = {
  "scratch made": (d) => renamed(d) || scratchOf(d) !== null,
  "pack indexed": (d) => {
    const dir = scratchOf(d);
    const packs = dir ? join(dir, "repo.git", "objects", "pack") : null;
    return renamed(d) || (packs !== null && existsSync(packs) && readdirSync(packs).some((f) => f.endsWith(".idx")));
  },
  "repository finished": inScratch("repo.git", "memgit", "FORMAT"),
  "index built": inScratch("repo.git", "memgit", "catalog.sqlite"),
  "renamed into place": renamed,
};

function importAndKill(dataDir: string, moment: Moment): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, dataDir, bundle], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const timer = setInterval(() => moment(dataDir) && child.kill("SIGKILL"), 1);
    child.on("exit", () => {
      clearInterval(timer);
      resolve(out);
    });
  });
}

describe("import and SIGKILL", () => {
  it("leaves no store or the whole store, at every moment", async () => {
    const outcomes = new Set<string>();
    for (const [name, moment] of Object.entries(moments)) {
      const dataDir = mkdtempSync(join(tmpdir(), "memgit-import-crash-"));
      await importAndKill(dataDir, moment);
      const mg = await Memgit.open({ dataDir, retention: { intervalMs: 0 } });
      try {
        expect(mg.problems(), name).toEqual([]);
        expect(scratchOf(dataDir), name).toBeNull();
        const ids = (await mg.listStores({ includeArchived: true })).items.map((s) => s.id);
        if (ids.length === 0) {
          expect(readdirSync(join(dataDir, "stores")), name).toEqual([]);
          outcomes.add("nothing");
        } else {
          expect(ids, name).toEqual([storeId]);
          expect(await allVersions(mg, storeId), name).toEqual(expected.map((v) => ({ ...v, storeId })));
          outcomes.add("whole");
        }
      } finally {
        await mg.close();
      }
    }
    // Killed before the rename: nothing; after it: the whole store.
    expect([...outcomes].sort()).toEqual(["nothing", "whole"]);
  });
});
