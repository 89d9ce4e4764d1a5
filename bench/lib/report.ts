// Figures, ratios and targets; printed as a table (stderr when --json) or as one JSON object.

export interface Target {
  cmp: ">=" | "<=";
  value: number;
  /** How the target is phrased in the issue, e.g. "≥ 1.0× sqlite". */
  text: string;
}

export interface Figure {
  key: string;
  section: string;
  label: string;
  value: number | null;
  unit: string;
  target?: Target;
  note?: string;
}

export interface Ratio {
  key: string;
  label: string;
  value: number | null;
  target?: Target;
  /** "×" unless the entry is a difference (e.g. "ms"). */
  unit?: string;
}

const met = (value: number | null, t: Target | undefined): boolean | null => {
  if (!t || value === null || !Number.isFinite(value)) return null;
  return t.cmp === ">=" ? value >= t.value : value <= t.value;
};

export function fmt(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return "–";
  if (Number.isInteger(v)) return v.toLocaleString("en-US");
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString("en-US");
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

export class Report {
  readonly figures: Figure[] = [];
  readonly ratios: Ratio[] = [];
  readonly notes: string[] = [];
  readonly skipped: { suite: string; reason: string }[] = [];
  readonly errors: { suite: string; error: string }[] = [];

  add(section: string, key: string, label: string, value: number | null, unit: string, extra: { target?: Target; note?: string } = {}): void {
    this.figures.push({ key, section, label, value, unit, ...extra });
  }

  ratio(key: string, label: string, value: number | null, target?: Target, unit?: string): void {
    this.ratios.push({ key, label, value, ...(target ? { target } : {}), ...(unit ? { unit } : {}) });
  }

  get(key: string): number | null {
    return this.figures.find((f) => f.key === key)?.value ?? null;
  }

  table(header: string[]): string {
    const rows: string[][] = [];
    let section = "";
    // Group by section in order of first appearance (suites may add to a section later).
    const sections = [...new Set(this.figures.map((f) => f.section))];
    const grouped = sections.flatMap((s) => this.figures.filter((f) => f.section === s));
    for (const f of grouped) {
      if (f.section !== section) {
        section = f.section;
        rows.push([`[${section}]`, "", "", "", ""]);
      }
      const m = met(f.value, f.target);
      rows.push([`  ${f.label}`, fmt(f.value), f.unit, f.target?.text ?? "", m === null ? "" : m ? "ok" : "MISSED"]);
    }
    if (this.ratios.length) {
      rows.push(["[ratios]", "", "", "", ""]);
      for (const r of this.ratios) {
        const m = met(r.value, r.target);
        rows.push([`  ${r.label}`, r.value === null ? "–" : r.unit ? `${r.value.toFixed(2)} ${r.unit}` : `${r.value.toFixed(2)}×`, "", r.target?.text ?? "", m === null ? "" : m ? "ok" : "MISSED"]);
      }
    }
    const titles = ["figure", "value", "unit", "target", ""];
    const widths = titles.map((t, i) => Math.max(t.length, ...rows.map((r) => (r[i] ?? "").length)));
    const line = (r: string[]) =>
      r.map((c, i) => (i === 1 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join("  ").trimEnd();
    const out = [...header, "", line(titles), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
    if (this.skipped.length) out.push("", ...this.skipped.map((s) => `skipped ${s.suite}: ${s.reason}`));
    if (this.errors.length) out.push("", ...this.errors.map((e) => `FAILED ${e.suite}: ${e.error}`));
    if (this.notes.length) out.push("", ...this.notes.map((n) => `note: ${n}`));
    return out.join("\n");
  }

  json(meta: Record<string, unknown>): Record<string, unknown> {
    const figures: Record<string, unknown> = {};
    for (const f of this.figures) {
      figures[f.key] = {
        label: f.label,
        value: f.value,
        unit: f.unit,
        ...(f.target ? { target: f.target, met: met(f.value, f.target) } : {}),
        ...(f.note ? { note: f.note } : {}),
      };
    }
    const ratios: Record<string, number | null> = {};
    const ratioDetails: Record<string, unknown> = {};
    for (const r of this.ratios) {
      ratios[r.key] = r.value;
      ratioDetails[r.key] = {
        label: r.label,
        value: r.value,
        ...(r.unit ? { unit: r.unit } : {}),
        ...(r.target ? { target: r.target, met: met(r.value, r.target) } : {}),
      };
    }
    return { ...meta, figures, ratios, ratioDetails, skipped: this.skipped, errors: this.errors, notes: this.notes };
  }
}
