// Child process for the HTTP baseline (issue 15): a minimal Express 5 server storing the same
// memory updates in better-sqlite3 (WAL, synchronous=FULL): per update one transaction that inserts
// the version row and updates the head row, as suites/baselines.ts does in process. No auth, no
// validation beyond the JSON parser: the floor a database-backed Express server sits on.
// Prints {url} as one JSON line; exits on SIGTERM.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import express from "express";
import { openBaselineDb } from "./suites/baselines.ts";

const [dir] = process.argv.slice(2);
if (!dir) throw new Error("usage: express-sqlite-child.ts <dir>");
mkdirSync(dir, { recursive: true });
// The in-process SQLite baseline's schema (suites/baselines.ts): one store, so no store column.
const db = openBaselineDb(path.join(dir, "express.sqlite"));
const insertVersion = db.prepare(
  "INSERT INTO versions (id, memory_id, operation, path, content, sha256, size, actor, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
);
const insertHead = db.prepare(
  "INSERT INTO memories (id, path, content, sha256, size, version_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
);
const updateHead = db.prepare("UPDATE memories SET content = ?, sha256 = ?, size = ?, version_id = ?, updated_at = ? WHERE id = ?");
const getHead = db.prepare<[string], Row>("SELECT * FROM memories WHERE id = ?");
interface Row {
  id: string;
  path: string;
  content: string;
  sha256: string;
  size: number;
  version_id: string;
  created_at: number;
  updated_at: number;
}
const ACTOR = "api_actor:apikey_bench";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const toWire = (storeId: string, r: Row, withContent: boolean) => ({
  type: "memory",
  id: r.id,
  memory_store_id: storeId,
  path: r.path,
  content: withContent ? r.content : null,
  content_size_bytes: r.size,
  content_sha256: r.sha256,
  memory_version_id: r.version_id,
  created_at: new Date(r.created_at).toISOString(),
  updated_at: new Date(r.updated_at).toISOString(),
});

const create = db.transaction((p: string, content: string): Row => {
  const now = Date.now();
  const id = `mem_${randomBytes(13).toString("hex")}`;
  const vid = `memver_${randomBytes(20).toString("hex")}`;
  const hash = sha256(content);
  const size = Buffer.byteLength(content);
  insertVersion.run(vid, id, "created", p, content, hash, size, ACTOR, now);
  insertHead.run(id, p, content, hash, size, vid, now, now);
  return { id, path: p, content, sha256: hash, size, version_id: vid, created_at: now, updated_at: now };
});
const update = db.transaction((id: string, content: string): Row | undefined => {
  const head = getHead.get(id);
  if (!head) return undefined;
  const now = Date.now();
  const vid = `memver_${randomBytes(20).toString("hex")}`;
  const hash = sha256(content);
  const size = Buffer.byteLength(content);
  insertVersion.run(vid, id, "modified", head.path, content, hash, size, ACTOR, now);
  updateHead.run(content, hash, size, vid, now, id);
  return { ...head, content, sha256: hash, size, version_id: vid, updated_at: now };
});

const app = express();
app.disable("x-powered-by");
app.set("etag", false);
app.use(express.json({ limit: "1mb" }));
app.get("/health", (_req, res) => void res.json({ status: "ok" }));
app.post("/v1/memory_stores/:storeId/memories", (req, res) => {
  const { path: p, content } = req.body as { path: string; content: string };
  res.json(toWire(req.params.storeId, create(p, content), false));
});
app.get("/v1/memory_stores/:storeId/memories/:memoryId", (req, res) => {
  const row = getHead.get(req.params.memoryId);
  if (!row) return void res.status(404).json({ type: "error", error: { type: "not_found_error", message: "no such memory" } });
  res.json(toWire(req.params.storeId, row, true));
});
app.post("/v1/memory_stores/:storeId/memories/:memoryId", (req, res) => {
  const row = update(req.params.memoryId, (req.body as { content: string }).content);
  if (!row) return void res.status(404).json({ type: "error", error: { type: "not_found_error", message: "no such memory" } });
  res.json(toWire(req.params.storeId, row, false));
});
const server = app.listen(0, "127.0.0.1", () => {
  const addr = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${addr.port}` })}\n`);
});
server.keepAliveTimeout = 60_000;
process.on("SIGTERM", () => {
  server.close();
  db.close();
  process.exit(0);
});
