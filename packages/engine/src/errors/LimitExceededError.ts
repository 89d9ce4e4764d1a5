import { MemgitError } from "./MemgitError.ts";

export type LimitName = "maxMemories" | "maxStoreBytes" | "maxVersions" | "maxStoresPerOwner";

const what: Record<LimitName, string> = {
  maxMemories: "memories in this store",
  maxStoreBytes: "bytes of content in this store",
  maxVersions: "versions in this store",
  maxStoresPerOwner: "memory stores",
};

export class LimitExceededError extends MemgitError<{ limit: LimitName; max: number }> {
  static readonly code = "LimitExceeded";
  readonly code = LimitExceededError.code;
  constructor(limit: LimitName, max: number) {
    super(`limit reached: at most ${max} ${what[limit]}`, { limit, max });
  }
}
