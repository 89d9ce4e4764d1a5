// HTTP run (issues 4 and 15): @memgit/server in a child process on loopback, driven by `wrk` (lib/wrk.ts)
// with 16 keep-alive connections: memory updates, one client's updates, retrieves, list pages and
// GET /health; then the same updates and reads against a minimal Express 5 + better-sqlite3 server
// (express-sqlite-child.ts). Engine-direct comparison: the same updates against Memgit in this process,
// 16 writers on one store (and one writer, for the one-client overhead), before and after the HTTP runs.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { actor, benchLimits, type EngineModule } from "../lib/engine.ts";
import { Recorder } from "../lib/stats.ts";
import { findWrk, runWrk, WRK_INSTALL_HINT, type WrkRequest, type WrkResult } from "../lib/wrk.ts";
import { contentStream, generateWorkload } from "../lib/workload.ts";
import { inParallel } from "./engine.ts";

export interface ServerRuns {
  updates: WrkResult;
  retrieve: WrkResult;
  health: WrkResult;
}

export interface HttpResult {
  seconds: number;
  memories: number;
  contentBytes: number;
  memgit: ServerRuns & { updatesOneClient: WrkResult; list: WrkResult };
  /** The minimal Express 5 + better-sqlite3 server, same generator, same updates. */
  express: ServerRuns;
  /** 16 writers on one store, pooled over directPasses (before and after the HTTP runs). */
  engineDirect: Recorder;
  directPasses: Recorder[];
  /** One writer, the same updates, awaited one by one: the engine's share of one client's latency. */
  engineOneWriter: Recorder;
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

/** A server in a child process (`script` in bench/) over `dataDir`, as `{url, key}` once it listens (also the console run's). */
export function startChild(script: string, dataDir: string): Promise<{ child: ChildProcess; url: string; key: string }> {
  return new Promise((resolve, reject) => {
    // MEMGIT_BENCH_SERVER_PROF=DIR writes a V8 CPU profile of the server process there (for a server owner).
    const prof = process.env.MEMGIT_BENCH_SERVER_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.MEMGIT_BENCH_SERVER_PROF}`] : [];
    const child = spawn(process.execPath, [...prof, "--import", "tsx", path.join(import.meta.dirname, "..", script), dataDir], {
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
          const { url, key = "" } = JSON.parse(line) as { url: string; key?: string };
          resolve({ child, url, key });
        } catch (e) {
          reject(e as Error);
        }
      }
    });
    child.on("exit", (code) => reject(new Error(`server child exited ${code}: ${err.trim().split("\n").slice(-3).join(" | ")}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  child.removeAllListeners("exit");
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, 15_000).unref();
  });
}

/** The update every run makes: `content` after a header line with a serial, as the wrk script sends it. */
const updateContent = (tail: string, writer: number, serial: number) => `# serial ${writer}-${serial}\n${tail}`;

/** `writers` writers each updating `writes / writers` memories in rotation, each write awaited. */
async function directUpdates(update: (memoryId: string, content: string) => Promise<unknown>, ids: string[], tail: string, writes: number, writers: number) {
  const rec = new Recorder();
  rec.start();
  await Promise.all(
    Array.from({ length: writers }, async (_, k) => {
      const share = Math.floor(writes / writers) + (k < writes % writers ? 1 : 0);
      for (let i = 1; i <= share; i++) await rec.time(() => update(ids[(i * writers + k) % ids.length] as string, updateContent(tail, k, i)));
    }),
  );
  rec.stop();
  return rec;
}

