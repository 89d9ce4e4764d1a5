// Reading a journal back after a crash (docs/format.md §Journal), by fault injection into real
// files: a batch is one write and one fdatasync, and a power cut in the middle of it may keep
// any subset of its sectors. Only the last batch can be torn (the next one waits for the
// fdatasync), so damage followed by intact frames of that same batch is a torn write, while
// intact frames of a later batch mean acknowledged data was damaged.
import { expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { hashed } from "../src/model/gitObject.ts";
import { JournalCorruptError, JOURNAL_HEADER_BYTES } from "../src/journal/journal.ts";
import { JournalFile } from "../src/journal/journalFile.ts";
import { checkFrame, encodeRecord, type JournalRecord } from "../src/journal/record.ts";
import { fsBackend } from "../src/storage/fsBackend.ts";

const backend = fsBackend(mkdtempSync(join(tmpdir(), "memgit-journal-")));
let files = 0;

const record = (n: number): JournalRecord => ({
  objects: [hashed({ type: "blob", content: Buffer.from(`content ${n} `.repeat(20)) })],
  refs: [{ ref: "refs/heads/main", old: null, new: String(n).padStart(40, "0") }],
});
const names = (records: JournalRecord[]) => records.map((r) => Number(r.refs[0]!.new));

/** A journal file holding these batches, each appended as one write, then closed (a crash). */
function journalWith(batches: number[][]): string {
  const path = join(backend.root, `journal.${files++}.wal`);
  const { file } = JournalFile.open(backend, path);
  file.startEpoch(7, false);
  for (const b of batches) file.append(b.map(record));
  file.close();
  return path;
}

/** Offsets of the intact frames, in order. */
function frames(path: string): number[] {
  const buf = readFileSync(path);
  const epoch = buf.readUInt32LE(4);
  const at = [JOURNAL_HEADER_BYTES];
  for (let f = checkFrame(buf, at.at(-1)!, epoch); f.ok; f = checkFrame(buf, at.at(-1)!, epoch)) at.push(at.at(-1)! + f.length);
  return at.slice(0, -1);
}

/** The sector holding frame `i` never reached the disk: flip a byte of its payload. */
function damage(path: string, i: number): void {
  const buf = readFileSync(path);
  buf[frames(path)[i]! + 20]! ^= 0xff;
  writeFileSync(path, buf);
}

/** The first bytes of frame `i` never reached the disk: they read as what was there, the previous write's end mark. */
function lose(path: string, i: number): void {
  const buf = readFileSync(path);
  buf.fill(0, frames(path)[i]!, frames(path)[i]! + 24);
  writeFileSync(path, buf);
}

function reopen(path: string) {
  const { file, replay } = JournalFile.open(backend, path);
  return { file, records: names(replay.records), truncated: replay.truncatedBytes };
}

it("drops a batch torn by a power cut although a later frame of it reached the disk", () => {
  for (const tear of [damage, lose]) {
    const path = journalWith([[1], [2, 3, 4]]);
    tear(path, 1);
    const { file, records, truncated } = reopen(path);
    expect(records).toEqual([1]);
    expect(truncated).toBeGreaterThan(0);
    // What the torn batch left is gone for good: later writes and reopens see a clean log.
    file.append([record(5)]);
    file.close();
    expect(reopen(path)).toMatchObject({ records: [1, 5], truncated: 0 });
  }
});

it("replays only whole batches: a batch whose last frame is damaged is dropped entirely", () => {
  const path = journalWith([[1], [2, 3, 4]]);
  damage(path, 3);
  expect(reopen(path)).toMatchObject({ records: [1] });
});

it("refuses damage followed by an intact frame of a later, hence acknowledged, batch", () => {
  for (const [batches, frame] of [
    [[[1], [2, 3], [4]], 1],
    [[[1], [2, 3], [4]], 2],
    [[[1, 2], [3]], 0],
  ] as const) {
    const path = journalWith(batches.map((b) => [...b]));
    damage(path, frame);
    expect(() => JournalFile.open(backend, path)).toThrow(JournalCorruptError);
  }
});

it("still replays a journal of the first format (MGJ1), and appends in the current one", () => {
  // MGJ1 frames: u32 length | u32 CRC-32 of the payload seeded with the epoch | payload.
  const v1Frame = (n: number) => {
    const current = encodeRecord(record(n), 7, 1, 0);
    const payload = current.subarray(current.length - current.readUInt32LE(0));
    const head = Buffer.alloc(8);
    head.writeUInt32LE(payload.length, 0);
    head.writeUInt32LE(crc32(payload, 7), 4);
    return Buffer.concat([head, payload]);
  };
  const header = Buffer.alloc(JOURNAL_HEADER_BYTES);
  header.write("MGJ1", 0, "latin1");
  header.writeUInt32LE(7, 4);
  const withRecords = join(backend.root, `journal.${files++}.wal`);
  writeFileSync(withRecords, Buffer.concat([header, v1Frame(1), v1Frame(2), Buffer.alloc(4)]));
  const old = reopen(withRecords);
  expect(old).toMatchObject({ records: [1, 2], truncated: 0 });
  old.file.startEpoch(8, false);
  old.file.append([record(3)]);
  old.file.close();
  expect(reopen(withRecords)).toMatchObject({ records: [3] });

  const empty = join(backend.root, `journal.${files++}.wal`);
  writeFileSync(empty, Buffer.concat([header, Buffer.alloc(4)]));
  const { file } = reopen(empty);
  file.append([record(4)]);
  file.close();
  expect(readFileSync(empty).toString("latin1", 0, 4)).toBe("MGJ2");
  expect(reopen(empty)).toMatchObject({ records: [4] });
});
