// Memory content is written by agents, so it is untrusted: Markdown becomes HTML that
// DOMPurify cleans before it reaches the page (and the page's CSP forbids inline scripts
// besides). Links open elsewhere without the console as their opener. Remote images are not
// fetched (an image URL is a beacon telling its owner who reads the memory, and when).
import DOMPurify from "dompurify";
import { marked } from "marked";

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A" && node.getAttribute("href")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer nofollow");
  }
  if (node.tagName === "IMG") {
    const src = node.getAttribute("src") ?? "";
    if (!src.startsWith("data:image/")) {
      node.removeAttribute("src");
      node.removeAttribute("srcset");
      node.setAttribute("alt", `${node.getAttribute("alt") ?? "image"} (remote image not loaded: ${src})`);
    }
  }
});

export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true }) as string;
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe", "object", "embed", "svg", "math"],
    FORBID_ATTR: ["style", "class", "id"],
  });
}
