// The FUSE mount through a real kernel mount, driven with real shell tools and python3,
// verified through the API.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Mount } from "@memgit/files";
import { byPath, eventually, memories, py, sh, spawnIn, startStack, versions, type Stack } from "./stack.ts";

let stack: Stack;
let storeA: string;
let storeB: string;
let storeRef: string;
let m: Mount;
let a: string; // the mount directory of store A
let root: string;

beforeAll(async () => {
  stack = await startStack();
  storeA = await stack.newStore("Shell Tools");
  storeB = await stack.newStore("Second Store");
  storeRef = await stack.newStore("Reference (Docs)");
  await stack.sdk.beta.memoryStores.memories.create(storeRef, { path: "/guide.md", content: "read me\n" });
  m = await stack.mountStores({ stores: [{ id: storeA }, { id: storeB }, { id: storeRef, readOnly: true }] });
  root = m.dir;
  a = join(root, "shell-tools");
});

afterAll(async () => {
  await stack?.close();
});

const ops = async (storeId: string, path: string) => {
  const mem = await byPath(stack.sdk, storeId, path);
  if (!mem) return [];
  return (await versions(stack.sdk, storeId, { memory_id: mem.id })).map((v) => v.operation);
};

describe("layout", () => {
  it("has one directory per store named by slug, and a read-only parent", async () => {
    const r = await sh("ls -1 && stat -c '%A' . && (touch new-at-root 2>&1; mkdir dir-at-root 2>&1; true)", root);
    expect(r.stdout.split("\n").slice(0, 3).sort()).toEqual(["reference-docs", "second-store", "shell-tools"]);
    expect(r.stdout).toContain("dr-xr-xr-x");
    expect(r.stdout).toContain("touch: cannot touch 'new-at-root': Read-only file system");
    expect(r.stdout).toMatch(/mkdir: cannot create directory .dir-at-root.: Read-only file system/);
  });
});

