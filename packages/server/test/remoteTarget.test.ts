// Which URLs a backup remote may have (docs/decisions/0052): only places the operator allowed.
import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllowedUrls, remoteTarget, shownUrl, type BackupPolicy } from "../src/backup/remoteTarget.ts";
import { maskedOutput, pushEnv } from "../src/backup/pushToRemote.ts";

const base = mkdtempSync(join(tmpdir(), "memgit-remote-target-"));
const root = join(base, "backups");
const dataDir = join(root, "data");
const outside = join(base, "elsewhere");
mkdirSync(join(root, "inner"), { recursive: true });
mkdirSync(dataDir, { recursive: true });
mkdirSync(outside);
symlinkSync(outside, join(root, "escape"));
const policy: BackupPolicy = { root, urls: ["https://backup.example.com/git/", "http://127.0.0.1:9000"], dataDir };

const refusal = (url: string, p: BackupPolicy = policy) => {
  try {
    remoteTarget(url, p);
  } catch (err) {
    return (err as Error).message;
  }
  return "accepted";
};

describe("remoteTarget", () => {
  it("accepts paths and file:// URLs under the root, resolved", () => {
    expect(remoteTarget(join(root, "a.git"), policy)).toEqual({ kind: "path", path: join(root, "a.git") });
    expect(remoteTarget(`file://${root}/inner/../b.git`, policy)).toEqual({ kind: "path", path: join(root, "b.git") });
    expect(remoteTarget(`${root}/new/dirs/c.git`, policy)).toEqual({ kind: "path", path: join(root, "new", "dirs", "c.git") });
  });

  it.each([
    ["/etc/passwd.git", /url: a local path must lie under the backup root/],
    [`${root}/../elsewhere/x.git`, /url: a local path must lie under the backup root/],
    [`${root}/escape/x.git`, /url: a local path must lie under the backup root/],
    [root, /url: a local path must lie under the backup root/],
    [`${dataDir}/stores/x.git`, /url: a local path must not lie inside the server's data directory/],
    [`file://${outside}/x.git`, /url: a local path must lie under the backup root/],
    ["file://host/x.git", /url: a file:\/\/ URL must name a local path/],
    ["ssh://git@example.com/x.git", /url: the ssh transport is refused/],
    ["git://example.com/x.git", /url: the git transport is refused/],
    ["ext::sh -c touch% /tmp/pwned", /url: the ext transport is refused|url: must be an absolute/],
    ["fd::3", /url: the fd transport is refused|url: must be an absolute/],
    ["git@example.com:x.git", /url: /],
    ["relative/x.git", /url: must be an absolute local path, a file:\/\/ URL or an http\(s\):\/\/ URL/],
    ["-oProxyCommand=x", /url: must be an absolute local path/],
    ["https://evil.example.com/git/x.git", /url: an http\(s\) remote must start with one of the allowed prefixes/],
    ["https://backup.example.com/gitx/x.git", /url: an http\(s\) remote must start with one of the allowed prefixes/],
    ["https://backup.example.com/git/../stores/x.git", /url: an http\(s\) remote must start with one of the allowed prefixes/],
    ["https://backup.example.com/git/x.git?a=b", /url: an http\(s\) remote takes no query string or fragment/],
    ["http://127.0.0.1:9001/x.git", /url: an http\(s\) remote must start with one of the allowed prefixes/],
    ["", /url: must be 1 to 2048 characters/],
    [`${root}/a\n.git`, /url: must not contain control characters/],
  ])("refuses %s", (url, rule) => {
    expect(refusal(url)).toMatch(rule);
  });

  it("refuses every local path without a root, and every http(s) URL without an allowlist", () => {
    const none: BackupPolicy = { root: null, urls: [], dataDir: null };
    expect(refusal(join(root, "a.git"), none)).toMatch(/no backup root \(the operator sets MEMGIT_BACKUP_ROOT/);
    expect(refusal("https://backup.example.com/git/x.git", none)).toMatch(/allows none \(the operator lists allowed URL prefixes in MEMGIT_BACKUP_URLS\)/);
  });

  it("takes the credential out of an http(s) URL and shows it masked; git gets it in its environment only", () => {
    const target = remoteTarget("https://backup:s3cr%2Ft@backup.example.com/git/x.git", policy);
    expect(target).toEqual({ kind: "http", url: "https://backup.example.com/git/x.git", username: "backup", password: "s3cr/t" });
    expect(shownUrl(target)).toBe("https://backup:***@backup.example.com/git/x.git");
    const env = pushEnv(target);
    expect(env.GIT_ALLOW_PROTOCOL).toBe("https");
    expect(env.GIT_TERMINAL_PROMPT).toBe("0");
    const config = Object.fromEntries(Array.from({ length: Number(env.GIT_CONFIG_COUNT) }, (_, i) => [env[`GIT_CONFIG_KEY_${i}`], env[`GIT_CONFIG_VALUE_${i}`]]));
    expect(config["http.followRedirects"]).toBe("false");
    expect(config["http.extraHeader"]).toBe(`Authorization: Basic ${Buffer.from("backup:s3cr/t").toString("base64")}`);
    expect(maskedOutput("fatal: https://backup.example.com/git/x.git said s3cr/t and s3cr%2Ft\n", target)).toBe(
      "fatal: https://backup:***@backup.example.com/git/x.git said *** and ***",
    );
  });

  it("MEMGIT_BACKUP_URLS takes plain http(s) prefixes only", () => {
    expect(parseAllowedUrls(" https://a.example/git/ , http://127.0.0.1:80 ")).toEqual(["https://a.example/git/", "http://127.0.0.1/"]);
    expect(() => parseAllowedUrls("ssh://a.example/")).toThrow(/not an http\(s\) URL/);
    expect(() => parseAllowedUrls("https://u:p@a.example/")).toThrow(/plain prefix/);
  });
});
