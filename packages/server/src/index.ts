export { createApp, DEFAULT_BODY_LIMIT, type AppOptions } from "./app.ts";
export { startServer, DEFAULT_HOST, DEFAULT_PORT, type RunningServer, type ServerOptions } from "./server.ts";
export { AuthStore, AuthInputError, type ApiKey, type CreatedApiKey, type Workspace } from "./auth/AuthStore.ts";
export { roles, type Access, type Principal, type Role } from "./auth/principal.ts";
export { DEFAULT_DATA_DIR, firstAdminKeyPath, openAuthStore, resolveDataDir, serverDbPath } from "./config.ts";
export type { Engine } from "./engine.ts";
export { DEFAULT_TIMEOUTS, type HttpTimeouts } from "./httpServer.ts";
export { SessionStore, type AttachedStore, type Session } from "./auth/SessionStore.ts";
export { memoryPrompt, mountSlug } from "./wire/session.ts";
