// Writers that keep writing to a store while something else runs on it (suites/redact.ts): each
// alternates creating a memory of its own and updating the one it created last, records every
// acknowledged write, and can check afterwards that each is still readable as written.
import { actor, type Engine } from "./engine.ts";
import { wallMs } from "./phaseWatch.ts";

export interface AckedWrite {
  memoryId: string;
  versionId: string;
  content: string;
  /** wallMs when the call was made and when it resolved. */
  startedAt: number;
  ackedAt: number;
}

export class BackgroundWriters {
  readonly acked: AckedWrite[] = [];
  readonly errors: string[] = [];
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly mg: Engine,
    private readonly storeId: string,
    private readonly writers: number,
  ) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.writers }, (_, k) => this.loop(k));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Resolves once `n` more writes have been acknowledged than now. */
  async ackedMore(n: number): Promise<void> {
    const target = this.acked.length + n;
    while (this.acked.length < target && this.errors.length === 0) await new Promise((r) => setTimeout(r, 5));
  }

  private async loop(k: number): Promise<void> {
    let mine: string | null = null;
    for (let i = 0; this.running; i++) {
      const content = `background writer ${k}, write ${i}\n${"x".repeat(200 + ((i * 37) % 800))}\n`;
      const startedAt = wallMs();
      try {
        const r: { memory: { id: string }; version: { id: string } | null } =
          mine === null || i % 2 === 0
            ? await this.mg.createMemory(this.storeId, { path: `/background/w${k}/m${i}.md`, content, actor })
            : await this.mg.updateMemory(this.storeId, mine, { content, actor });
        if (r.version === null) throw new Error("a background write wrote no version");
        mine = r.memory.id;
        this.acked.push({ memoryId: r.memory.id, versionId: r.version.id, content, startedAt, ackedAt: wallMs() });
      } catch (e) {
        this.errors.push((e as Error).message);
        return;
      }
    }
  }
}

/**
 * Acknowledged writes that cannot be read back as written: each version by id (content and
 * memory), and each memory's last acknowledged content at its head. Returns what is missing.
 */
export async function lostWrites(mg: Engine, storeId: string, acked: readonly AckedWrite[]): Promise<string[]> {
  if (!mg.getVersion) throw new Error("this engine build has no getVersion");
  const lost: string[] = [];
  const last = new Map<string, AckedWrite>();
  for (const w of acked) {
    last.set(w.memoryId, w);
    try {
      const v = await mg.getVersion(storeId, w.versionId, { view: "full" });
      if (v.memoryId !== w.memoryId || v.content !== w.content) lost.push(`version ${w.versionId} reads back different`);
    } catch (e) {
      lost.push(`version ${w.versionId}: ${(e as Error).message}`);
    }
  }
  for (const w of last.values()) {
    try {
      const m = await mg.getMemory(storeId, w.memoryId, { view: "full" });
      if (m.content !== w.content) lost.push(`memory ${w.memoryId}: head is not the last acknowledged write`);
    } catch (e) {
      lost.push(`memory ${w.memoryId}: ${(e as Error).message}`);
    }
  }
  return lost;
}
