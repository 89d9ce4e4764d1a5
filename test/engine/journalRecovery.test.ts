// Opening a store from its journal after a crash (docs/format.md §Journal). A power cut in the
// middle of a group commit (issue 10 item 7): a batch of several writes is one write and one
// fdatasync, and the disk may keep a later sector of it but not an earlier one. Such a batch
// was never acknowledged, so the store must open without it, not refuse.
import { expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { Memgit } from "../../packages/engine/src/index.ts";
import { JOURNAL_HEADER_BYTES } from "../../packages/engine/src/journal/journal.ts";
import { checkFrame, FRAME_HEADER_BYTES } from "../../packages/engine/src/journal/record.ts";

const actor = { type: "api_actor", apiKeyId: "apikey_torn" } as const;

/**
 * A crash image of a store whose journal holds these batches (each inner array is written
 * concurrently, so it forms one batch): checkpoints are held off, every acknowledged write is
 * fdatasynced, so a copy of the store taken while it is open is what a power cut would leave.
 */
async function crashImage(batches: string[][]): Promise<{ dataDir: string; storeId: string; journal: string }> {
  const live = mkdtempSync(join(tmpdir(), "memgit-torn-"));
  const mg = await Memgit.open({ dataDir: live, checkpointQuietMs: 1e9, checkpointBytes: 1 << 30 });
  const storeId = (await mg.createStore({ name: "torn" })).id;
  for (const paths of batches) await Promise.all(paths.map((path) => mg.createMemory(storeId, { path, content: `at ${path}`, actor })));
  const dataDir = mkdtempSync(join(tmpdir(), "memgit-torn-image-"));
  // Not the lock (this process holds it, and reading it would drop that) nor SQLite's shared memory.
  cpSync(live, dataDir, { recursive: true, filter: (src) => !src.endsWith("memgit.lock") && !src.endsWith("-shm") });
  await mg.close();
  const journals = [0, 1].map((i) => join(dataDir, "stores", `${storeId}.git`, "memgit", `journal.${i}.wal`));
  const journal = journals.sort((a, b) => readFileSync(b).readUInt32LE(4) - readFileSync(a).readUInt32LE(4))[0]!;
  return { dataDir, storeId, journal };
}

/** Flips a payload byte of the `i`th frame of the journal: that sector never reached the disk. */
function damageFrame(journal: string, i: number): void {
  const buf = readFileSync(journal);
  const epoch = buf.readUInt32LE(4);
  let at = JOURNAL_HEADER_BYTES;
  for (let n = 0; n < i; n++) {
    const f = checkFrame(buf, at, epoch);
    if (!f.ok) throw new Error(`the journal has only ${n} frames`);
    at += f.length;
  }
  buf[at + 20]! ^= 0xff;
  writeFileSync(journal, buf);
}

/** Rewrites the journal as memgit wrote it before batch numbers: "MGJ1", frames `length | CRC | payload`. */
function toFirstFormat(journal: string): void {
  const buf = readFileSync(journal);
  const epoch = buf.readUInt32LE(4);
  const out = [Buffer.from(buf.subarray(0, JOURNAL_HEADER_BYTES))];
  out[0]!.write("MGJ1", 0, "latin1");
  let at = JOURNAL_HEADER_BYTES;
  for (let f = checkFrame(buf, at, epoch); f.ok; at += f.length, f = checkFrame(buf, at, epoch)) {
    const payload = buf.subarray(at + FRAME_HEADER_BYTES[2], at + f.length);
    const head = Buffer.alloc(8);
    head.writeUInt32LE(payload.length, 0);
    head.writeUInt32LE(crc32(payload, epoch), 4);
    out.push(head, payload);
  }
  writeFileSync(journal, Buffer.concat([...out, Buffer.alloc(4)]));
}

async function paths(mg: Memgit, storeId: string): Promise<string[]> {
  return (await mg.listMemories(storeId, { limit: 100 })).items.map((m) => m.path).sort();
}

it("opens after a power cut that kept a later frame of the last batch but not an earlier one, without that batch", async () => {
  const image = await crashImage([["/a.md"], ["/b.md", "/c.md", "/d.md"]]);
  damageFrame(image.journal, 1);
  const mg = await Memgit.open({ dataDir: image.dataDir });
  try {
    expect(mg.problems()).toEqual([]);
    expect(await paths(mg, image.storeId)).toEqual(["/a.md"]);
    expect(await mg.repairs(image.storeId)).toEqual(expect.arrayContaining([expect.stringContaining("torn journal tail")]));
    // Writing on works, and the next open finds nothing more to repair.
    await mg.createMemory(image.storeId, { path: "/e.md", content: "after", actor });
  } finally {
    await mg.close();
  }
  const again = await Memgit.open({ dataDir: image.dataDir });
  expect(await paths(again, image.storeId)).toEqual(["/a.md", "/e.md"]);
  expect(await again.repairs(image.storeId)).toEqual([]);
  await again.close();
});

it("refuses a journal damaged before an intact frame of a later batch: that damage hit acknowledged writes", async () => {
  const image = await crashImage([["/a.md"], ["/b.md", "/c.md"], ["/d.md"]]);
  damageFrame(image.journal, 1);
  const mg = await Memgit.open({ dataDir: image.dataDir });
  try {
    expect(mg.problems().map((p) => p.storeId)).toEqual([image.storeId]);
    await expect(mg.listMemories(image.storeId)).rejects.toMatchObject({ code: "Corrupt" });
  } finally {
    await mg.close();
  }
});

it("replays a journal of the first format (MGJ1) that an older memgit left, and writes the current one", async () => {
  const image = await crashImage([["/a.md"], ["/b.md", "/c.md"]]);
  toFirstFormat(image.journal);
  const mg = await Memgit.open({ dataDir: image.dataDir });
  try {
    expect(mg.problems()).toEqual([]);
    expect(await paths(mg, image.storeId)).toEqual(["/a.md", "/b.md", "/c.md"]);
    await mg.createMemory(image.storeId, { path: "/d.md", content: "after", actor });
  } finally {
    await mg.close();
  }
  expect(readFileSync(image.journal).toString("latin1", 0, 4)).toBe("MGJ2");
  const again = await Memgit.open({ dataDir: image.dataDir });
  expect(await paths(again, image.storeId)).toEqual(["/a.md", "/b.md", "/c.md", "/d.md"]);
  await again.close();
});
