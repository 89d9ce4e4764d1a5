// Request bodies: strict JSON objects (schemas say additionalProperties: false). Field
// rules beyond type and presence (lengths, path syntax) are the engine's.
import { invalidRequest } from "../errors.ts";

export type JsonObject = Record<string, unknown>;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The raw body as JSON; undefined when the request had no body at all. */
export function parseJson(raw: unknown): unknown {
  if (!Buffer.isBuffer(raw) || raw.length === 0) return undefined;
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw invalidRequest("request body is not valid UTF-8");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw invalidRequest("request body is not valid JSON");
  }
}

export const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** The body as an object whose keys are all in `allowed`; a missing body reads as `{}`. */
export function bodyObject(raw: unknown, allowed: readonly string[]): JsonObject {
  const body = parseJson(raw) ?? {};
  if (!isObject(body)) throw invalidRequest("request body must be a JSON object");
  return strictKeys(body, allowed);
}

export function strictKeys(obj: JsonObject, allowed: readonly string[], prefix = ""): JsonObject {
  for (const key of Object.keys(obj))
    if (!allowed.includes(key)) throw invalidRequest(`${prefix}${key}: Extra inputs are not permitted`);
  return obj;
}

function checkString(v: unknown, field: string): string {
  if (typeof v !== "string") throw invalidRequest(`${field}: Input should be a valid string`);
  // JSON can carry lone surrogates, which have no UTF-8 form to store or hash.
  if (!v.isWellFormed()) throw invalidRequest(`${field}: must be well-formed Unicode (no lone surrogates)`);
  return v;
}

export function requiredString(obj: JsonObject, key: string): string {
  const v = obj[key];
  if (v === undefined || v === null) throw invalidRequest(`${key}: Field required`);
  return checkString(v, key);
}

/** undefined when absent, null when explicitly null. */
export function optionalString(obj: JsonObject, key: string): string | null | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return v;
  return checkString(v, key);
}

/** Lengths count code points, as the API's limits do; UTF-16 length is an upper bound. */
const longerThan = (s: string, max: number) => s.length > max && [...s].length > max;

/** Throws naming `field` when `s` has more than `max` code points. */
export function checkLength(s: string, field: string, max: number): string {
  if (longerThan(s, max)) throw invalidRequest(`${field}: maximum string length is ${max}`);
  return s;
}

export function boundedString(obj: JsonObject, key: string, max: number): string | null | undefined {
  const v = optionalString(obj, key);
  return typeof v === "string" ? checkLength(v, key, max) : v;
}

/** A map of strings (or nulls where `allowNullValues`); undefined when absent. */
export function optionalStringMap(
  obj: JsonObject,
  key: string,
  allowNullValues: boolean,
): Record<string, string | null> | null | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return v;
  if (!isObject(v)) throw invalidRequest(`${key}: Input should be a valid dictionary`);
  for (const [k, value] of Object.entries(v)) {
    checkString(k, `${key} key`);
    if (!(allowNullValues && value === null)) checkString(value, `${key}.${k}`);
  }
  return v as Record<string, string | null>;
}
