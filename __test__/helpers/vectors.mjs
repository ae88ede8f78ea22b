// Reads the known-answer vectors, turning their encoded JS values back into values.
import { readFileSync } from "node:fs";

const FIXTURES = new URL("../fixtures/", import.meta.url);

function revive(_key, value) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    if ("$date" in value) return new Date(value.$date === "Invalid Date" ? NaN : value.$date);
    if ("$number" in value) return Number(value.$number);
  }
  return value;
}

/** Replaces {"$undefined": true} by an explicit undefined, keeping the key (it matters). */
function restoreUndefined(value) {
  if (Array.isArray(value)) return value.map(restoreUndefined);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    if (value.$undefined === true) return undefined;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreUndefined(v)]));
  }
  return value;
}

export function loadVectors(name) {
  return restoreUndefined(JSON.parse(readFileSync(new URL(name, FIXTURES), "utf8"), revive));
}

export const PASSWORD = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";
