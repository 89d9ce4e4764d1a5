// The machine-readable part of every commit (docs/format.md §Commit messages):
// a subject line for humans, then `Memgit-*` trailers, one per line, in a fixed order.
import type { Actor, Operation } from "../types.ts";
import { formatActor, parseActor } from "./actor.ts";

export const FORMAT_VERSION = 1;

export interface VersionRecord {
  memoryId: string;
  operation: Operation;
  /** "" for a redacted version: its path is gone from history. */
  path: string;
  /** null for `deleted` and redacted versions. */
  sha256: string | null;
  sizeBytes: number | null;
  actor: Actor | null;
  createdAtMs: number;
  /**
   * The id this version was handed out with, carried by a commit that history rewriting
   * (redaction) made: its own hash no longer is the id. Absent: the id is `memver_<commit>`.
   */
  versionId?: string;
  /** Set on the rewritten commit of a redacted version (docs/format.md §Redaction). */
  redaction?: { atMs: number; by: Actor | null };
}

export function formatVersionMessage(v: VersionRecord): string {
  const lines = [v.redaction ? `redacted ${v.operation}` : `${v.operation} ${v.path}`, "", `Memgit-Format: ${FORMAT_VERSION}`];
  if (v.versionId) lines.push(`Memgit-Version-Id: ${v.versionId}`);
  lines.push(`Memgit-Memory-Id: ${v.memoryId}`, `Memgit-Operation: ${v.operation}`);
  if (!v.redaction) {
    lines.push(`Memgit-Path: ${JSON.stringify(v.path)}`);
    if (v.sha256 !== null) lines.push(`Memgit-Content-Sha256: ${v.sha256}`, `Memgit-Content-Size: ${v.sizeBytes}`);
  }
  if (v.actor) lines.push(`Memgit-Actor: ${formatActor(v.actor)}`);
  lines.push(`Memgit-Time: ${new Date(v.createdAtMs).toISOString()}`);
  if (v.redaction) {
    lines.push(`Memgit-Redacted-At: ${new Date(v.redaction.atMs).toISOString()}`);
    if (v.redaction.by) lines.push(`Memgit-Redacted-By: ${formatActor(v.redaction.by)}`);
  }
  return lines.join("\n") + "\n";
}

export function parseTrailers(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of message.split("\n")) {
    if (!line.startsWith("Memgit-")) continue;
    const colon = line.indexOf(": ");
    if (colon > 0) out.set(line.slice(0, colon), line.slice(colon + 2));
  }
  return out;
}

/** Throws when the message is not a memgit version commit of a known format. */
export function parseVersionMessage(message: string): VersionRecord {
  const t = parseTrailers(message);
  const format = Number(t.get("Memgit-Format"));
  if (format !== FORMAT_VERSION) throw new Error(`unsupported commit format: ${t.get("Memgit-Format") ?? "none"}`);
  const operation = t.get("Memgit-Operation");
  if (operation !== "created" && operation !== "modified" && operation !== "deleted")
    throw new Error(`bad Memgit-Operation: ${operation}`);
  const memoryId = t.get("Memgit-Memory-Id");
  const redactedAt = t.has("Memgit-Redacted-At") ? Date.parse(t.get("Memgit-Redacted-At")!) : null;
  const path = redactedAt !== null ? "" : (JSON.parse(t.get("Memgit-Path") ?? "null") as unknown);
  const time = Date.parse(t.get("Memgit-Time") ?? "");
  if (!memoryId || typeof path !== "string" || Number.isNaN(time) || Number.isNaN(redactedAt)) throw new Error("incomplete version trailers");
  const sha = redactedAt !== null ? null : (t.get("Memgit-Content-Sha256") ?? null);
  const actor = t.get("Memgit-Actor");
  const versionId = t.get("Memgit-Version-Id");
  if (versionId !== undefined && !/^memver_[0-9a-f]{40}$/.test(versionId)) throw new Error(`bad Memgit-Version-Id: ${versionId}`);
  const redactedBy = t.get("Memgit-Redacted-By");
  return {
    memoryId,
    operation,
    path,
    sha256: sha,
    sizeBytes: sha === null ? null : Number(t.get("Memgit-Content-Size")),
    actor: actor ? parseActor(actor) : null,
    createdAtMs: time,
    ...(versionId ? { versionId } : {}),
    ...(redactedAt !== null ? { redaction: { atMs: redactedAt, by: redactedBy ? parseActor(redactedBy) : null } } : {}),
  };
}
