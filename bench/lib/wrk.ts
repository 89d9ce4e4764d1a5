// The HTTP load generator (issue 15): Debian's `wrk`, written in C, so the generator takes little
// of the two cores the server needs; a Lua script varies the request per call (which memory, a new
// body for each update) and prints wrk's own summary as one JSON line. The generator's CPU time
// (from bash's `times`, which reports its finished children) and the server's (from /proc) are
// returned with every run, so their share of the machine is in the printout.
import { execFile, execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const WRK_INSTALL_HINT = "install the load generator (Debian: apt-get install -y wrk) to run the HTTP suite";

export interface WrkResult {
  requests: number;
  durationMs: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Non-2xx/3xx answers plus socket errors and timeouts: must be 0 for a figure to count. */
  errors: number;
  /** CPU of the generator and of the server process, in % of one core over the run. */
  wrkCpuPct: number;
  serverCpuPct: number | null;
}

export function findWrk(): string | null {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return "wrk";
  } catch (e) {
    // wrk --version exits 1 after printing its banner.
    return (e as { status?: number }).status === 1 ? "wrk" : null;
  }
}

export interface WrkRequest {
  method: "GET" | "POST";
  /** Paths rotated through, one per request. */
  paths: string[];
  /** For POST: the update's content is this text after a header line with a per-request serial. */
  content?: string;
  headers: Record<string, string>;
}

const lua = (s: string) => JSON.stringify(s); // a JSON string literal is a valid Lua string literal for ASCII

function script(r: WrkRequest): string {
  const headers = Object.entries({ ...r.headers, ...(r.method === "POST" ? { "content-type": "application/json" } : {}) })
    .map(([k, v]) => `wrk.headers[${lua(k)}] = ${lua(v)}`)
    .join("\n");
  // The update body: {"content":"# serial T-N\n<content>"}, the content JSON-escaped once here.
  const escaped = r.content === undefined ? "" : JSON.stringify(r.content).slice(1, -1);
  return `
local paths = { ${r.paths.map(lua).join(", ")} }
local tail = ${lua(escaped)}
local counter = 0
local nthreads = 1
local tid = 0
${headers}
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
  for _, t in ipairs(threads) do t:set("nthreads", #threads) end
end
function request()
  counter = counter + 1
  local p = paths[((counter * nthreads + tid) % #paths) + 1]
  ${
    r.method === "POST"
      ? `return wrk.format("POST", p, nil, '{"content":"# serial ' .. tid .. '-' .. counter .. '\\\\n' .. tail .. '"}')`
      : `return wrk.format("GET", p)`
  }
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"duration_us":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.status + e.timeout))
end
`;
}

const ticks = (pid: number): number | null => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks
  } catch {
    return null;
  }
};
const CLK_TCK = 100;

/** One wrk run: `connections` keep-alive connections over 2 threads (at most one per connection), `seconds` long. */
export async function runWrk(
  url: string,
  req: WrkRequest,
  o: { connections: number; seconds: number; scratch: string; serverPid?: number },
): Promise<WrkResult> {
  const file = path.join(o.scratch, `wrk-${process.hrtime.bigint()}.lua`);
  writeFileSync(file, script(req));
  const threads = Math.min(2, o.connections);
  const args = [`-t${threads}`, `-c${o.connections}`, `-d${o.seconds}s`, "--timeout", "10s", "-s", file, url];
  const before = o.serverPid === undefined ? null : ticks(o.serverPid);
  const t0 = Date.now();
  const out = await new Promise<string>((resolve, reject) => {
    execFile("bash", ["-c", 'wrk "$@"; rc=$?; times; exit $rc', "wrk", ...args], { encoding: "utf8" }, (err, stdout, stderr) =>
      err ? reject(new Error(`wrk failed: ${(stderr || stdout || err.message).trim().slice(-300)}`)) : resolve(stdout),
    );
  });
  const wallMs = Date.now() - t0;
  const after = o.serverPid === undefined ? null : ticks(o.serverPid);
  const line = out.split("\n").find((l) => l.startsWith("WRKJSON "));
  if (!line) throw new Error(`wrk printed no summary: ${out.slice(-300)}`);
  const s = JSON.parse(line.slice(8)) as { requests: number; duration_us: number; p50: number; p90: number; p99: number; max: number; errors: number };
  // `times` prints the shell's own user/sys, then its children's: "0m1.234s 0m0.567s".
  const childTimes = out.trim().split("\n").at(-1)?.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  const wrkCpuS = childTimes ? Number(childTimes[1]) * 60 + Number(childTimes[2]) + Number(childTimes[3]) * 60 + Number(childTimes[4]) : NaN;
  const durationMs = s.duration_us / 1000;
  return {
    requests: s.requests,
    durationMs,
    perSecond: s.requests / (durationMs / 1000),
    p50: s.p50 / 1000,
    p90: s.p90 / 1000,
    p99: s.p99 / 1000,
    max: s.max / 1000,
    errors: s.errors,
    wrkCpuPct: (100 * wrkCpuS * 1000) / wallMs,
    serverCpuPct: before === null || after === null ? null : (100 * ((after - before) / CLK_TCK) * 1000) / wallMs,
  };
}
