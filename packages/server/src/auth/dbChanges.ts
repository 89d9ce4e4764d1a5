// Whether server.sqlite changed since a caller last looked: commits by another process (the CLI
// revoking a key or adopting a store) move SQLite's `data_version`, commits by this connection
// move `total_changes()`. One cheap prepared query, so per-request caches can ask it each time.
import type Database from "better-sqlite3";

/** A token that differs whenever anything was committed to `db` since the previous call's. */
export function changeToken(db: Database.Database): () => string {
  const changes = db.prepare("SELECT data_version, total_changes() FROM pragma_data_version").raw();
  return () => {
    const [others, own] = changes.get() as [number, number];
    return `${others}:${own}`;
  };
}
