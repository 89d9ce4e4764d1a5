// Wire shape of memgit's search extension (docs/api-extensions.md §Search).
import type { SearchHit } from "@memgit/engine";
import { memoryToWire } from "./shapes.ts";

export const searchHitToWire = (h: SearchHit) => ({
  type: "memory_search_result",
  memory: memoryToWire(h.memory),
  lines: h.lines.map((l) => ({ line_number: l.line, text: l.text, truncated: l.truncated })),
  line_count: h.lineCount,
});
