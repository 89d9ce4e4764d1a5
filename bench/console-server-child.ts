// Child process for the console run: @memgit/server on loopback over a fresh data directory,
// without bundling the console ahead (the suite times the first /console request itself).
// Prints {url, key} as one JSON line; closes on SIGTERM.
const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error("usage: console-server-child.ts <dataDir>");
const spec = "@memgit/server";
const server = (await import(spec)) as {
  startServer(o: Record<string, unknown>): Promise<{ url: string; bootstrap: { secret: string } | null; close(): Promise<void> }>;
};
const running = await server.startServer({ dataDir, port: 0, host: "127.0.0.1", logger: false });
if (!running.bootstrap) throw new Error("expected a fresh data directory (no bootstrap key minted)");
process.stdout.write(`${JSON.stringify({ url: running.url, key: running.bootstrap.secret })}\n`);
process.on("SIGTERM", () => {
  void running.close().then(() => process.exit(0));
});
