// A store pruned and then redacted below its boundary (the rewrite makes the boundary a root
// commit and drops `shallow`) still opens from a bare clone with every version it showed: the
// index rebuild seeds the versions kept below the boundary whenever there are any (decision
// 0008, docs/format.md §Retention).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { Memgit } from "../../packages/engine/src/index.ts";
import { allVersions } from "../helpers/engineHistory.ts";

const actor = { type: "api_actor", apiKeyId: "apikey_test" } as const;
const DAY = 86_400_000;

it("a pruned store redacted below its boundary rebuilds from a clone", async () => {
  let t = Date.parse("2026-01-01T00:00:00Z");
  const clock = () => t++;
  const dir = mkdtempSync(join(tmpdir(), "memgit-pruned-redacted-"));
  const mg = await Memgit.open({ dataDir: dir, clock, retention: { days: 30, keep: 2, intervalMs: 0 } });
  const s = await mg.createStore({ name: "pruned then redacted" });
  const a = await mg.createMemory(s.id, { path: "/a.md", content: "a0", actor });
  const a1 = await mg.updateMemory(s.id, a.memory.id, { content: "a1", actor });
  await mg.updateMemory(s.id, a.memory.id, { content: "a2", actor });
  t += 45 * DAY;
  await mg.createMemory(s.id, { path: "/b.md", content: "b0", actor });
  expect((await mg.prune(s.id)).prunedVersions).toBe(1);
  // a1 is kept below the boundary (a's two most recent are a1 and a2); redact it.
  await mg.redactVersion(s.id, a1.version!.id, actor);
  const gitDir = await mg.gitDir(s.id);
  expect(existsSync(join(gitDir!, "shallow"))).toBe(false);
  const before = await allVersions(mg, s.id);
  await mg.close();

  const copy = mkdtempSync(join(tmpdir(), "memgit-pruned-redacted-copy-"));
  mkdirSync(join(copy, "stores"));
  execFileSync("git", ["clone", "-q", "--bare", gitDir!, join(copy, "stores", `${s.id}.git`)]);
  const reopened = await Memgit.open({ dataDir: copy, retention: { intervalMs: 0 } });
  try {
    expect(reopened.problems()).toEqual([]);
    expect(await allVersions(reopened, s.id)).toEqual(before);
  } finally {
    await reopened.close();
  }
});

it("a clone of a pruned store keeps the creation time of a memory whose earlier versions all went", async () => {
  let t = Date.parse("2026-01-01T00:00:00Z");
  const clock = () => t++;
  const dir = mkdtempSync(join(tmpdir(), "memgit-pruned-created-"));
  const mg = await Memgit.open({ dataDir: dir, clock, retention: { days: 30, keep: 1, intervalMs: 0 } });
  const s = await mg.createStore({ name: "pruned" });
  const m = await mg.createMemory(s.id, { path: "/m.md", content: "m0", actor });
  t += 45 * DAY;
  await mg.updateMemory(s.id, m.memory.id, { content: "m1", actor });
  await mg.updateMemory(s.id, m.memory.id, { content: "m2", actor });
  expect((await mg.prune(s.id)).prunedVersions).toBe(1);
  const before = await mg.getMemory(s.id, m.memory.id);
  const gitDir = (await mg.gitDir(s.id))!;
  await mg.close();

  const copy = mkdtempSync(join(tmpdir(), "memgit-pruned-created-copy-"));
  mkdirSync(join(copy, "stores"));
  execFileSync("git", ["clone", "-q", "--bare", `file://${gitDir}`, join(copy, "stores", `${s.id}.git`)]);
  const reopened = await Memgit.open({ dataDir: copy, retention: { intervalMs: 0 } });
  try {
    expect((await reopened.getMemory(s.id, m.memory.id)).createdAt).toEqual(before.createdAt);
  } finally {
    await reopened.close();
  }
});
