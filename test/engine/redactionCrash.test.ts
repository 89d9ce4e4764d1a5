// A redaction cut short by SIGKILL (issue 11 part 1): whenever the process dies, the store
// opens whole. Either the redaction happened (the secret is gone from every object and file,
// the audit trail is there) or it did not (the version reads as before); every acknowledged
// write is there; git fsck passes.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Memgit } from "../../packages/engine/src/index.ts";

const actor = { type: "api_actor", apiKeyId: "apikey_test" } as const;
const script = new URL("./fixtures/redactOne.ts", import.meta.url).pathname;
const SECRET = "AKIA" + "Q3EXAMPLE7REDACTME9";

function anyFileHolds(dir: string, needle: string): boolean {
  return readdirSync(dir).some((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? anyFileHolds(p, needle) : readFileSync(p).includes(needle);
  });
}

type KillAt = number | { marker: string; afterRefMove?: string };

/**
 * Runs the child and SIGKILLs it after `at` ms, or the moment the purge marker exists (the new
 * history is being written), or once the ref `afterRefMove` moved while the marker exists (the
 * old objects are being removed: writes are held meanwhile, so only the redaction moves it).
 */
function runAndKill(args: string[], at: KillAt): Promise<string[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    let refAtMarker: string | null = null;
    const ref = (p: string) => (existsSync(p) ? readFileSync(p, "utf8") : "");
    const timer =
      typeof at === "number"
        ? setTimeout(() => child.kill("SIGKILL"), at)
        : setInterval(() => {
            if (!existsSync(at.marker)) return;
            if (!at.afterRefMove) return child.kill("SIGKILL");
            refAtMarker ??= ref(at.afterRefMove);
            if (ref(at.afterRefMove) !== refAtMarker) child.kill("SIGKILL");
          }, 1);
    child.on("exit", () => {
      clearTimeout(timer);
      clearInterval(timer);
      resolve(out.split("\n").filter(Boolean));
    });
  });
}

describe("redaction and SIGKILL", () => {
  it("leaves the store whole at every moment of a redaction", async () => {
    const outcomes = new Set<string>();
    // Kill moments spread over startup, the rewrite, the purge and after; "purge": the moment
    // the purge marker appears (new history being written, or the old being removed).
    for (const when of [350, 600, 900, 1400, "purge", "purge", "moved", "moved", "moved"] as const) {
      const dataDir = mkdtempSync(join(tmpdir(), "memgit-redact-crash-"));
      const setup = await Memgit.open({ dataDir });
      const { id } = await setup.createStore({ name: "crash" });
      const leak = await setup.createMemory(id, { actor, path: "/leak.md", content: SECRET });
      await setup.updateMemory(id, leak.memory.id, { actor, content: "clean" });
      for (let i = 0; i < 150; i++) await setup.createMemory(id, { actor, path: `/pre/${i}.md`, content: `pre ${i}` });
      await setup.close();

      const gitDir = join(dataDir, "stores", `${id}.git`);
      const marker = join(gitDir, "memgit", "PURGE");
      const at = when === "purge" ? { marker } : when === "moved" ? { marker, afterRefMove: join(gitDir, "refs", "heads", "main") } : when;
      const lines = await runAndKill([dataDir, id, leak.version!.id], at);
      const acked = lines.filter((l) => l.startsWith("ack ")).map((l) => l.slice(4));
      const reported = lines.includes("redacted");

      const mg = await Memgit.open({ dataDir });
      try {
        const v = await mg.getVersion(id, leak.version!.id, { view: "full" });
        const redacted = v.redactedAt !== null;
        if (reported) expect(redacted).toBe(true);
        outcomes.add(redacted ? "redacted" : "not redacted");
        if (!redacted) expect(v.content).toBe(SECRET);
        for (const vid of acked) expect((await mg.getVersion(id, vid)).id).toBe(vid);
        await mg.flush(id);
        execFileSync("git", ["--git-dir", gitDir, "fsck", "--full", "--strict"], { stdio: "pipe" });
        if (redacted) {
          const all = execFileSync("git", ["--git-dir", gitDir, "cat-file", "--batch-all-objects", "--batch"], { maxBuffer: 256 << 20 });
          expect(all.includes(SECRET)).toBe(false);
          expect(anyFileHolds(dataDir, SECRET)).toBe(false);
        }
      } finally {
        await mg.close();
      }
    }
    // The kill moments reach both sides of the redaction.
    expect([...outcomes].sort()).toEqual(["not redacted", "redacted"]);
  }, 180_000);
});
