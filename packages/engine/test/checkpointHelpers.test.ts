// What the history rewriters need from checkpoints: redaction re-makes tags on the rewritten
// commits (retagCheckpoints), retention keeps what the oldest checkpoint needs (checkpointFloor).
import { expect, it } from "vitest";
import { Catalog } from "../src/catalog/catalog.ts";
import { parseCheckpointTag } from "../src/model/tagObject.ts";
import { checkpointFloor } from "../src/history/checkpoints.ts";
import { retagCheckpoints } from "../src/history/retagCheckpoints.ts";

it("re-makes each tag whose version has a new commit, same name and trailers, and leaves the others", () => {
  const catalog = new Catalog(":memory:");
  const v = (n: string) => `memver_${n.repeat(40)}`;
  const base = { at: 1_000, created_at: 2_000, actor_type: "api_actor", actor_id: "apikey_1" };
  catalog.upsertCheckpoint({ name: "moved", tag_oid: "a".repeat(40), version_id: v("1"), ...base });
  catalog.upsertCheckpoint({ name: "older", tag_oid: "b".repeat(40), version_id: v("2"), ...base });
  catalog.upsertCheckpoint({ name: "foreign", tag_oid: "c".repeat(40), version_id: null, at: null, created_at: null, actor_type: null, actor_id: null });
  const r = retagCheckpoints(catalog, new Map([[v("1"), { commit: "d".repeat(40) }]]));
  expect([...r.refs.keys()]).toEqual(["refs/tags/moved"]);
  expect(parseCheckpointTag(r.objects[0]!.content)).toEqual({
    name: "moved",
    commit: "d".repeat(40),
    versionId: v("1"),
    atMs: 1_000,
    actor: { type: "api_actor", apiKeyId: "apikey_1" },
    createdAtMs: 2_000,
  });
  expect(r.rows).toEqual([{ name: "moved", tag_oid: r.objects[0]!.oid, version_id: v("1"), ...base }]);
  catalog.close();
});

it("retention keeps every version from the oldest checkpoint's point on", () => {
  const catalog = new Catalog(":memory:");
  expect(checkpointFloor(catalog)).toEqual({});
  const row = { tag_oid: "a".repeat(40), version_id: `memver_${"1".repeat(40)}`, created_at: 9, actor_type: null, actor_id: null };
  catalog.upsertCheckpoint({ ...row, name: "b", at: 500 });
  catalog.upsertCheckpoint({ ...row, name: "a", at: 300 });
  catalog.upsertCheckpoint({ ...row, name: "foreign", version_id: null, at: null });
  expect(checkpointFloor(catalog)).toEqual({ protectFromMs: 300 });
  catalog.close();
});
