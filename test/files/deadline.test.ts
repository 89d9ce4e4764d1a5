// A write the mount reports failed is never applied, and one it reports done is in the store
// (issue 10 item 9, decision 0023): each request has a deadline and is aborted when it passes,
// a write is sent only to a server that answers, and a write whose answer is lost is settled
// before the caller hears anything. A real kernel mount behind a proxy that fails on purpose.
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { httpStoreClient } from "@memgit/files";
import { startFaultyProxy, type FaultyProxy } from "./faultyProxy.ts";
import { byPath, eventually, py, sh, spawnIn, startStack, versions, type Stack } from "./stack.ts";

let stack: Stack;
let proxy: FaultyProxy;
let store: string;
let dir: string;

beforeAll(async () => {
  stack = await startStack();
  proxy = await startFaultyProxy(stack.url);
  store = await stack.newStore("Deadlines");
  const client = httpStoreClient({ baseURL: proxy.url, apiKey: stack.key });
  const m = await stack.mountStores({ stores: [{ id: store, client }], requestDeadlineMs: 2000 });
  dir = join(m.dir, "deadlines");
});
afterAll(async () => {
  await proxy?.resume();
  await proxy?.close();
  await stack?.close();
});

const api = () => stack.sdk.beta.memoryStores.memories;
const ops = async (path: string) => {
  const mem = await byPath(stack.sdk, store, path);
  return (await versions(stack.sdk, store, { memory_id: mem!.id })).map((v) => v.operation);
};
const errnoOf = async (code: string) =>
  (await py(["import errno", "try:", ...code.split("\n").map((l) => "    " + l), "    print('ok')", "except OSError as e:", "    print(errno.errorcode[e.errno])"].join("\n"), dir)).stdout.trim();

const WRITE_THEN_CLOSE_ON_INPUT = [
  "import errno, sys",
  "f = open(sys.argv[1], 'w')",
  "f.write('told it failed\\n')",
  "print('written', flush=True)",
  "input()",
  "try:",
  "    f.close()",
  "    print('ok')",
  "except OSError as e:",
  "    print(errno.errorcode[e.errno])",
].join("\n");

async function visible(path: string, content: string): Promise<void> {
  await api().create(store, { path, content });
  expect(await eventually(async () => (await sh(`cat .${path}`, dir)).stdout === content)).toBe(true);
}

it("a server that stops answering: rm, a new file and a close fail with ETIMEDOUT, and none lands when it resumes", async () => {
  await visible("/g.md", "keep me\n");
  // A writer with its file open and written, closing only once the server has stopped answering.
  const writer = spawnIn(dir, "python3", ["-c", WRITE_THEN_CLOSE_ON_INPUT, "k.md"]);
  let out = "";
  writer.stdout.on("data", (d: Buffer) => (out += d.toString()));
  expect(await eventually(async () => out === "written\n")).toBe(true);
  proxy.pause();
  writer.stdin.end("\n");
  await new Promise((r) => writer.on("close", r));
  expect(out).toBe("written\nETIMEDOUT\n");
  const rm = await sh("rm g.md", dir);
  expect(rm.code).not.toBe(0);
  expect(rm.stderr).toContain("Connection timed out");
  const created = await sh("echo never > h.md", dir);
  expect(created.code).not.toBe(0);
  expect(created.stderr).toContain("h.md: Connection timed out");
  // Only reads (listings, the liveness probe) reached the paused server: no write was sent.
  expect(new Set(await proxy.resume())).toEqual(new Set(["GET"]));
  // A later write of the same store runs after anything still queued there.
  expect((await sh("echo after > later.md", dir)).code).toBe(0);
  expect(await ops("/g.md")).toEqual(["created"]);
  expect(await byPath(stack.sdk, store, "/h.md")).toBeUndefined();
  expect(await byPath(stack.sdk, store, "/k.md")).toBeUndefined();
  expect((await byPath(stack.sdk, store, "/later.md"))?.content).toBe("after\n");
});

it("a delete the server holds past the deadline is settled, not reported failed; its late arrival changes nothing", async () => {
  await visible("/d.md", "old\n");
  const held = proxy.holdNext((method) => method === "DELETE");
  expect(await sh("rm d.md", dir)).toMatchObject({ code: 0 });
  await held.arrived;
  expect(await byPath(stack.sdk, store, "/d.md")).toBeUndefined();
  expect((await sh("echo again > d.md", dir)).code).toBe(0);
  // The first DELETE reaches the server only now, as one queued behind a paused server would.
  expect(await held.deliver()).toBe(404);
  expect((await byPath(stack.sdk, store, "/d.md"))?.content).toBe("again\n");
  expect(await ops("/d.md")).toEqual(["created"]);
});

it("a create whose answer is lost is confirmed from the store, not reported failed or EEXIST", async () => {
  proxy.loseAnswerOfNext((method, path) => method === "POST" && path.split("?")[0]!.endsWith("/memories"));
  expect(await errnoOf("with open('lost.md', 'w') as f: f.write('written once\\n')")).toBe("ok");
  expect((await byPath(stack.sdk, store, "/lost.md"))?.content).toBe("written once\n");
  expect(await ops("/lost.md")).toEqual(["created"]);
});
