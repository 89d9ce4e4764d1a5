// `memgit adopt MEMSTORE_ID --workspace NAME`: for now its own verb; `memgit stores adopt` is the
// name it is documented and announced under (see ../adoptStore.ts).
export { runAdopt as run } from "../adoptStore.ts";
