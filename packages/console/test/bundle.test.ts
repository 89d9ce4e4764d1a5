// The console as the server bundles it: one script and one stylesheet, referenced by the page
// with no inline script, within the budget of 150 KB of JavaScript gzipped.
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildConsoleAssets } from "../src/index.ts";

describe("console bundle", () => {
  it("is one fingerprinted script and stylesheet under 150 KB of gzipped JavaScript", async () => {
    const assets = await buildConsoleAssets();
    const names = [...assets.files.keys()];
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^app-\w+\.js$/), expect.stringMatching(/^app-\w+\.css$/)]));
    expect(names).toHaveLength(2);
    const html = assets.page.body.toString();
    for (const name of names) expect(html).toContain(`/console/assets/${name}`);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/style=/);
    const js = [...assets.files.entries()].find(([n]) => n.endsWith(".js"))![1];
    expect(gunzipSync(js.gzip).equals(js.body)).toBe(true);
    expect(js.gzip.length).toBeLessThanOrEqual(150 * 1024);
  });
});
