// Reads git objects of one store: the journal's not-yet-checkpointed objects first, then the
// repository through isomorphic-git, with one shared cache per store (without it isomorphic-git
// re-reads and re-verifies whole packfiles on every call).
import git from "isomorphic-git";
import type { GitObject, GitObjectType } from "../model/gitObject.ts";
import type { Backend } from "./backend.ts";

export class ObjectReader {
  private cache: object = {};

  constructor(
    private readonly backend: Backend,
    private readonly gitDir: string,
    private readonly pending: ReadonlyMap<string, GitObject>,
  ) {}

  async read(oid: string): Promise<GitObject> {
    const hit = this.pending.get(oid);
    if (hit) return hit;
    let r;
    try {
      r = await this.readStored(oid);
    } catch {
      // Compaction may have replaced the packs this cache knew about; look again once.
      this.resetCache();
      r = await this.readStored(oid);
    }
    return { type: r.type as GitObjectType, content: Buffer.from(r.object as Uint8Array) };
  }

  private readStored(oid: string) {
    return git.readObject({ fs: this.backend.fs as any, gitdir: this.gitDir, oid, format: "content", cache: this.cache });
  }

  async has(oid: string): Promise<boolean> {
    try {
      await this.read(oid);
      return true;
    } catch {
      return false;
    }
  }

  /** Forget cached pack indexes after packs were replaced. */
  resetCache(): void {
    this.cache = {};
  }
}
