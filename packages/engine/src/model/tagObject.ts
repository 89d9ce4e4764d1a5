// An annotated git tag (a checkpoint, docs/format.md §Checkpoints): `object`, `type`, `tag`
// and `tagger` headers, a blank line, then a subject and `Memgit-*` trailers like a commit's.
import type { Actor } from "../types.ts";
import { actorId, formatActor, parseActor } from "./actor.ts";
import { FORMAT_VERSION, parseTrailers } from "./commitTrailers.ts";

export interface CheckpointTag {
  name: string;
  /** The `main` commit the store was at. */
  commit: string;
  /** The newest version then, and its time: the point in history the checkpoint names. */
  versionId: string;
  atMs: number;
  actor: Actor | null;
  createdAtMs: number;
}

export function serializeCheckpointTag(t: CheckpointTag): Buffer {
  const who = t.actor ? `${actorId(t.actor)} <${t.actor.type}@memgit>` : "memgit <system@memgit>";
  const lines = [
    `object ${t.commit}`,
    "type commit",
    `tag ${t.name}`,
    `tagger ${who} ${Math.floor(t.createdAtMs / 1000)} +0000`,
    "",
    `checkpoint ${t.name}`,
    "",
    `Memgit-Format: ${FORMAT_VERSION}`,
    `Memgit-Version: ${t.versionId}`,
    `Memgit-Version-Time: ${new Date(t.atMs).toISOString()}`,
  ];
  if (t.actor) lines.push(`Memgit-Actor: ${formatActor(t.actor)}`);
  lines.push(`Memgit-Time: ${new Date(t.createdAtMs).toISOString()}`);
  return Buffer.from(lines.join("\n") + "\n");
}

/** The checkpoint a tag object describes, or null when it is not one memgit wrote. */
export function parseCheckpointTag(buf: Buffer): CheckpointTag | null {
  const text = buf.toString("utf8");
  const split = text.indexOf("\n\n");
  if (split < 0) return null;
  const head = new Map(text.slice(0, split).split("\n").map((l) => [l.slice(0, l.indexOf(" ")), l.slice(l.indexOf(" ") + 1)]));
  const t = parseTrailers(text.slice(split + 2));
  const atMs = Date.parse(t.get("Memgit-Version-Time") ?? "");
  const createdAtMs = Date.parse(t.get("Memgit-Time") ?? "");
  const versionId = t.get("Memgit-Version");
  const commit = head.get("object");
  const name = head.get("tag");
  if (Number(t.get("Memgit-Format")) !== FORMAT_VERSION || head.get("type") !== "commit") return null;
  if (!commit || !name || !versionId || Number.isNaN(atMs) || Number.isNaN(createdAtMs)) return null;
  const actor = t.get("Memgit-Actor");
  return { name, commit, versionId, atMs, actor: actor ? parseActor(actor) : null, createdAtMs };
}
