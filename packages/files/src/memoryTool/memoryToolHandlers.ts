// memory_20250818 tool commands on a store, for the SDK's betaMemoryTool(): `/memories/...`
// maps to the store's paths, with the API's path rules. Output follows the SDK's own
// local-filesystem handlers (BetaLocalFilesystemMemoryTool) so a model sees the same text.
import type { MemoryToolHandlers } from "@anthropic-ai/sdk/helpers/beta/memory";
import { checkMemoryPath, MAX_CONTENT_BYTES } from "../client/limits.ts";
import type { MemoryEntry, StoreClient } from "../client/StoreClient.ts";
import { StoreClientError } from "../client/StoreClientError.ts";
import { MemoryToolError } from "./MemoryToolError.ts";

const ROOT = "/memories";
const LINE_WIDTH = 6;

/** `/memories/a/b.md` → `/a/b.md`; `/memories` → "" (the store root). */
export function toStorePath(toolPath: string): string {
  if (typeof toolPath !== "string" || (toolPath !== ROOT && !toolPath.startsWith(ROOT + "/")))
    throw new MemoryToolError("invalid_path", `Path must start with /memories, got: ${String(toolPath)}`);
  const rest = toolPath.slice(ROOT.length).replace(/\/+$/, "");
  if (rest === "") return "";
  if (rest.split("/").some((s) => s === ".." || s === "."))
    throw new MemoryToolError("path_escape", `Path ${toolPath} would escape /memories directory`);
  try {
    checkMemoryPath(rest);
  } catch (err) {
    throw new MemoryToolError("invalid_path", `Invalid path ${toolPath}: ${(err as Error).message}`, err);
  }
  return rest;
}

function formatSize(bytes: number): string {
  if (bytes === 0) return "0B";
  const units = ["B", "K", "M", "G"];
  const i = Math.min(units.length - 1, Math.floor(Math.log(bytes) / Math.log(1024)));
  const n = bytes / 1024 ** i;
  return (n % 1 === 0 ? String(n) : n.toFixed(1)) + units[i];
}

const numbered = (lines: string[], start: number) =>
  lines.map((l, i) => `${String(i + start).padStart(LINE_WIDTH, " ")}\t${l}`).join("\n");

function refusal(err: unknown, toolPath: string): never {
  if (err instanceof StoreClientError) {
    if (err.code === "precondition_failed")
      throw new MemoryToolError("concurrent_change", `The file ${toolPath} was changed concurrently; view it and retry.`, err);
    if (err.code === "path_conflict")
      throw new MemoryToolError("already_exists", `The destination ${toolPath} already exists or conflicts with ${err.conflictingPath ?? "another file"}`, err);
    if (err.code === "not_found")
      throw new MemoryToolError("not_found", `The path ${toolPath} does not exist. Please provide a valid path.`, err);
    throw new MemoryToolError("refused", `The memory store refused the change to ${toolPath}: ${err.message}`, err);
  }
  throw err;
}

