// Why the metadata branch moves every few hundred versions even when nothing about the store
// changed (docs/decisions/0017-meta-keepalive.md).
//
// Before it asks for anything, `git fetch` marks as complete every local commit newer than the
// newest remote ref it already has. `memgit-meta` is such a ref, and it rarely moves: on a store
// whose metadata was last written at creation, a fetch of 10 new versions walked the whole of
// `main` on the client (295 ms of a 20,000-version clone's fetch, 0.1 ms once the branch was
// recent). An empty commit on the branch after this many versions bounds that walk.

/** Versions on `main` after which the metadata branch gets a keepalive commit. */
export const META_KEEPALIVE_VERSIONS = 500;

export const KEEPALIVE_SUBJECT = "keepalive";
export const KEEPALIVE_OPERATION = "keepalive";
