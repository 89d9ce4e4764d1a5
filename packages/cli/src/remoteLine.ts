// How `memgit remotes` and `memgit push` print a backup remote: one tab-separated line.
export interface WireRemote {
  name: string;
  url: string;
  state: string;
  versions_behind: number;
  last_success_at: string | null;
  last_error: string | null;
}

/** name, url (password masked by the server), state, versions behind, last success, last error's first line. */
export const remoteLine = (r: WireRemote) =>
  `${r.name}\t${r.url}\t${r.state}\t${r.versions_behind} behind\t${r.last_success_at ?? "never pushed"}\t${r.last_error?.split("\n")[0] ?? ""}`.trimEnd() + "\n";

export const remotesPath = (storeId: string) => `/v1/memory_stores/${encodeURIComponent(storeId)}/remotes`;