export async function runHttp(
  mod: EngineModule,
  dir: string,
  o: { writes: number; oneWriterWrites: number; memories: number; seconds: number },
  log: (m: string) => void,
): Promise<HttpResult | string> {
  const spec = "@memgit/server";
  try {
    const server = (await import(spec)) as Record<string, unknown>;
    if (typeof server.startServer !== "function") return "@memgit/server does not export startServer yet";
  } catch (e) {
    return `cannot load @memgit/server: ${(e as Error).message.split("\n")[0]}`;
  }
  if (!findWrk()) return `wrk not found; ${WRK_INSTALL_HINT}`;
  const seed = generateWorkload({ memories: o.memories, writes: 0, seed: 0x477 }).initial;
  // One ~1 KB body for every update (a new serial in its first line each time), the same in every run.
  const tail = contentStream(600)(0).slice(0, 1000);

  const quiesce = async () => {
    await new Promise((r) => setTimeout(r, 1_000));
    execFileSync("sync");
  };
  const directPasses: Recorder[] = [];
  let engineOneWriter: Recorder | undefined;
  // Engine direct: fresh store each time, quiet disk before each run; bracketing the HTTP runs puts
  // drifting machine load on both sides of the ratio.
  const direct = async (when: string) => {
    await quiesce();
    log(`engine direct (${when}): ${o.writes.toLocaleString()} updates, ${CLIENTS} writers on one store…`);
    const mg = await mod.Memgit.open({ dataDir: path.join(dir, `direct-${when}`), limits: benchLimits(mod) });
    try {
      const storeId = (await mg.createStore({ name: "bench direct" })).id;
      const ids: string[] = [];
      await inParallel(seed, CLIENTS, async (s) => void ids.push((await mg.createMemory(storeId, { path: s.path, content: s.content, actor })).memory.id));
      await mg.flush(storeId);
      const update = (id: string, content: string) => mg.updateMemory(storeId, id, { content, actor });
      await quiesce();
      directPasses.push(await directUpdates(update, ids, tail, o.writes, CLIENTS));
      if (!engineOneWriter) {
        await quiesce();
        log(`engine direct (${when}): ${o.oneWriterWrites.toLocaleString()} updates, one writer…`);
        engineOneWriter = await directUpdates(update, ids, tail, o.oneWriterWrites, 1);
      }
    } finally {
      await mg.close();
    }
  };
  await direct("before");

  /** Seeds the memories through the server's own create route; returns the paths wrk rotates through. */
  const seedOver = async (url: string, key: string, storeId: string) => {
    const c = client(url, key);
    try {
      const base = `/v1/memory_stores/${storeId}/memories`;
      const paths: string[] = [];
      await inParallel(seed, CLIENTS, async (s) => void paths.push(`${base}/${(await c.call("POST", base, { path: s.path, content: s.content })).id}`));
      return { base, paths };
    } finally {
      c.close();
    }
  };
  const wrk = (url: string, pid: number | undefined, req: WrkRequest, connections = CLIENTS) =>
    runWrk(url, req, { connections, seconds: o.seconds, scratch: dir, ...(pid === undefined ? {} : { serverPid: pid }) });

  const mg = await startChild("http-server-child.ts", path.join(dir, "server"));
  let memgit: HttpResult["memgit"];
  try {
    const c = client(mg.url, mg.key);
    const store = (await c.call("POST", "/v1/memory_stores", { name: "bench http" })) as { id: string };
    c.close();
    const { base, paths } = await seedOver(mg.url, mg.key, store.id);
    const headers = { "x-api-key": mg.key, "anthropic-beta": BETA };
    const pid = mg.child.pid;
    await quiesce();
    log(`http (memgit): wrk, ${o.seconds} s per run: updates (${CLIENTS} connections, then one), retrieve, list, /health…`);
    const updates = await wrk(mg.url, pid, { method: "POST", paths, content: tail, headers });
    await quiesce();
    const updatesOneClient = await wrk(mg.url, pid, { method: "POST", paths, content: tail, headers }, 1);
    const retrieve = await wrk(mg.url, pid, { method: "GET", paths, headers });
    const list = await wrk(mg.url, pid, { method: "GET", paths: [`${base}?limit=100`], headers });
    const health = await wrk(mg.url, pid, { method: "GET", paths: ["/health"], headers: {} });
    memgit = { updates, updatesOneClient, retrieve, list, health };
  } finally {
    await stopChild(mg.child);
  }

  const ex = await startChild("express-sqlite-child.ts", path.join(dir, "express"));
  let express: ServerRuns;
  try {
    const { paths } = await seedOver(ex.url, "", "memstore_bench");
    const pid = ex.child.pid;
    await quiesce();
    log("http (express + sqlite): wrk updates, retrieve, /health…");
    const updates = await wrk(ex.url, pid, { method: "POST", paths, content: tail, headers: {} });
    const retrieve = await wrk(ex.url, pid, { method: "GET", paths, headers: {} });
    const health = await wrk(ex.url, pid, { method: "GET", paths: ["/health"], headers: {} });
    express = { updates, retrieve, health };
  } finally {
    await stopChild(ex.child);
  }

  await direct("after");
  return {
    seconds: o.seconds,
    memories: seed.length,
    contentBytes: Buffer.byteLength(updateContent(tail, 0, 1)),
    memgit,
    express,
    engineDirect: Recorder.merge(...directPasses),
    directPasses,
    engineOneWriter: engineOneWriter as Recorder,
  };
}
