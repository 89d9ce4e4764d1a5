// A memgit commit: the author and committer are the actor (name = actor id, email =
// `<actor type>@memgit`), so `git log --format='%an %ae'` shows who wrote each version.
import type { Actor } from "../types.ts";
import { actorId } from "./actor.ts";
import { serializeCommit, type GitObject } from "./gitObject.ts";

export function commitObject(tree: string, parent: string | null, actor: Actor | null, timeMs: number, message: string): GitObject {
  const sig = {
    name: actor ? actorId(actor) : "memgit",
    email: `${actor?.type ?? "system"}@memgit`,
    timestamp: Math.floor(timeMs / 1000),
  };
  return { type: "commit", content: serializeCommit({ tree, parents: parent ? [parent] : [], author: sig, committer: sig, message }) };
}
