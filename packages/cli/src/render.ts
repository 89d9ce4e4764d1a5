// Human output (aligned tables, relative times, sizes) and --json output. Tables are
// cli-table3 without borders: columns two spaces apart, like `git` and `gh` listings.
import Table from "cli-table3";

const NO_BORDER = Object.fromEntries(
  ["top", "top-mid", "top-left", "top-right", "bottom", "bottom-mid", "bottom-left", "bottom-right", "left", "left-mid", "mid", "mid-mid", "right", "right-mid", "middle"].map(
    (k) => [k, ""],
  ),
);

/** Rows under an upper-case header, columns aligned; nothing at all for no rows. */
export function table(head: string[], rows: Array<Array<string | number>>): string {
  if (rows.length === 0) return "";
  const t = new Table({ head: head.map((h) => h.toUpperCase()), chars: NO_BORDER, style: { head: [], border: [], "padding-left": 0, "padding-right": 2 } });
  t.push(...rows.map((r) => r.map(String)));
  return (
    t
      .toString()
      .split("\n")
      .map((l) => l.trimEnd())
      .join("\n") + "\n"
  );
}

/** Key-value lines, keys aligned. */
export function fields(pairs: Array<[string, string | number | null | undefined]>): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)}  ${v ?? "-"}`).join("\n") + "\n";
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];

/** "3 minutes ago", "yesterday"; "-" for none. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "-";
  const delta = Date.parse(iso) - now;
  for (const [unit, ms] of UNITS) if (Math.abs(delta) >= ms || unit === "second") return relative.format(Math.round(delta / ms), unit);
  return iso;
}

/** 812 B, 1.4 KiB, 3.2 MiB. */
export function size(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "-";
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let n = bytes / 1024;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(1)} ${units[i]}`;
}

export function out(text: string): void {
  process.stdout.write(text);
}
