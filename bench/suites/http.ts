// HTTP run (issue 4 "Performance"): @memgit/server in a child process on loopback, 16 keep-alive clients
// (node:http Agent) doing updates with a content_sha256 precondition, then retrieve and list runs.
// Engine-direct comparison: the same 16-writer precondition update run against Memgit in this process.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { actor, benchLimits, type EngineModule } from "../lib/engine.ts";
import { Recorder } from "../lib/stats.ts";
import { contentStream, generateWorkload, prng } from "../lib/workload.ts";
import { inParallel } from "./engine.ts";

export interface HttpResult {
  /** GET /health: loopback + node:http + express with no auth and no engine, the floor of any route. */
  health: Recorder;
  updates: Recorder;
  retrieve: Recorder;
  list: Recorder;
  /** Pooled over directPasses (before and after the HTTP run). */
  engineDirect: Recorder;
  directPasses: Recorder[];
}

const CLIENTS = 16;
const BETA = "agent-memory-2026-07-22";

interface Client {
  call(method: string, p: string, body?: unknown): Promise<any>;
  close(): void;
}

function client(base: string, key: string): Client {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  return {
    call(method, p, body) {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path: p,
            headers: {
              "x-api-key": key,
              "anthropic-beta": BETA,
              ...(payload ? { "content-type": "application/json", "content-length": payload.length } : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
              const text = Buffer.concat(chunks).toString("utf8");
              if (res.statusCode !== 200) return reject(new Error(`${method} ${p.split("?")[0]} → ${res.statusCode}: ${text.slice(0, 200)}`));
              try {
                resolve(JSON.parse(text));
              } catch (e) {
                reject(e as Error);
              }
            });
            res.on("error", reject);
          },
        );
        req.on("error", reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}

/** @memgit/server in a child process over `dataDir`, as `{url, key}` once it listens (also the console run's). */
export function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string; key: string }> {
  return new Promise((resolve, reject) => {
    // MEMGIT_BENCH_SERVER_PROF=DIR writes a V8 CPU profile of the server process there (for a server owner).
    const prof = process.env.MEMGIT_BENCH_SERVER_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.MEMGIT_BENCH_SERVER_PROF}`] : [];
    const child = spawn(process.execPath, [...prof, "--import", "tsx", path.join(import.meta.dirname, "..", "http-server-child.ts"), dataDir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.stdout.on("data", (d) => {
      out += d;
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) {
        try {
          const { url, key } = JSON.parse(line) as { url: string; key: string };
          resolve({ child, url, key });
        } catch (e) {
          reject(e as Error);
        }
      }
    });
    child.on("exit", (code) => reject(new Error(`server child exited ${code}: ${err.trim().split("\n").slice(-3).join(" | ")}`)));
  });
}

/** Updates with a precondition by 16 workers, each on its own share of the memories (no conflicts). */
async function updateRun(
  memories: { id: string; sha: string; slot: number }[],
  writes: number,
  update: (m: { id: string; sha: string; slot: number }, content: string) => Promise<string>,
): Promise<Recorder> {
  const rec = new Recorder();
  rec.start();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, k) => {
      const mine = memories.filter((m) => m.slot % CLIENTS === k);
      const rand = prng(300 + k);
      const content = contentStream(600 + k);
      const share = Math.floor(writes / CLIENTS) + (k < writes % CLIENTS ? 1 : 0);
      for (let i = 0; i < share; i++) {
        const m = mine[Math.floor(rand() * mine.length)] as { id: string; sha: string; slot: number };
        m.sha = await rec.time(() => update(m, content(m.slot)));
      }
    }),
  );
  rec.stop();
  return rec;
}

export async function runHttp(
  mod: EngineModule,
  dir: string,
  o: { writes: number; reads: number; memories: number },
  log: (m: string) => void,
): Promise<HttpResult | string> {
  const spec = "@memgit/server";
  try {
    const server = (await import(spec)) as Record<string, unknown>;
    if (typeof server.startServer !== "function") return "@memgit/server does not export startServer yet";
  } catch (e) {
    return `cannot load @memgit/server: ${(e as Error).message.split("\n")[0]}`;
  }
  const seed = generateWorkload({ memories: o.memories, writes: 0, seed: 0x477 }).initial;

  // Engine direct: the same update run against Memgit in this process, once before and once after the
  // HTTP update run (fresh store each time, quiet disk before each), pooled: a short run is easily hit by
  // one stall, and bracketing puts drifting machine load on both sides of the ratio.
  const quiesce = async () => {
    await new Promise((r) => setTimeout(r, 1_000));
    execFileSync("sync");
  };
  const directPasses: Recorder[] = [];
  const direct = async (when: string) => {
    await quiesce();
    log(`engine direct (${when}): ${o.writes.toLocaleString()} precondition updates, ${CLIENTS} writers on one store…`);
    const mg = await mod.Memgit.open({ dataDir: path.join(dir, `direct-${when}`), limits: benchLimits(mod) });
    try {
      const storeId = (await mg.createStore({ name: "bench direct" })).id;
      const mems: { id: string; sha: string; slot: number }[] = [];
      await inParallel(seed, CLIENTS, async (s) => {
        const r = await mg.createMemory(storeId, { path: s.path, content: s.content, actor });
        mems.push({ id: r.memory.id, sha: r.memory.sha256, slot: s.slot });
      });
      await mg.flush(storeId);
      await quiesce();
      directPasses.push(
        await updateRun(mems, o.writes, async (m, content) => {
          const r = await mg.updateMemory(storeId, m.id, { content, precondition: { contentSha256: m.sha }, actor });
          return r.memory.sha256;
        }),
      );
    } finally {
      await mg.close();
    }
  };
  await direct("before");

  const { child, url, key } = await startChild(path.join(dir, "server"));
  const c = client(url, key);
  try {
    const store = await c.call("POST", "/v1/memory_stores", { name: "bench http" });
    const base = `/v1/memory_stores/${store.id}/memories`;
    const mems: { id: string; sha: string; slot: number }[] = [];
    await inParallel(seed, CLIENTS, async (s) => {
      const m = await c.call("POST", base, { path: s.path, content: s.content });
      mems.push({ id: m.id, sha: m.content_sha256, slot: s.slot });
    });
    await quiesce();
    log(`http: ${o.writes.toLocaleString()} precondition updates, ${CLIENTS} keep-alive clients…`);
    const updates = await updateRun(mems, o.writes, async (m, content) => {
      const r = await c.call("POST", `${base}/${m.id}`, { content, precondition: { type: "content_sha256", content_sha256: m.sha } });
      return r.content_sha256 as string;
    });

    log(`http: ${o.reads.toLocaleString()} retrieves and ${Math.ceil(o.reads / 5).toLocaleString()} lists…`);
    const readRun = async (n: number, fn: (i: number) => Promise<void>) => {
      const rec = new Recorder();
      let next = 0;
      rec.start();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < n) {
            const i = next++;
            await rec.time(() => fn(i));
          }
        }),
      );
      rec.stop();
      return rec;
    };
    const rand = prng(77);
    const retrieve = await readRun(o.reads, async () => {
      const m = mems[Math.floor(rand() * mems.length)] as { id: string };
      const got = await c.call("GET", `${base}/${m.id}`);
      if (got.id !== m.id) throw new Error("retrieve returned another memory");
    });
    const list = await readRun(Math.ceil(o.reads / 5), async () => {
      const page = await c.call("GET", `${base}?limit=100`);
      if (!Array.isArray(page.data) || page.data.length === 0) throw new Error("empty list page");
    });
    const health = await readRun(o.reads, async () => {
      await c.call("GET", "/health");
    });
    await direct("after");
    return { health, updates, retrieve, list, engineDirect: Recorder.merge(...directPasses), directPasses };
  } finally {
    c.close();
    child.removeAllListeners("exit");
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => {
        child.kill("SIGKILL");
        resolve();
      }, 15_000).unref();
    });
  }
}
