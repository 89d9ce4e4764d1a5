// Stand-alone: `node --import tsx packages/files/bench/run-files.ts [--quick]` prints the JSON figures.
import { benchFiles } from "./files.ts";

const result = await benchFiles({ quick: process.argv.includes("--quick"), log: (m) => process.stderr.write(m + "\n") });
process.stdout.write(JSON.stringify(result, null, 2) + "\n");
