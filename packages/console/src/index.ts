export { consoleAssets, buildConsoleAssets, CONSOLE_BASE, type ConsoleAsset, type ConsoleAssets } from "./build/ConsoleAssets.ts";
export { CONSOLE_CSP, SECURITY_HEADERS } from "./build/securityHeaders.ts";