export function memoryToolHandlers(client: StoreClient, storeId: string): MemoryToolHandlers {
  const all = () => client.list(storeId);
  const find = async (path: string) => (await all()).find((e) => e.path === path);
  const under = (entries: MemoryEntry[], dir: string) => entries.filter((e) => e.path.startsWith(dir + "/"));

  async function readFile(toolPath: string, path: string): Promise<{ entry: MemoryEntry; content: string }> {
    const entries = await all();
    const entry = entries.find((e) => e.path === path);
    if (!entry) {
      if (path === "" || under(entries, path).length > 0) throw new MemoryToolError("not_a_file", `The path ${toolPath} is not a file.`);
      throw new MemoryToolError("not_found", `The path ${toolPath} does not exist. Please provide a valid path.`);
    }
    return client.read(storeId, entry.id).catch((err: unknown) => refusal(err, toolPath));
  }

  async function writeBack(toolPath: string, entry: MemoryEntry, content: string): Promise<void> {
    if (Buffer.byteLength(content) > MAX_CONTENT_BYTES)
      throw new MemoryToolError("refused", `The result would be ${Buffer.byteLength(content)} bytes; a memory holds at most ${MAX_CONTENT_BYTES}.`);
    await client.update(storeId, entry.id, { content }, entry.sha256).catch((err: unknown) => refusal(err, toolPath));
  }

  return {
    async view(cmd) {
      const path = toStorePath(cmd.path);
      const entries = await all();
      const file = entries.find((e) => e.path === path);
      if (!file) {
        const inside = path === "" ? entries : under(entries, path);
        if (path !== "" && inside.length === 0)
          throw new MemoryToolError("not_found", `The path ${cmd.path} does not exist. Please provide a valid path.`);
        const base = path + "/";
        const items = new Map<string, number>();
        for (const e of inside) {
          const segs = e.path.slice(base.length).split("/");
          if (segs.some((s) => s.startsWith(".") || s === "node_modules")) continue;
          for (let depth = 1; depth <= Math.min(2, segs.length); depth++) {
            const key = segs.slice(0, depth).join("/") + (depth < segs.length ? "/" : "");
            items.set(key, (items.get(key) ?? 0) + e.size);
          }
        }
        const total = inside.reduce((n, e) => n + e.size, 0);
        const shown = cmd.path.replace(/\/+$/, "");
        const lines = [`${formatSize(total)}\t${shown}`, ...[...items.keys()].sort().map((k) => `${formatSize(items.get(k)!)}\t${shown}/${k}`)];
        return `Here're the files and directories up to 2 levels deep in ${shown}, excluding hidden items and node_modules:\n${lines.join("\n")}`;
      }
      const { content } = await client.read(storeId, file.id).catch((err: unknown) => refusal(err, cmd.path));
      const lines = content.split("\n");
      let start = 1;
      let shown = lines;
      if (cmd.view_range && cmd.view_range.length === 2) {
        const [from, to] = cmd.view_range as [number, number];
        if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || from > lines.length || (to !== -1 && to < from))
          throw new MemoryToolError("invalid_line", `Invalid view_range [${from}, ${to}] for ${cmd.path} with ${lines.length} lines.`);
        start = from;
        shown = lines.slice(from - 1, to === -1 ? lines.length : to);
      }
      return `Here's the content of ${cmd.path} with line numbers:\n${numbered(shown, start)}`;
    },

    async create(cmd) {
      const path = toStorePath(cmd.path);
      if (path === "") throw new MemoryToolError("root_protected", "Cannot create a file at /memories itself");
      if (Buffer.byteLength(cmd.file_text) > MAX_CONTENT_BYTES)
        throw new MemoryToolError("refused", `The file would be ${Buffer.byteLength(cmd.file_text)} bytes; a memory holds at most ${MAX_CONTENT_BYTES}.`);
      if (await find(path)) throw new MemoryToolError("already_exists", `File ${cmd.path} already exists`);
      await client.create(storeId, path, cmd.file_text).catch((err: unknown) => refusal(err, cmd.path));
      return `File created successfully at: ${cmd.path}`;
    },

    async str_replace(cmd) {
      const path = toStorePath(cmd.path);
      const { entry, content } = await readFile(cmd.path, path);
      const lines = content.split("\n");
      const hits = lines.flatMap((l, i) => (l.includes(cmd.old_str) ? [i + 1] : []));
      const count = cmd.old_str === "" ? 0 : content.split(cmd.old_str).length - 1;
      if (count === 0)
        throw new MemoryToolError("no_match", `No replacement was performed, old_str \`${cmd.old_str}\` did not appear verbatim in ${cmd.path}.`);
      if (count > 1)
        throw new MemoryToolError("ambiguous_match", `No replacement was performed. Multiple occurrences of old_str \`${cmd.old_str}\` in lines: ${hits.join(", ")}. Please ensure it is unique`);
      const next = content.replace(cmd.old_str, () => cmd.new_str);
      await writeBack(cmd.path, entry, next);
      const at = content.slice(0, content.indexOf(cmd.old_str)).split("\n").length - 1;
      const nextLines = next.split("\n");
      const from = Math.max(0, at - 2);
      const snippet = numbered(nextLines.slice(from, Math.min(nextLines.length, at + 3 + cmd.new_str.split("\n").length - 1)), from + 1);
      return `The memory file has been edited. Here is the snippet showing the change (with line numbers):\n${snippet}`;
    },

    async insert(cmd) {
      const path = toStorePath(cmd.path);
      const { entry, content } = await readFile(cmd.path, path);
      const lines = content.split("\n");
      if (!Number.isInteger(cmd.insert_line) || cmd.insert_line < 0 || cmd.insert_line > lines.length)
        throw new MemoryToolError("invalid_line", `Invalid \`insert_line\` parameter: ${cmd.insert_line}. It should be within the range of lines of the file: [0, ${lines.length}]`);
      lines.splice(cmd.insert_line, 0, cmd.insert_text.replace(/\n$/, ""));
      await writeBack(cmd.path, entry, lines.join("\n"));
      return `The file ${cmd.path} has been edited.`;
    },

    async delete(cmd) {
      const path = toStorePath(cmd.path);
      if (path === "") throw new MemoryToolError("root_protected", "Cannot delete the /memories directory itself");
      const entries = await all();
      const file = entries.find((e) => e.path === path);
      const targets = file ? [file] : under(entries, path);
      if (targets.length === 0) throw new MemoryToolError("not_found", `The path ${cmd.path} does not exist`);
      for (const e of targets) {
        await client.remove(storeId, e.id, e.sha256).catch((err: unknown) => {
          if (!(err instanceof StoreClientError && err.code === "not_found")) refusal(err, cmd.path);
        });
      }
      return `Successfully deleted ${cmd.path}`;
    },

    async rename(cmd) {
      const from = toStorePath(cmd.old_path);
      const to = toStorePath(cmd.new_path);
      if (from === "") throw new MemoryToolError("root_protected", "Cannot rename the /memories directory itself");
      if (to === "" || to === from || to.startsWith(from + "/"))
        throw new MemoryToolError("invalid_path", `Cannot rename ${cmd.old_path} to ${cmd.new_path}`);
      const entries = await all();
      if (entries.some((e) => e.path === to) || under(entries, to).length > 0)
        throw new MemoryToolError("already_exists", `The destination ${cmd.new_path} already exists`);
      const file = entries.find((e) => e.path === from);
      const moves = file ? [{ e: file, dest: to }] : under(entries, from).map((e) => ({ e, dest: to + e.path.slice(from.length) }));
      if (moves.length === 0) throw new MemoryToolError("not_found", `The path ${cmd.old_path} does not exist`);
      for (const { dest } of moves) toStorePath(ROOT + dest);
      for (const { e, dest } of moves) {
        await client.update(storeId, e.id, { path: dest }, e.sha256).catch((err: unknown) => refusal(err, cmd.new_path));
      }
      return `Successfully renamed ${cmd.old_path} to ${cmd.new_path}`;
    },
  };
}
