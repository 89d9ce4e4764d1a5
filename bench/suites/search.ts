// Search (issue 13 §Search): GET /v1/memory_stores/{store}/search on a store of 2,000
// memories (~2 MB), HTTP included (fetch, keep-alive, loopback), against `git grep -n` over a
// checkout of the same memories, interleaved so that load drift hits both (docs/decisions/0065).
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import type { EngineModule } from "../lib/engine.ts";
import { serverWithGit } from "../lib/gitServer.ts";
import { summarize, type LatencySummary } from "../lib/stats.ts";
import { generateWorkload } from "../lib/workload.ts";
import { seedStore, type Log } from "./engine.ts";

export interface SearchCase {
  label: string;
  /** Query parameters of the route. */
  query: Record<string, string>;
  /** `git grep` arguments after `-n`. */
  grep: string[];
  /** Memories both must find. */
  hits: number;
  route: LatencySummary;
  gitGrep: LatencySummary;
  /** route p50 ÷ git grep p50. */
  ratio: number;
}

export interface SearchResult {
  memories: number;
  contentMiB: number;
  cases: SearchCase[];
}

const KEY = "sk-memgit-bench-search-0000000000000001";

export async function runSearch(mod: EngineModule, dataDir: string, o: { memories: number; reps: number }, log: Log): Promise<SearchResult | string> {
  const server = await serverWithGit(mod, dataDir, KEY);
  if (typeof server === "string") return server;
  try {
    const mg = server.engine;
    const storeId = (await mg.createStore({ name: "bench search", owner: server.bootstrap?.workspace.id })).id;
    const seeds = generateWorkload({ memories: o.memories, writes: 0, seed: 1313 }).initial;
    await seedStore(mg, storeId, seeds, new Map());
    await mg.flush(storeId);
    const checkout = mkdtempSync(path.join(dataDir, "..", "search-checkout-"));
    execFileSync("git", ["clone", "-q", (await mg.gitDir(storeId)) as string, checkout]);
    log(`search: ${o.memories.toLocaleString()} memories, ${o.reps} interleaved rounds of the route and git grep…`);

    const route = async (query: Record<string, string>) => {
      const res = await fetch(`${server.url}/v1/memory_stores/${storeId}/search?${new URLSearchParams({ ...query, limit: "100" })}`, {
        headers: { "x-api-key": KEY, "anthropic-beta": "agent-memory-2026-07-22" },
      });
      const body = (await res.json()) as { data: unknown[]; next_page: string | null };
      if (res.status !== 200 || body.next_page !== null) throw new Error(`search answered ${res.status}, next_page ${String(body.next_page)}`);
      return body.data.length;
    };
    const gitGrep = (args: string[]) =>
      new Promise<number>((resolve, reject) => {
        execFile("git", ["grep", "-n", ...args], { cwd: checkout, maxBuffer: 1 << 26 }, (err, stdout) => {
          if (err && (err as { code?: unknown }).code !== 1) reject(err);
          else resolve(new Set(stdout.split("\n").filter(Boolean).map((l) => l.slice(0, l.indexOf(":")))).size);
        });
      });
    const time = async <T>(fn: () => Promise<T>, into: number[]): Promise<T> => {
      const t0 = process.hrtime.bigint();
      const out = await fn();
      into.push(Number(process.hrtime.bigint() - t0) / 1e6);
      return out;
    };

    const specs: Array<{ label: string; query: Record<string, string>; grep: string[] }> = [
      // One memory holds it: the route reads all 2,000, as git grep does.
      { label: "literal, 1 memory matches", query: { q: "memory 1234 rev" }, grep: ["-F", "memory 1234 rev"] },
      { label: "regex, 100 memories match", query: { q: "^# memory 12[0-9]{2} rev", regex: "true" }, grep: ["-E", "^# memory 12[0-9]{2} rev"] },
      { label: "literal, case-insensitive, 1 memory", query: { q: "MEMORY 1234 REV", case_sensitive: "false" }, grep: ["-i", "-F", "MEMORY 1234 REV"] },
    ];
    const cases: SearchCase[] = [];
    for (const spec of specs) {
      const routeMs: number[] = [];
      const grepMs: number[] = [];
      const hits = await route(spec.query);
      const grepHits = await gitGrep(spec.grep);
      if (hits !== grepHits) throw new Error(`${spec.label}: the route found ${hits} memories, git grep ${grepHits}`);
      for (let i = 0; i < o.reps; i++) {
        await time(() => route(spec.query), routeMs);
        await time(() => gitGrep(spec.grep), grepMs);
      }
      const r = summarize(routeMs);
      const g = summarize(grepMs);
      cases.push({ ...spec, hits, route: r, gitGrep: g, ratio: r.p50 / g.p50 });
    }
    const bytes = seeds.reduce((n, s) => n + Buffer.byteLength(s.content), 0);
    return { memories: o.memories, contentMiB: bytes / (1 << 20), cases };
  } finally {
    await server.close();
  }
}
