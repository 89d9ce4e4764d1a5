// Bundles made by hand with the real git binary, for the import tests: a store's repository
// taken from an exported bundle, commits added to it the way memgit writes them (or not quite),
// and bundles of any refs of it.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const git = (gitDir: string, args: string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}) =>
  execFileSync("git", ["--git-dir", gitDir, ...args], {
    input: options.input,
    env: { PATH: process.env.PATH, HOME: tmpdir(), GIT_CONFIG_NOSYSTEM: "1", ...options.env },
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
  }).trim();

const scratch = (name: string) => join(mkdtempSync(join(tmpdir(), "memgit-craft-")), name);

/** A bare repository holding everything in `bundle` (its refs as they were). */
export function repoOf(bundle: Buffer): string {
  const file = scratch("in.bundle");
  writeFileSync(file, bundle);
  const dir = scratch("repo.git");
  git(dir, ["init", "-q", "--bare"]);
  git(dir, ["fetch", "-q", file, "refs/*:refs/*"]);
  return dir;
}

/** A bundle of `refs` (default: every ref) of the repository. */
export function bundleOf(gitDir: string, refs: string[] = ["--all"]): Buffer {
  const file = scratch("out.bundle");
  git(gitDir, ["bundle", "create", "-q", file, ...refs]);
  return readFileSync(file);
}

export interface Version {
  memoryId: string;
  operation?: "created" | "modified" | "deleted";
  path: string;
  content?: string;
  timeMs: number;
  /** Lines to put among the trailers, or to replace them all. */
  trailers?: string[];
  /** A second parent: a merge. */
  mergeWith?: string;
  /** The file's path in the tree, when it should differ from `path`. */
  treePath?: string;
  /** The commit's author name, when it should not be the actor's id. */
  author?: string;
}

/** Adds one version commit to `main` as memgit writes it (unless `v` says otherwise); returns its id. */
export function appendVersion(gitDir: string, v: Version): string {
  const op = v.operation ?? "created";
  const index = scratch("index");
  const env = { GIT_INDEX_FILE: index };
  const parent = git(gitDir, ["rev-parse", "--verify", "-q", "refs/heads/main"]);
  git(gitDir, ["read-tree", parent], { env });
  const content = v.content ?? "";
  if (op === "deleted") git(gitDir, ["update-index", "--remove", "--force-remove", (v.treePath ?? v.path).slice(1)], { env });
  else {
    const blob = git(gitDir, ["hash-object", "-w", "--stdin"], { input: content });
    git(gitDir, ["update-index", "--add", "--cacheinfo", `100644,${blob},${(v.treePath ?? v.path).slice(1)}`], { env });
  }
  const tree = git(gitDir, ["write-tree"], { env });
  const sha = createHash("sha256").update(content).digest("hex");
  const trailers = v.trailers ?? [
    "Memgit-Format: 1",
    `Memgit-Memory-Id: ${v.memoryId}`,
    `Memgit-Operation: ${op}`,
    `Memgit-Path: ${JSON.stringify(v.path)}`,
    ...(op === "deleted" ? [] : [`Memgit-Content-Sha256: ${sha}`, `Memgit-Content-Size: ${Buffer.byteLength(content)}`]),
    "Memgit-Actor: api_actor apikey_crafted",
    `Memgit-Time: ${new Date(v.timeMs).toISOString()}`,
  ];
  const message = `${op} ${v.path}\n\n${trailers.join("\n")}\n`;
  const when = `${Math.floor(v.timeMs / 1000)} +0000`;
  const sig = { GIT_AUTHOR_NAME: v.author ?? "apikey_crafted", GIT_AUTHOR_EMAIL: "api_actor@memgit", GIT_AUTHOR_DATE: when, GIT_COMMITTER_NAME: "apikey_crafted", GIT_COMMITTER_EMAIL: "api_actor@memgit", GIT_COMMITTER_DATE: when };
  const parents = ["-p", parent, ...(v.mergeWith ? ["-p", v.mergeWith] : [])];
  const commit = git(gitDir, ["commit-tree", tree, ...parents, "--no-gpg-sign", "-F", "-"], { input: message, env: sig });
  git(gitDir, ["update-ref", "refs/heads/main", commit]);
  return commit;
}

/** The time of main's head version, from its trailer. */
export function headTime(gitDir: string): number {
  return Date.parse(/^Memgit-Time: (.*)$/m.exec(git(gitDir, ["log", "-1", "--format=%B", "refs/heads/main"]))![1]!);
}