describe("shell tools", () => {
  it("echo > creates one version; cat reads it; an unchanged close writes nothing", async () => {
    const r = await sh("echo hello > e.md && cat e.md && echo hello > e.md && cat e.md > /dev/null", a);
    expect(r).toMatchObject({ code: 0, stdout: "hello\n" });
    const mem = await byPath(stack.sdk, storeA, "/e.md");
    expect(mem?.content).toBe("hello\n");
    expect(await ops(storeA, "/e.md")).toEqual(["created"]);
  });

  it("echo >> and : > are one modified version each", async () => {
    await sh("echo one > app.md && echo two >> app.md", a);
    expect(await ops(storeA, "/app.md")).toEqual(["created", "modified"]);
    // A truncate-only open is written at the last close (release), just after close() returns.
    await sh(": > app.md", a);
    expect(await eventually(async () => (await ops(storeA, "/app.md")).length === 3)).toBe(true);
    expect(await ops(storeA, "/app.md")).toEqual(["created", "modified", "modified"]);
    expect((await byPath(stack.sdk, storeA, "/app.md"))?.content).toBe("");
  });

  it("sed -i rewrites the file in place, keeping its memory id", async () => {
    await sh("printf 'colour: red\\n' > sed.md", a);
    const before = await byPath(stack.sdk, storeA, "/sed.md");
    const r = await sh("sed -i 's/red/blue/' sed.md && cat sed.md", a);
    expect(r).toMatchObject({ code: 0, stdout: "colour: blue\n" });
    const after = await byPath(stack.sdk, storeA, "/sed.md");
    expect(after?.id).toBe(before?.id);
    expect(after?.content).toBe("colour: blue\n");
    expect(await ops(storeA, "/sed.md")).toEqual(["created", "modified"]);
    expect((await memories(stack.sdk, storeA)).filter((x) => x.path.startsWith("/sed") && x.path !== "/sed.md")).toEqual([]);
  });

  it("vim edits in place, and its swap files never become memories", async () => {
    await sh("echo 'hello world' > vim.md", a);
    const r = await sh("vim -E -s -u NONE -c '%s/hello/bye/' -c 'wq' vim.md < /dev/null; cat vim.md", a);
    expect(r.stdout).toBe("bye world\n");
    expect(await ops(storeA, "/vim.md")).toEqual(["created", "modified"]);
    expect((await versions(stack.sdk, storeA)).filter((v) => /\.sw[a-px]$|4913/.test(v.path ?? ""))).toEqual([]);
    expect((await sh("ls -a", a)).stdout).not.toMatch(/\.swp/);
  });

  it("mv within a store is one modified version keeping the id; rm is deleted", async () => {
    await sh("mkdir -p notes && echo n > notes/old.md", a);
    const before = await byPath(stack.sdk, storeA, "/notes/old.md");
    expect((await sh("mv notes/old.md notes/new.md && ls notes", a)).stdout).toBe("new.md\n");
    const after = await byPath(stack.sdk, storeA, "/notes/new.md");
    expect(after?.id).toBe(before!.id);
    const vs = await versions(stack.sdk, storeA, { memory_id: before!.id });
    expect(vs.map((v) => [v.operation, v.path])).toEqual([["created", "/notes/old.md"], ["modified", "/notes/new.md"]]);
    expect((await sh("rm notes/new.md && ls notes | wc -l", a)).stdout.trim()).toBe("0");
    const all = await versions(stack.sdk, storeA, { memory_id: before!.id });
    expect(all.map((v) => v.operation)).toEqual(["created", "modified", "deleted"]);
  });

  it("mv of a directory renames every memory under it", async () => {
    await sh("mkdir -p dir1/sub && echo 1 > dir1/a.md && echo 2 > dir1/sub/b.md && mv dir1 dir2", a);
    const paths = (await memories(stack.sdk, storeA)).map((x) => x.path).filter((p) => p.startsWith("/dir"));
    expect(paths.sort()).toEqual(["/dir2/a.md", "/dir2/sub/b.md"]);
  });

  it("an atomic save (write a temp file, rename it over) keeps the target's id and content", async () => {
    await sh("echo v1 > doc.md", a);
    const before = await byPath(stack.sdk, storeA, "/doc.md");
    const r = await py(
      ["import os", "with open('.doc.md.tmp', 'w') as f:", "    f.write('v2\\n')", "os.rename('.doc.md.tmp', 'doc.md')", "print(open('doc.md').read(), end='')"].join("\n"),
      a,
    );
    expect(r).toMatchObject({ code: 0, stdout: "v2\n" });
    const after = await byPath(stack.sdk, storeA, "/doc.md");
    expect(after?.id).toBe(before?.id);
    expect(after?.content).toBe("v2\n");
    expect(await byPath(stack.sdk, storeA, "/.doc.md.tmp")).toBeUndefined();
  });

  it("cp -r of a tree of 200 files, then grep -r", async () => {
    const src = join(stack.tmp, "tree");
    await sh(`mkdir -p ${src}/a ${src}/b && for i in $(seq 1 100); do echo "note $i alpha" > ${src}/a/n$i.md; echo "note $i beta" > ${src}/b/n$i.md; done`, stack.tmp);
    expect((await sh(`cp -r ${src} tree && find tree -type f | wc -l`, a)).stdout.trim()).toBe("200");
    const tree = (await memories(stack.sdk, storeA)).filter((x) => x.path.startsWith("/tree/"));
    expect(tree).toHaveLength(200);
    const g = await sh("grep -rl 'note 42 beta' tree", a);
    expect(g.stdout).toBe("tree/b/n42.md\n");
    expect((await sh("grep -r beta tree | wc -l", a)).stdout.trim()).toBe("100");
  });

  it("python open reads and writes", async () => {
    const r = await py(["with open('py.md', 'w', encoding='utf-8') as f:", "    f.write('héllo\\n')", "print(open('py.md', encoding='utf-8').read(), end='')"].join("\n"), a);
    expect(r.stdout).toBe("héllo\n");
    expect((await byPath(stack.sdk, storeA, "/py.md"))?.content).toBe("héllo\n");
  });

  it("mkdir of an empty directory writes no version and can be removed", async () => {
    const count = (await versions(stack.sdk, storeA)).length;
    expect((await sh("mkdir empty && ls -d empty && rmdir empty && ls", a)).code).toBe(0);
    expect(await versions(stack.sdk, storeA)).toHaveLength(count);
  });

  it("mv across stores copies and deletes (EXDEV to the kernel)", async () => {
    await sh("echo x > cross.md", a);
    expect((await sh("mv cross.md ../second-store/cross.md", a)).code).toBe(0);
    expect(await byPath(stack.sdk, storeA, "/cross.md")).toBeUndefined();
    expect((await byPath(stack.sdk, storeB, "/cross.md"))?.content).toBe("x\n");
  });
});

