// The machine-readable part of every commit (docs/format.md §Commit messages):
// a subject line for humans, then `Memgit-*` trailers, one per line, in a fixed order.
import type { Actor, Operation } from "../types.ts";
import { formatActor, parseActor } from "./actor.ts";

export const FORMAT_VERSION = 1;

export interface VersionRecord {
  memoryId: string;
  operation: Operation;
  path: string;
  /** null for `deleted`. */
  sha256: string | null;
  sizeBytes: number | null;
  actor: Actor | null;
  createdAtMs: number;
}

export function formatVersionMessage(v: VersionRecord): string {
  const lines = [
    `${v.operation} ${v.path}`,
    "",
    `Memgit-Format: ${FORMAT_VERSION}`,
    `Memgit-Memory-Id: ${v.memoryId}`,
    `Memgit-Operation: ${v.operation}`,
    `Memgit-Path: ${JSON.stringify(v.path)}`,
  ];
  if (v.sha256 !== null) lines.push(`Memgit-Content-Sha256: ${v.sha256}`, `Memgit-Content-Size: ${v.sizeBytes}`);
  if (v.actor) lines.push(`Memgit-Actor: ${formatActor(v.actor)}`);
  lines.push(`Memgit-Time: ${new Date(v.createdAtMs).toISOString()}`);
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
  const path = JSON.parse(t.get("Memgit-Path") ?? "null") as unknown;
  const time = Date.parse(t.get("Memgit-Time") ?? "");
  if (!memoryId || typeof path !== "string" || Number.isNaN(time)) throw new Error("incomplete version trailers");
  const sha = t.get("Memgit-Content-Sha256") ?? null;
  const actor = t.get("Memgit-Actor");
  return {
    memoryId,
    operation,
    path,
    sha256: sha,
    sizeBytes: sha === null ? null : Number(t.get("Memgit-Content-Size")),
    actor: actor ? parseActor(actor) : null,
    createdAtMs: time,
  };
}
