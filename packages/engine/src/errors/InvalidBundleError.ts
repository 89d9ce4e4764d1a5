import { MemgitError } from "./MemgitError.ts";

/** Where in a bundle the first broken rule was found: a commit (and the ref it is on), or a ref. */
export interface BundleSite {
  commit?: string;
  ref?: string;
}

/**
 * A bundle offered for import breaks a store rule (docs/format.md §Import and export): not a bundle,
 * foreign or malformed history, a broken cap. Nothing was imported.
 */
export class InvalidBundleError extends MemgitError<{ rule: string; commit: string | null; ref: string | null }> {
  static readonly code = "InvalidBundle";
  readonly code = InvalidBundleError.code;
  constructor(rule: string, site: BundleSite = {}) {
    const where = site.commit ? `commit ${site.commit}${site.ref ? ` (${site.ref})` : ""}: ` : site.ref ? `${site.ref}: ` : "";
    super(`bundle refused, nothing imported: ${where}${rule}`, { rule, commit: site.commit ?? null, ref: site.ref ?? null });
  }
}
