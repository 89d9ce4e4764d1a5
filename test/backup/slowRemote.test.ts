// Issue 12: a slow remote never blocks or fails a write. A push whose remote never answers
// holds nothing of the store (it reads a snapshot): writes, a redaction and a prune all
// finish while it hangs, and removing the remote stops it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eventually, startBackupServer, type BackupServer, type WireRemote } from "./backupServer.ts";

let s: BackupServer;
let silent: Server;
let port: number;
beforeAll(async () => {
  // Accepts every request and never answers it.
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  port = (silent.address() as AddressInfo).port;
  s = await startBackupServer({ retention: { days: 0, keep: 1, intervalMs: 0 }, backup: { urls: [`http://127.0.0.1:${port}/`], debounceMs: 3_600_000 } });
});
afterAll(async () => {
  await s.close();
  silent.closeAllConnections();
  silent.close();
});

it("writes, a redaction and a prune finish while a push hangs; removing the remote ends it", async () => {
  const mem = s.client.beta.memoryStores;
  const store = await mem.create({ name: "slow remote" });
  const m = await mem.memories.create(store.id, { path: "/a.md", content: "0\n" });
  await s.client.post(s.remotes(store.id), { body: { name: "slow", url: `http://127.0.0.1:${port}/x.git` } });
  const hanging = s.client.post(`${s.remotes(store.id)}/slow/push`).catch((err: { status: number; error: { error: { message: string } } }) => err);
  await eventually(async () => (await s.client.get<{ data: WireRemote[] }>(s.remotes(store.id))).data[0]!.state === "pushing");

  const written = await mem.memories.update(m.id, { memory_store_id: store.id, content: "1\n" });
  await mem.memories.update(m.id, { memory_store_id: store.id, content: "2\n" });
  await mem.memoryVersions.redact(written.memory_version_id, { memory_store_id: store.id });
  expect((await s.client.post<{ pruned_versions: number }>(`/v1/memory_stores/${store.id}/prune`)).pruned_versions).toBeGreaterThan(0);
  expect((await s.client.get<{ data: WireRemote[] }>(s.remotes(store.id))).data[0]!.state).toBe("pushing");

  await s.client.delete(`${s.remotes(store.id)}/slow`);
  expect(await hanging).toMatchObject({ status: 502, error: { error: { message: expect.stringMatching(/the push was stopped/) } } });
});
