// The same mount and memory tool over the in-process engine client (no HTTP): versions and
// refusals must match what the HTTP client gives.
import { betaMemoryTool } from "@anthropic-ai/sdk/helpers/beta/memory";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { engineStoreClient, memoryToolHandlers, mount, type Mount, type StoreClient } from "@memgit/files";
import { byPath, py, sh, startStack, versions, type Stack } from "./stack.ts";

let stack: Stack;
let store: string;
let client: StoreClient;
let m: Mount;
let dir: string;

beforeAll(async () => {
  stack = await startStack();
  store = await stack.newStore("In Process");
  client = engineStoreClient(stack.server.engine, { type: "api_actor", apiKeyId: stack.server.bootstrap!.apiKeyId });
  const root = join(stack.tmp, "engine-mnt");
  await sh(`mkdir -p ${root}`, "/");
  m = await mount({ dir: root, client, stores: [{ id: store }] });
  dir = join(root, "in-process");
});
afterAll(async () => {
  await m?.unmount();
  await stack?.close();
});

it("echo, sed -i, mv and rm give the same versions as over HTTP", async () => {
  expect((await sh("echo 'a: 1' > x.md && sed -i 's/1/2/' x.md && mv x.md y.md && cat y.md", dir)).stdout).toBe("a: 2\n");
  const y = await byPath(stack.sdk, store, "/y.md");
  const vs = await versions(stack.sdk, store, { memory_id: y!.id });
  expect(vs.map((v) => [v.operation, v.path])).toEqual([["created", "/x.md"], ["modified", "/x.md"], ["modified", "/y.md"]]);
  expect(vs[0]?.created_by).toEqual({ type: "api_actor", api_key_id: stack.server.bootstrap!.apiKeyId });
  await sh("rm y.md", dir);
  expect((await versions(stack.sdk, store, { memory_id: y!.id })).at(-1)?.operation).toBe("deleted");
});

it("refusals map to the same errno", async () => {
  const r = await py(
    [
      "import errno",
      "for name, data in [('big.md', 'a' * 102401), ('bad\\x01.md', 'x')]:",
      "    try:",
      "        with open(name, 'w') as f: f.write(data)",
      "        print('ok')",
      "    except OSError as e:",
      "        print(errno.errorcode[e.errno])",
    ].join("\n"),
    dir,
  );
  expect(r.stdout).toBe("EFBIG\nEINVAL\n");
});

it("the memory tool works over the engine client", async () => {
  const tool = betaMemoryTool(memoryToolHandlers(client, store));
  await tool.run({ command: "create", path: "/memories/tool.md", file_text: "t\n" });
  expect((await byPath(stack.sdk, store, "/tool.md"))?.content).toBe("t\n");
  await expect(tool.run({ command: "create", path: "/memories/tool.md/x", file_text: "t" })).rejects.toMatchObject({ code: "already_exists" });
});
