// The PostgreSQL baseline (issue 15): what the open-source wire-compatible servers keep memory
// stores in. Per write, one statement through `pg` that inserts the version row and upserts (or
// deletes) the head row: a single round trip and one durable commit, the strongest form of "one
// transaction" a server can send. Same schema as the SQLite baseline; each pass in a fresh schema.
import { createHash, randomBytes } from "node:crypto";
import type pg from "pg";
import type { PgCluster } from "../lib/postgresCluster.ts";
import { Recorder } from "../lib/stats.ts";
import type { Op, Seed, Workload } from "../lib/workload.ts";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const versionId = () => `memver_${randomBytes(20).toString("hex")}`;
const ACTOR = "api_actor:apikey_bench";

const SCHEMA = (s: string) => `
  CREATE SCHEMA ${s};
  CREATE TABLE ${s}.versions (
    seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, memory_id TEXT NOT NULL, operation TEXT NOT NULL,
    path TEXT, content TEXT, sha256 TEXT, size INTEGER, actor TEXT NOT NULL, created_at BIGINT NOT NULL);
  CREATE INDEX ON ${s}.versions (memory_id, seq);
  CREATE TABLE ${s}.memories (
    id TEXT PRIMARY KEY, path TEXT NOT NULL UNIQUE, content TEXT NOT NULL, sha256 TEXT NOT NULL,
    size INTEGER NOT NULL, version_id TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);`;

const statements = (s: string) => ({
  create: `WITH v AS (INSERT INTO ${s}.versions (id, memory_id, operation, path, content, sha256, size, actor, created_at)
             VALUES ($1, $2, 'created', $3, $4, $5, $6, $7, $8))
           INSERT INTO ${s}.memories (id, path, content, sha256, size, version_id, created_at, updated_at)
             VALUES ($2, $3, $4, $5, $6, $1, $8, $8)`,
  modify: `WITH h AS (UPDATE ${s}.memories SET content = $3, sha256 = $4, size = $5, version_id = $1, updated_at = $7
             WHERE id = $2 RETURNING path)
           INSERT INTO ${s}.versions (id, memory_id, operation, path, content, sha256, size, actor, created_at)
             SELECT $1, $2, 'modified', h.path, $3, $4, $5, $6, $7 FROM h`,
  delete: `WITH h AS (DELETE FROM ${s}.memories WHERE id = $2 RETURNING path)
           INSERT INTO ${s}.versions (id, memory_id, operation, path, actor, created_at)
             SELECT $1, $2, 'deleted', h.path, $3, $4 FROM h`,
});

let schemas = 0;

/** One connection's writer; `prefix` keeps several writers' memory ids apart in one schema. */
async function writer(client: pg.Client, schema: string, prefix: string) {
  const sql = statements(schema);
  const memId = (slot: number) => `mem_${prefix}${String(slot).padStart(20, "0")}`;
  const q = (name: string, text: string, values: unknown[]) => client.query({ name: `${schema}_${name}`, text, values });
  const write = async (slot: number, kind: "create" | "modify" | "delete", p: string | null, content: string | null) => {
    const now = Date.now();
    if (kind === "delete") return void (await q("delete", sql.delete, [versionId(), memId(slot), ACTOR, now]));
    const c = content as string;
    const args = [versionId(), memId(slot)];
    if (kind === "create") await q("create", sql.create, [...args, p, c, sha256(c), Buffer.byteLength(c), ACTOR, now]);
    else await q("modify", sql.modify, [...args, c, sha256(c), Buffer.byteLength(c), ACTOR, now]);
  };
  return {
    async seed(initial: readonly Seed[]) {
      await client.query("BEGIN");
      for (const s of initial) await write(s.slot, "create", s.path, s.content);
      await client.query("COMMIT");
    },
    apply: (op: Op) => write(op.slot, op.kind, op.kind === "create" ? op.path : null, op.kind === "delete" ? null : op.content),
  };
}

async function freshSchema(cluster: PgCluster): Promise<string> {
  const schema = `bench_${++schemas}`;
  const c = await cluster.connect();
  try {
    await c.query(SCHEMA(schema));
  } finally {
    await c.end();
  }
  return schema;
}

export interface PgTarget {
  seed(initial: readonly Seed[]): Promise<void>;
  apply(op: Op): Promise<void>;
  close(): Promise<void>;
}

/** A single writer on one connection, in a fresh schema. */
export async function postgresBaseline(cluster: PgCluster): Promise<PgTarget> {
  const schema = await freshSchema(cluster);
  const client = await cluster.connect();
  const w = await writer(client, schema, "");
  return { seed: w.seed, apply: w.apply, close: () => client.end() };
}

/** 16 connections, each writing its own share of the workload (no conflicts), into one schema. */
export async function postgresConcurrent(cluster: PgCluster, subs: readonly Workload[]): Promise<Recorder> {
  const schema = await freshSchema(cluster);
  const clients = await Promise.all(subs.map(() => cluster.connect()));
  try {
    const writers = await Promise.all(clients.map((c, i) => writer(c, schema, `${String(i).padStart(2, "0")}_`)));
    await Promise.all(writers.map((w, i) => w.seed((subs[i] as Workload).initial)));
    const rec = new Recorder();
    rec.start();
    await Promise.all(writers.map(async (w, i) => {
      for (const op of (subs[i] as Workload).ops) await rec.time(() => w.apply(op));
    }));
    rec.stop();
    return rec;
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}
