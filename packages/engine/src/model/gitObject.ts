// Pure git object encoding (no I/O): hashing, trees, commits. Byte-exact with git, so a commit
// id can be computed in memory before anything touches the disk (docs/decisions/0001).
import { createHash } from "node:crypto";
import { compareUtf8 } from "./utf8Order.ts";

export type GitObjectType = "blob" | "tree" | "commit" | "tag";

export interface GitObject {
  type: GitObjectType;
  content: Buffer;
}

/** An object with its id already computed (hashing is the expensive part; do it once). */
export interface HashedObject extends GitObject {
  oid: string;
}

export const hashed = (o: GitObject): HashedObject => ({ ...o, oid: hashObject(o.type, o.content) });

export const EMPTY_TREE_OID = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

/** SHA-1 object id of `<type> <size>\0<content>`, lowercase hex. */
export function hashObject(type: GitObjectType, content: Uint8Array): string {
  return createHash("sha1").update(`${type} ${content.length}\0`).update(content).digest("hex");
}

export type TreeMode = "100644" | "40000";

export interface TreeEntry {
  mode: TreeMode;
  name: string;
  oid: string;
}

/** git orders tree entries by name bytes, with directories compared as if named `name/`. */
export function compareTreeEntries(a: TreeEntry, b: TreeEntry): number {
  return compareUtf8(a.mode === "40000" ? a.name + "/" : a.name, b.mode === "40000" ? b.name + "/" : b.name);
}

/** Serializes entries in git order; pass `sorted` when they already are (the hot path). */
export function serializeTree(entries: TreeEntry[], sorted = false): Buffer {
  const list = sorted ? entries : [...entries].sort(compareTreeEntries);
  let size = 0;
  for (const e of list) size += e.mode.length + 1 + Buffer.byteLength(e.name) + 1 + 20;
  const buf = Buffer.allocUnsafe(size);
  let at = 0;
  for (const e of list) {
    at += buf.write(e.mode, at, "latin1");
    buf[at++] = 0x20;
    at += buf.write(e.name, at, "utf8");
    buf[at++] = 0;
    at += buf.write(e.oid, at, "hex");
  }
  return buf;
}

export function parseTree(buf: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let i = 0;
  while (i < buf.length) {
    const sp = buf.indexOf(0x20, i);
    const nul = buf.indexOf(0, sp);
    if (sp < 0 || nul < 0 || nul + 21 > buf.length) throw new Error("malformed tree");
    const mode = buf.toString("latin1", i, sp);
    entries.push({
      mode: mode === "40000" ? "40000" : "100644",
      name: buf.toString("utf8", sp + 1, nul),
      oid: buf.toString("hex", nul + 1, nul + 21),
    });
    i = nul + 21;
  }
  return entries;
}

export interface Signature {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  timestamp: number;
}

export interface Commit {
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  message: string;
}

const sig = (s: Signature) => `${s.name} <${s.email}> ${s.timestamp} +0000`;

export function serializeCommit(c: Commit): Buffer {
  let head = `tree ${c.tree}\n`;
  for (const p of c.parents) head += `parent ${p}\n`;
  head += `author ${sig(c.author)}\ncommitter ${sig(c.committer)}\n\n`;
  return Buffer.from(head + c.message);
}

const SIG_RE = /^(.*) <(.*)> (\d+) [+-]\d{4}$/;

function parseSignature(line: string): Signature {
  const m = SIG_RE.exec(line);
  if (!m) throw new Error(`malformed signature: ${line}`);
  return { name: m[1]!, email: m[2]!, timestamp: Number(m[3]) };
}

export function parseCommit(buf: Buffer): Commit {
  const text = buf.toString("utf8");
  const split = text.indexOf("\n\n");
  if (split < 0) throw new Error("malformed commit");
  const c: Commit = { tree: "", parents: [], author: undefined!, committer: undefined!, message: text.slice(split + 2) };
  for (const line of text.slice(0, split).split("\n")) {
    const sp = line.indexOf(" ");
    const key = line.slice(0, sp);
    const value = line.slice(sp + 1);
    if (key === "tree") c.tree = value;
    else if (key === "parent") c.parents.push(value);
    else if (key === "author") c.author = parseSignature(value);
    else if (key === "committer") c.committer = parseSignature(value);
  }
  if (!c.tree || !c.author || !c.committer) throw new Error("malformed commit");
  return c;
}
