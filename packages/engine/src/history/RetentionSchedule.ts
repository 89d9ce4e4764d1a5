// Retention on a timer: every `intervalMs`, every store is pruned, one at a time; a store that
// fails does not stop the others (its error shows on its next use).
export class RetentionSchedule {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly stores: () => string[],
    private readonly prune: (storeId: string) => Promise<unknown>,
  ) {}

  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running || this.stopped) return;
      this.running = this.pass().finally(() => {
        this.running = null;
      });
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass in progress (it stops between stores). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async pass(): Promise<void> {
    for (const id of this.stores()) {
      if (this.stopped) return;
      await this.prune(id).catch(() => undefined);
    }
  }
}
