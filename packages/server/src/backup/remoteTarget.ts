// Where a backup remote may point (docs/decisions/0052). A URL a client hands the server is a
// way into the server's disk and network, so only places the operator allowed pass: local
// paths and file:// under MEMGIT_BACKUP_ROOT (after resolving `..` and symlinks, and never
// inside the data directory), http(s) only under an origin and path the operator listed in
// MEMGIT_BACKUP_URLS. Every other transport (ssh, git://, ext::, fd::, …) is refused.
import { existsSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { invalidRequest } from "../errors.ts";

export interface BackupPolicy {
  /** Local paths and file:// URLs must resolve under it; null: none allowed. */
  root: string | null;
  /** http(s) URL prefixes remotes may start with; empty: none allowed. */
  urls: readonly string[];
  /** The server's data directory: never a backup target, whatever the root. */
  dataDir: string | null;
}

/** A remote's destination, with any credential taken out of the URL. */
export type RemoteTarget =
  | { kind: "path"; path: string }
  | { kind: "http"; url: string; username: string | null; password: string | null };

const refuse = (rule: string) => invalidRequest(`url: ${rule}`);

/** The deepest existing ancestor resolved through its symlinks, with the rest appended. */
function realPathOf(path: string): string {
  let existing = path;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    rest.unshift(existing.slice(parent.length).replace(/^[/\\]+/, ""));
    existing = parent;
  }
  return resolve(realpathSync(existing), ...rest);
}

const within = (dir: string, path: string) => {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
};

function localTarget(path: string, policy: BackupPolicy): RemoteTarget {
  if (policy.root === null)
    throw refuse("local paths are refused: this server has no backup root (the operator sets MEMGIT_BACKUP_ROOT to allow them)");
  const root = realPathOf(resolve(policy.root));
  const target = realPathOf(resolve(path));
  if (!within(root, target) || target === root)
    throw refuse(`a local path must lie under the backup root ${policy.root} (after resolving .. and symlinks)`);
  if (policy.dataDir !== null && within(realPathOf(resolve(policy.dataDir)), target))
    throw refuse("a local path must not lie inside the server's data directory");
  return { kind: "path", path: target };
}

function httpTarget(url: URL, policy: BackupPolicy): RemoteTarget {
  const username = url.username === "" ? null : decodeURIComponent(url.username);
  const password = url.password === "" ? null : decodeURIComponent(url.password);
  const bare = new URL(url.href);
  bare.username = "";
  bare.password = "";
  if (bare.search !== "" || bare.hash !== "") throw refuse("an http(s) remote takes no query string or fragment");
  const allowed = policy.urls.some((prefix) => {
    const p = new URL(prefix);
    return p.origin === bare.origin && bare.pathname.startsWith(p.pathname.endsWith("/") ? p.pathname : `${p.pathname}/`);
  });
  if (!allowed)
    throw refuse(
      policy.urls.length === 0
        ? "http(s) remotes are refused: this server allows none (the operator lists allowed URL prefixes in MEMGIT_BACKUP_URLS)"
        : `an http(s) remote must start with one of the allowed prefixes: ${policy.urls.join(", ")}`,
    );
  return { kind: "http", url: bare.href, username, password };
}

/** Checks `url` against the policy; throws a 400 naming the rule it breaks. */
export function remoteTarget(url: string, policy: BackupPolicy): RemoteTarget {
  if (url.length === 0 || url.length > 2048) throw refuse("must be 1 to 2048 characters");
  if ([...url].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) throw refuse("must not contain control characters");
  if (url.startsWith("/")) return localTarget(url, policy);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse("must be an absolute local path, a file:// URL or an http(s):// URL");
  }
  if (parsed.protocol === "file:") {
    if (parsed.host !== "" && parsed.host !== "localhost") throw refuse("a file:// URL must name a local path (no host)");
    return localTarget(fileURLToPath(parsed), policy);
  }
  if (parsed.protocol === "http:" || parsed.protocol === "https:") return httpTarget(parsed, policy);
  throw refuse(`the ${parsed.protocol.replace(/:$/, "")} transport is refused: only local paths, file:// and http(s):// are allowed`);
}

/** The URL as it may be shown: a password is never echoed back, only masked. */
export function shownUrl(target: RemoteTarget): string {
  if (target.kind === "path") return target.path;
  if (target.username === null && target.password === null) return target.url;
  const url = new URL(target.url);
  url.username = target.username ?? "";
  url.password = target.password === null ? "" : "***";
  return url.href;
}

/** MEMGIT_BACKUP_URLS: comma-separated http(s) prefixes; refuses (at start-up) anything else. */
export function parseAllowedUrls(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => {
      let url: URL;
      try {
        url = new URL(s);
      } catch {
        throw new Error(`MEMGIT_BACKUP_URLS: ${s} is not a URL`);
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`MEMGIT_BACKUP_URLS: ${s} is not an http(s) URL`);
      if (url.username || url.password || url.search || url.hash) throw new Error(`MEMGIT_BACKUP_URLS: ${s} must be a plain prefix (no credentials, query or fragment)`);
      return url.href;
    });
}
