// The console as the server bundles it: one script and one stylesheet referenced by the page
// (with no inline script), chunks loaded on demand, within the budget of 150 KB of
// JavaScript gzipped, all chunks included.
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildConsoleAssets } from "../src/index.ts";

describe("console bundle", () => {
  it("is a fingerprinted script and stylesheet, and chunks, under 150 KB of gzipped JavaScript", async () => {
    const assets = await buildConsoleAssets();
    const names = [...assets.files.keys()];
    const entry = names.filter((n) => /^app-\w+\.(js|css)$/.test(n));
    expect(entry).toHaveLength(2);
    expect(names.filter((n) => !entry.includes(n)).every((n) => /^chunk-\w+\.js$/.test(n))).toBe(true);
    const html = assets.page.body.toString();
    for (const name of entry) expect(html).toContain(`/console/assets/${name}`);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/style=/);
    const js = [...assets.files.entries()].filter(([n]) => n.endsWith(".js")).map(([, a]) => a);
    for (const a of js) expect(gunzipSync(a.gzip).equals(a.body)).toBe(true);
    expect(js.reduce((sum, a) => sum + a.gzip.length, 0)).toBeLessThanOrEqual(150 * 1024);
  });
});