describe("errno", () => {
  const errnoOf = async (code: string, cwd = a) => (await py(["import errno", "try:", ...code.split("\n").map((l) => "    " + l), "    print('ok')", "except OSError as e:", "    print(errno.errorcode[e.errno])"].join("\n"), cwd)).stdout.trim();

  it("content over 102,400 bytes → EFBIG, nothing written", async () => {
    expect(await errnoOf("with open('big.md', 'w') as f:\n    f.write('a' * 102401)")).toBe("EFBIG");
    expect(await errnoOf("with open('fits.md', 'w') as f:\n    f.write('a' * 102400)")).toBe("ok");
    expect(await byPath(stack.sdk, storeA, "/big.md")).toBeUndefined();
    expect((await byPath(stack.sdk, storeA, "/fits.md"))?.content_size_bytes).toBe(102400);
  });

  it("symlinks and hard links → EPERM (memories are regular files)", async () => {
    await sh("echo l > linked.md", a);
    expect(await errnoOf("import os\nos.symlink('linked.md', 'sym.md')")).toBe("EPERM");
    expect(await errnoOf("import os\nos.link('linked.md', 'hard.md')")).toBe("EPERM");
  });

  it("an invalid path → EINVAL", async () => {
    expect(await errnoOf("open('bad\\x01name.md', 'w').close()")).toBe("EINVAL");
    expect(await errnoOf("open('e\\u0301.md', 'w').close()")).toBe("EINVAL"); // not NFC
  });

  it("content that is not UTF-8 → EILSEQ at close, nothing written", async () => {
    expect(await errnoOf("f = open('bin.md', 'wb')\nf.write(b'\\xff\\xfe')\nf.close()")).toBe("EILSEQ");
    expect(await byPath(stack.sdk, storeA, "/bin.md")).toBeUndefined();
  });

  it("bytes that can never be UTF-8 fail the write() itself with EILSEQ, so a shell redirect sees it", async () => {
    const r = await sh("printf 'ok\\xff' > ff.md", a);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Invalid or incomplete multibyte or wide character");
    const open = "import os\nfd = os.open('NAME', os.O_WRONLY | os.O_CREAT)\n";
    expect(await errnoOf(open.replace("NAME", "stray.md") + "os.write(fd, b'a\\x80')")).toBe("EILSEQ");
    // A character split across two write() calls is fine; one left unfinished fails at close.
    expect(await errnoOf(open.replace("NAME", "split.md") + "os.write(fd, b'\\xe2\\x82')\nos.write(fd, b'\\xac\\n')\nos.close(fd)")).toBe("ok");
    expect(await errnoOf(open.replace("NAME", "tail.md") + "os.write(fd, b'ok\\xe2')\nos.close(fd)")).toBe("EILSEQ");
    expect((await byPath(stack.sdk, storeA, "/split.md"))?.content).toBe("€\n");
    for (const p of ["/ff.md", "/stray.md", "/tail.md"]) expect(await byPath(stack.sdk, storeA, p)).toBeUndefined();
  });

  it("a read-only attachment → EROFS for write, create, rename, delete, mkdir", async () => {
    const ref = join(root, "reference-docs");
    expect((await sh("cat guide.md", ref)).stdout).toBe("read me\n");
    expect(await errnoOf("open('guide.md', 'a').close()", ref)).toBe("EROFS");
    expect(await errnoOf("open('new.md', 'w').close()", ref)).toBe("EROFS");
    expect(await errnoOf("import os\nos.rename('guide.md', 'g2.md')", ref)).toBe("EROFS");
    expect(await errnoOf("import os\nos.unlink('guide.md')", ref)).toBe("EROFS");
    expect(await errnoOf("import os\nos.mkdir('d')", ref)).toBe("EROFS");
    expect(await versions(stack.sdk, storeRef)).toHaveLength(1);
  });

  it("a concurrent change is never silently lost: the losing close fails with EBUSY", async () => {
    await sh("echo base > race.md", a);
    const mem = await byPath(stack.sdk, storeA, "/race.md");
    // Python opens the file, the API changes it, then Python writes and closes.
    const script = [
      "import errno, urllib.request, sys",
      "f = open('race.md', 'r+')",
      "f.read()",
      "sys.stdout.write('opened\\n'); sys.stdout.flush()",
      "input()",
      "f.seek(0); f.write('mine\\n'); f.truncate()",
      "try:",
      "    f.close(); print('ok')",
      "except OSError as e:",
      "    print(errno.errorcode[e.errno])",
    ].join("\n");
    const child = spawnIn(a, "python3", ["-c", script]);
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    await eventually(async () => out.includes("opened"));
    await stack.sdk.beta.memoryStores.memories.update(mem!.id, { memory_store_id: storeA, content: "theirs\n" });
    child.stdin.end("\n");
    await new Promise((r) => child.on("close", r));
    expect(out).toContain("EBUSY");
    expect((await byPath(stack.sdk, storeA, "/race.md"))?.content).toBe("theirs\n");
  });
});

