// Mount slug rule (spec §10.3): lowercase, runs of non-[a-z0-9] become one '-', trimmed;
// empty → the store id.
export function slugForName(name: string, storeId: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? storeId : slug;
}
