// Bytes on a socket, for what no HTTP client will send: malformed, oversized or unfinished
// requests. Reads until the server closes the connection.
import { connect } from "node:net";

export interface RawHttpResponse {
  status: number;
  headers: Record<string, string>;
  json: any;
}

export interface RawExchange {
  /** Every response the server wrote before closing, in order. */
  responses: RawHttpResponse[];
}

function parseResponses(text: string): RawHttpResponse[] {
  const out: RawHttpResponse[] = [];
  let rest = text;
  while (rest.length > 0) {
    const end = rest.indexOf("\r\n\r\n");
    if (end < 0) throw new Error(`unterminated response head: ${JSON.stringify(rest.slice(0, 200))}`);
    const [statusLine, ...lines] = rest.slice(0, end).split("\r\n");
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers["content-length"] ?? "0");
    const body = Buffer.from(rest.slice(end + 4), "utf8").subarray(0, length).toString("utf8");
    out.push({ status: Number(statusLine!.split(" ")[1]), headers, json: body === "" ? null : JSON.parse(body) });
    rest = rest.slice(end + 4 + body.length);
  }
  return out;
}

export function rawExchange(port: number, request: string): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => (text += d));
    socket.on("error", reject);
    socket.on("close", () => {
      try {
        resolve({ responses: parseResponses(text) });
      } catch (err) {
        reject(err as Error);
      }
    });
    socket.write(request);
  });
}
