// The Git-Protocol request header (gitprotocol-http: "Git-Protocol: version=2") becomes
// GIT_PROTOCOL for upload-pack. It is the one client string that reaches git, so only its
// `version=N` item passes, and only for the versions git knows.
const VERSION = /^version=([012])$/;

/** `version=N` to hand git as GIT_PROTOCOL, or null for protocol v0. */
export function gitProtocolVersion(header: string | string[] | undefined): string | null {
  if (typeof header !== "string") return null;
  // Several parameters are colon-separated; git takes the highest version it is offered.
  let best: string | null = null;
  for (const item of header.split(":")) {
    const match = VERSION.exec(item.trim());
    if (match && (best === null || match[1]! > best)) best = match[1]!;
  }
  return best === null ? null : `version=${best}`;
}
