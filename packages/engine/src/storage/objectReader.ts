// Reads git objects of one store: the journal's not-yet-checkpointed objects first, then the
// packs (own reader: positioned reads of just the object and its delta bases), then loose
// objects (memgit writes none, but an operator's git might). Every object read from disk is
// verified against its id, so damage is an error, never wrong content.
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { hashObject, type GitObject, type GitObjectType } from "../model/gitObject.ts";
import { PackFile } from "../pack/packFile.ts";
import { PackIndex } from "../pack/packIndex.ts";
import type { Backend } from "./backend.ts";
import { gitDirLayout } from "./layout.ts";

interface OpenPack {
  index: PackIndex;
  file: PackFile;
}

export class ObjectReader {
  private packs = new Map<string, OpenPack>();
  private readonly packDir: string;

  constructor(
    private readonly backend: Backend,
    private readonly gitDir: string,
    private readonly pending: ReadonlyMap<string, GitObject>,
  ) {
    this.packDir = gitDirLayout(gitDir).packDir;
  }

  read(oid: string): GitObject {
    const hit = this.pending.get(oid);
    if (hit) return hit;
    let found = this.fromPacks(oid);
    if (!found) {
      // Compaction may have replaced packs since we listed them.
      this.refresh();
      found = this.fromPacks(oid) ?? this.loose(oid);
    }
    if (!found) throw new Error(`object ${oid} not found`);
    if (hashObject(found.type, found.content) !== oid) throw new Error(`object ${oid} is damaged (its content hashes differently)`);
    return found;
  }

  /** Whether the object is there (without reading or verifying it). */
  has(oid: string): boolean {
    if (this.pending.has(oid)) return true;
    const inPacks = () => [...this.packs.values()].some((p) => p.index.offsetOf(oid) >= 0);
    if (inPacks()) return true;
    this.refresh();
    return inPacks() || this.backend.fs.existsSync(join(this.gitDir, "objects", oid.slice(0, 2), oid.slice(2)));
  }

  /** Re-lists the pack directory: opens new packs, closes vanished ones. */
  refresh(): void {
    const { fs } = this.backend;
    const names = new Set(
      fs.existsSync(this.packDir) ? (fs.readdirSync(this.packDir) as string[]).filter((f) => f.endsWith(".idx")).map((f) => f.slice(0, -4)) : [],
    );
    for (const [name, p] of this.packs) {
      if (names.has(name)) continue;
      p.file.close();
      this.packs.delete(name);
    }
    for (const name of names) {
      if (this.packs.has(name) || !fs.existsSync(join(this.packDir, `${name}.pack`))) continue;
      const index = new PackIndex(fs.readFileSync(join(this.packDir, `${name}.idx`)) as Buffer);
      const fd = fs.openSync(join(this.packDir, `${name}.pack`), "r");
      this.packs.set(name, { index, file: new PackFile(fs, fd, (base) => this.read(base)) });
    }
  }

  close(): void {
    for (const p of this.packs.values()) p.file.close();
    this.packs.clear();
  }

  private fromPacks(oid: string): GitObject | null {
    for (const p of this.packs.values()) {
      const offset = p.index.offsetOf(oid);
      if (offset >= 0) return p.file.read(offset);
    }
    return null;
  }

  private loose(oid: string): GitObject | null {
    const path = join(this.gitDir, "objects", oid.slice(0, 2), oid.slice(2));
    if (!this.backend.fs.existsSync(path)) return null;
    const raw = inflateSync(this.backend.fs.readFileSync(path) as Buffer);
    const nul = raw.indexOf(0);
    const [type] = raw.toString("latin1", 0, nul).split(" ");
    return { type: type as GitObjectType, content: raw.subarray(nul + 1) };
  }
}
