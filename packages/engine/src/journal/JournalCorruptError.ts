/** A journal that cannot be read back without losing acknowledged writes; the store maps it to Corrupt. */
export class JournalCorruptError extends Error {}
