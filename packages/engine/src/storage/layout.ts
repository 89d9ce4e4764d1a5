// Every on-disk name, in one place (docs/format.md). Bump LAYOUT_VERSION on any change a
// reader of the previous version would misread; readers refuse versions they don't know.
import { join } from "node:path";

export const LAYOUT_VERSION = 1;
export const FORMAT_MARKER = `memgit-store ${LAYOUT_VERSION}\n`;

export const MAIN_REF = "refs/heads/main";
export const META_REF = "refs/heads/memgit-meta";
export const TAGS_PREFIX = "refs/tags/";
/** git's null id: a journaled ref update to it deletes the ref. */
export const ZERO_OID = "0".repeat(40);
export const STORE_JSON = "store.json";
export const REDACTIONS_DIR = "redactions";
/** Versions kept below a pruned history's boundary (docs/format.md §Retention). */
export const RETAINED_DIR = "retained";

export const dataDirLayout = (root: string) => ({
  lock: join(root, "memgit.lock"),
  registry: join(root, "registry.sqlite"),
  stores: join(root, "stores"),
  store: (storeId: string) => join(root, "stores", `${storeId}.git`),
  /** A store being created or deleted; never read, removed at startup. */
  scratch: (storeId: string, what: "new" | "trash") => join(root, "stores", `.${what}-${storeId}`),
  /** A bundle being imported (docs/format.md §Import and export); removed at startup like the others. */
  importScratch: (token: string) => join(root, "stores", `.import-${token}`),
});

export const gitDirLayout = (gitDir: string) => ({
  head: join(gitDir, "HEAD"),
  config: join(gitDir, "config"),
  description: join(gitDir, "description"),
  objects: join(gitDir, "objects"),
  packDir: join(gitDir, "objects", "pack"),
  refsHeads: join(gitDir, "refs", "heads"),
  refsTags: join(gitDir, "refs", "tags"),
  ref: (name: string) => join(gitDir, name),
  packedRefs: join(gitDir, "packed-refs"),
  /** git's own: the commits whose parents were pruned. */
  shallow: join(gitDir, "shallow"),
  memgit: join(gitDir, "memgit"),
  format: join(gitDir, "memgit", "FORMAT"),
  journals: [join(gitDir, "memgit", "journal.0.wal"), join(gitDir, "memgit", "journal.1.wal")] as [string, string],
  catalog: join(gitDir, "memgit", "catalog.sqlite"),
  /** Present while history was rewritten but the old objects may still be on disk (docs/format.md §Redaction). */
  purgePending: join(gitDir, "memgit", "PURGE"),
});