describe("others' writes", () => {
  it("show up within the staleness bound", async () => {
    await stack.sdk.beta.memoryStores.memories.create(storeA, { path: "/from-api/x.md", content: "api\n" });
    expect(await eventually(async () => (await sh("cat from-api/x.md", a)).stdout === "api\n")).toBe(true);
    const mem = await byPath(stack.sdk, storeA, "/from-api/x.md");
    await stack.sdk.beta.memoryStores.memories.update(mem!.id, { memory_store_id: storeA, content: "api 2\n" });
    expect(await eventually(async () => (await sh("cat from-api/x.md", a)).stdout === "api 2\n")).toBe(true);
    await stack.sdk.beta.memoryStores.memories.delete(mem!.id, { memory_store_id: storeA });
    expect(await eventually(async () => (await sh("test -e from-api/x.md || echo gone", a)).stdout === "gone\n")).toBe(true);
  });

  it("a write through another mount of the same store shows up here", async () => {
    const other = await stack.mountStores({ stores: [{ id: storeA }] });
    await sh("echo from the other mount > other-mount.md", join(other.dir, "shell-tools"));
    expect(await eventually(async () => (await sh("cat other-mount.md", a)).stdout === "from the other mount\n")).toBe(true);
    await other.unmount();
  });

  it("path conflicts the mount could not see yet → EEXIST / ENOTDIR", async () => {
    const store = await stack.newStore("Stale View");
    const stale = await stack.mountStores({ stores: [{ id: store }], cacheTtlMs: 600_000 });
    const dir = join(stale.dir, "stale-view");
    expect((await sh("ls", dir)).code).toBe(0); // lists once; the view stays cached
    await stack.sdk.beta.memoryStores.memories.create(store, { path: "/taken.md", content: "api\n" });
    await stack.sdk.beta.memoryStores.memories.create(store, { path: "/p", content: "a file\n" });
    const r = await py(
      [
        "import errno, os",
        "for name in ['taken.md', 'p/child.md']:",
        "    try:",
        "        if name.startswith('p/'): os.mkdir('p')",
        "        with open(name, 'w') as f: f.write('mount\\n')",
        "        print('ok')",
        "    except OSError as e:",
        "        print(errno.errorcode[e.errno])",
      ].join("\n"),
      dir,
    );
    expect(r.stdout.split("\n").slice(0, 2)).toEqual(["EEXIST", "ENOTDIR"]);
    expect((await byPath(stack.sdk, store, "/taken.md"))?.content).toBe("api\n");
  });
});

describe("server unreachable", () => {
  it("fails the syscall with EIO instead of hanging or pretending", async () => {
    const other = await startStack();
    try {
      const store = await other.newStore("Gone Away");
      const gone = await other.mountStores({ stores: [{ id: store }], cacheTtlMs: 0 });
      const dir = join(gone.dir, "gone-away");
      expect((await sh("echo before > a.md && cat a.md", dir)).stdout).toBe("before\n");
      await other.server.close();
      const r = await py("import errno\ntry:\n    open('b.md', 'w').write('after')\n    print('ok')\nexcept OSError as e:\n    print(errno.errorcode[e.errno])", dir);
      expect(r.stdout).toBe("EIO\n");
    } finally {
      await other.close();
    }
  });
});

describe("read-only mount", () => {
  it("the kernel refuses every write with EROFS and nothing reaches the store", async () => {
    await sh("echo keep > ro.md", a);
    const count = (await versions(stack.sdk, storeA)).length;
    const ro = await stack.mountStores({ stores: [{ id: storeA }], readOnly: true });
    const dir = join(ro.dir, "shell-tools");
    expect((await sh("cat ro.md", dir)).stdout).toBe("keep\n");
    const r = await sh(
      "for c in 'echo x > ro.md' 'echo x > new.md' 'rm ro.md' 'mv ro.md r2.md' 'mkdir d' 'touch ro.md'; do bash -c \"$c\" 2>&1; done",
      dir,
    );
    expect(r.stdout.trim().split("\n")).toHaveLength(6);
    for (const line of r.stdout.trim().split("\n")) expect(line).toContain("Read-only file system");
    expect(await versions(stack.sdk, storeA)).toHaveLength(count);
  });
});
