// An HTTP proxy in front of the real server that fails the way networks and servers do: it can
// stop answering like a server paused with SIGSTOP (what arrives meanwhile reaches the server
// when it resumes, even if the client gave up), hold one request and deliver it late, or lose
// the answer to one request the server did apply.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface Pending {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  res: ServerResponse;
}

type Match = (method: string, path: string) => boolean;

export interface Held {
  /** Resolves when the request arrived (and is being held). */
  readonly arrived: Promise<void>;
  /** Sends it on to the server (answering the client if it still waits); the server's status. */
  deliver(): Promise<number>;
}

export interface FaultyProxy {
  url: string;
  /** Holds every request from now on, unanswered. */
  pause(): void;
  /** Delivers what was held while paused, in arrival order; their methods. */
  resume(): Promise<string[]>;
  /** Holds the next request that matches until deliver(). */
  holdNext(match: Match): Held;
  /** Sends the next matching request on, then drops the connection instead of answering. */
  loseAnswerOfNext(match: Match): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["host", "connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"]);

export async function startFaultyProxy(upstream: string): Promise<FaultyProxy> {
  let paused: Pending[] | null = null;
  const holds: Array<{ match: Match; take: (p: Pending) => void }> = [];
  const losses: Match[] = [];

  async function forward(p: Pending): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const r = await fetch(upstream + p.path, {
      method: p.method,
      headers: p.headers,
      ...(p.body.length ? { body: p.body } : {}),
    });
    const headers: Record<string, string> = {};
    r.headers.forEach((v, k) => {
      if (!HOP_BY_HOP.has(k)) headers[k] = v;
    });
    return { status: r.status, headers, body: Buffer.from(await r.arrayBuffer()) };
  }

  async function answer(p: Pending, lose = false): Promise<number> {
    const r = await forward(p);
    if (lose) p.res.socket?.destroy();
    else if (!p.res.destroyed) p.res.writeHead(r.status, r.headers).end(r.body);
    return r.status;
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && !HOP_BY_HOP.has(k)) headers[k] = v;
      const p: Pending = { method: req.method!, path: req.url!, headers, body: Buffer.concat(chunks), res };
      if (paused) return void paused.push(p);
      const h = holds.findIndex((x) => x.match(p.method, p.path));
      if (h >= 0) return void holds.splice(h, 1)[0]!.take(p);
      const l = losses.findIndex((m) => m(p.method, p.path));
      if (l >= 0) losses.splice(l, 1);
      answer(p, l >= 0).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    pause() {
      paused = [];
    },
    async resume() {
      const held = paused ?? [];
      paused = null;
      for (const p of held) await answer(p).catch(() => undefined);
      return held.map((p) => p.method);
    },
    holdNext(match) {
      let arrive!: () => void;
      const arrived = new Promise<void>((r) => (arrive = r));
      let got!: (p: Pending) => void;
      const taken = new Promise<Pending>((r) => (got = r));
      holds.push({
        match,
        take: (p) => {
          got(p);
          arrive();
        },
      });
      return { arrived, deliver: async () => answer(await taken) };
    },
    loseAnswerOfNext(match) {
      losses.push(match);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
