// Progress for long operations (cli-progress): a bar on a terminal (stderr), nothing otherwise,
// so scripts and logs see only the result.
import { SingleBar, Presets } from "cli-progress";

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

const quiet: Progress = { update: () => {}, stop: () => {} };

/** A bar counting `unit`s toward `total`, on a terminal only. */
export function progressBar(label: string, total: number, unit = "items"): Progress {
  if (!process.stderr.isTTY) return quiet;
  const bar = new SingleBar({ stream: process.stderr, format: `${label} [{bar}] {value}/{total} ${unit}`, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  bar.start(total, 0);
  return {
    update: (done, newTotal) => {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}

/**
 * For one long request whose size is unknown (a prune, a big redaction): a bar that fills with
 * elapsed time toward nothing in particular, showing it is still at work; quiet off a terminal.
 */
export async function whileWorking<T>(label: string, work: Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return work;
  const bar = new SingleBar({ stream: process.stderr, format: `${label} [{bar}] {duration}s`, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  bar.start(20, 0);
  let tick = 0;
  const timer = setInterval(() => bar.update(++tick % 21), 250);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    bar.stop();
  }
}
