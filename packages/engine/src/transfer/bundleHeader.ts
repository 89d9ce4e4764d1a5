// The text header of a git bundle (git's Documentation/gitformat-bundle.txt): a signature line,
// v3 capabilities, prerequisites (`-<id>`), then `<id> <refname>` lines, an empty line, and
// the pack. Parsed here rather than by `git bundle`, so that what a bundle may not carry
// (prerequisites, a partial-clone filter, another hash) is refused with its own reason.
import { InvalidBundleError } from "../errors/index.ts";

export interface BundleHeader {
  /** Ref name → object id, in the bundle's order (`HEAD` included when present). */
  refs: Map<string, string>;
  /** Byte offset of the pack after the header. */
  packOffset: number;
}

const SIGNATURES = ["# v2 git bundle\n", "# v3 git bundle\n"];
const HEX40 = /^[0-9a-f]{40}$/;
/** A header longer than this is not a store's: 10,000 checkpoints take under a megabyte. */
export const MAX_HEADER_BYTES = 16 << 20;

/** Parses the header from the bundle's first bytes (at least the whole header, or all of a short file). */
export function parseBundleHeader(head: Buffer): BundleHeader {
  const sig = SIGNATURES.find((s) => head.subarray(0, s.length).toString("latin1") === s);
  if (!sig) throw new InvalidBundleError("not a git bundle (it must start with \"# v2 git bundle\" or \"# v3 git bundle\"; make one with memgit export or git bundle create FILE --all)");
  const end = head.indexOf("\n\n", sig.length - 1);
  if (end < 0) throw new InvalidBundleError("the bundle's header has no end (truncated, or not a bundle)");
  const refs = new Map<string, string>();
  const prerequisites: string[] = [];
  const lines = head.subarray(sig.length, end + 1).toString("utf8").split("\n").slice(0, -1);
  for (const line of lines) {
    if (line.startsWith("@")) {
      // v3 capabilities: only the defaults are accepted.
      if (line === "@object-format=sha1") continue;
      if (line.startsWith("@filter")) throw new InvalidBundleError("the bundle is filtered (a partial bundle lacks objects a store needs)");
      throw new InvalidBundleError(`unsupported bundle capability ${JSON.stringify(line.slice(0, 80))} (memgit stores use SHA-1)`);
    }
    if (line.startsWith("-")) {
      prerequisites.push(line.slice(1, 41));
      continue;
    }
    const sp = line.indexOf(" ");
    const oid = line.slice(0, sp);
    const ref = line.slice(sp + 1);
    if (sp !== 40 || !HEX40.test(oid) || ref === "") throw new InvalidBundleError(`malformed bundle header line ${JSON.stringify(line.slice(0, 80))}`);
    refs.set(ref, oid);
  }
  if (prerequisites.length > 0)
    throw new InvalidBundleError(
      `the bundle needs ${prerequisites.length} commit(s) it does not carry (prerequisite ${prerequisites[0]}): it was made from a range; export the whole store (memgit export, or git bundle create FILE --all)`,
    );
  return { refs, packOffset: end + 2 };
}
