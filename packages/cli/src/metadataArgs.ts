// `--metadata key=value` (repeatable) as the API's metadata map; `key=` deletes the key on update.
import { CliError } from "./CliError.ts";

export const collectMetadata = (pair: string, acc: string[] = []) => [...acc, pair];

export function metadataOf(pairs: string[] | undefined, allowDelete: boolean): Record<string, string | null> | undefined {
  if (!pairs?.length) return undefined;
  const map: Record<string, string | null> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq < 1) throw new CliError(`--metadata ${pair}: expected KEY=VALUE`, 2);
    const value = pair.slice(eq + 1);
    map[pair.slice(0, eq)] = value === "" && allowDelete ? null : value;
  }
  return map;
}
