// The Git-Protocol header is the one client string handed to git (as GIT_PROTOCOL): only a
// `version=0|1|2` item of it passes.
import { describe, expect, it } from "vitest";
import { gitProtocolVersion } from "../../packages/server/src/git-http/gitProtocol.ts";

describe("Git-Protocol", () => {
  it.each([
    ["version=2", "version=2"],
    ["version=1", "version=1"],
    [" version=0 ", "version=0"],
    ["version=1:version=2", "version=2"],
    ["object-format=sha256:version=2", "version=2"],
    ["version=2\nGIT_DIR=/etc", null],
    ["version=3", null],
    ["version=22", null],
    ["x=$(touch /tmp/pwned)", null],
    ["", null],
  ])("%j → %j", (header, expected) => {
    expect(gitProtocolVersion(header)).toBe(expected);
  });

  it("absent or repeated headers mean protocol v0", () => {
    expect(gitProtocolVersion(undefined)).toBeNull();
    expect(gitProtocolVersion(["version=2", "version=2"])).toBeNull();
  });
});
