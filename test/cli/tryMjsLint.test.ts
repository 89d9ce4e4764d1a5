// The README says to save its SDK example as try.mjs in the repository root; `pnpm verify`
// lints the whole repository, so that file must pass the project's lint as it stands.
import { ESLint } from "eslint";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { repo } from "./memgitCli.ts";
import { fencedBlocks } from "./readmeWalk.ts";

it("the README's try.mjs, saved at the repository root, passes eslint", async () => {
  const readme = readFileSync(join(repo, "README.md"), "utf8");
  expect(readme).toContain("Save this as `try.mjs` in the\nrepository root");
  const code = fencedBlocks(readme).find((b) => b.lang === "js")!.lines.join("\n") + "\n";
  const [result] = await new ESLint({ cwd: repo }).lintText(code, { filePath: join(repo, "try.mjs") });
  expect(result!.messages).toEqual([]);
});
