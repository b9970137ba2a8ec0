// Every daemon, builder and directory the benchmark makes is registered here as it is made, so
// that a failure or Ctrl-C still stops and removes all of it, newest first.
export class Cleanup {
  private readonly tasks = new Map<number, { what: string; run: () => Promise<void> }>();
  private next = 0;

  /** Registers an undo step; returns the function that runs it now and forgets it. */
  defer(what: string, run: () => Promise<void>): () => Promise<void> {
    const id = this.next++;
    this.tasks.set(id, { what, run });
    return async () => {
      if (!this.tasks.delete(id)) return;
      await run();
    };
  }

  async runAll(log: (line: string) => void): Promise<void> {
    for (const id of [...this.tasks.keys()].reverse()) {
      const task = this.tasks.get(id);
      this.tasks.delete(id);
      if (!task) continue;
      await task.run().catch((err: unknown) => log(`cleanup: ${task.what}: ${err instanceof Error ? err.message : String(err)}`));
    }
  }
}
