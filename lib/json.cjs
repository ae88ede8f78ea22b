"use strict";

// The JSON rules of iron-session 9.0.1 (iron-webcrypto 2.0.0's lossless check):
// only values that JSON.stringify writes without loss may be sealed.

function isPlainPrototype(obj) {
  const proto = Reflect.getPrototypeOf(obj);
  return proto === null || proto === Object.prototype;
}

/**
 * True when `value` is null, a string, a boolean, a finite number, an array of
 * such values (no holes, no undefined), or a plain object whose own keys are
 * enumerable strings and whose values are such values or undefined.
 * Objects already visited are not visited again, so a cycle passes here and
 * fails later in JSON.stringify.
 */
function isLosslessJson(value) {
  const pending = [];
  const seen = new WeakSet();
  const accept = (v) => {
    if (v === null || typeof v === "string" || typeof v === "boolean") return true;
    if (typeof v === "number") return Number.isFinite(v);
    if (typeof v !== "object") return false;
    if (!seen.has(v)) {
      seen.add(v);
      pending.push(v);
    }
    return true;
  };
  if (!accept(value)) return false;
  while (pending.length > 0) {
    const obj = pending.pop();
    if (Array.isArray(obj)) {
      for (let i = obj.length - 1; i >= 0; i--) if (!accept(obj[i])) return false;
      continue;
    }
    if (!isPlainPrototype(obj)) return false;
    const keys = Reflect.ownKeys(obj);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (typeof key !== "string" || Reflect.getOwnPropertyDescriptor(obj, key)?.enumerable === false) return false;
      const v = obj[key];
      if (v !== undefined && !accept(v)) return false;
    }
  }
  return true;
}

/** JSON text for `value`, or undefined when the value may not be sealed. */
function stringifyLossless(value) {
  try {
    if (isLosslessJson(value)) return JSON.stringify(value) || undefined;
  } catch {
    // a cycle, or a getter that throws
  }
  return undefined;
}

/**
 * Names the first value that cannot be sealed, such as " (session.lastSeen is a Date)",
 * so the error points at it. Searches five levels deep; "" when nothing is found.
 */
function describeUnserializable(data, path = "session", depth = 0) {
  const type = typeof data;
  if (type === "bigint" || type === "function" || type === "symbol") return ` (${path} is a ${type})`;
  if (type === "number" && !Number.isFinite(data)) return ` (${path} is ${String(data)})`;
  if (type !== "object" || data === null || depth > 5) return "";
  const isArray = Array.isArray(data);
  const constructorName = data.constructor?.name;
  if (!isArray && constructorName !== undefined && constructorName !== "Object") return ` (${path} is a ${constructorName})`;
  const children = isArray
    ? data.map((value, index) => [`[${index}]`, value])
    : Object.entries(data).map(([key, value]) => [`.${key}`, value]);
  for (const [suffix, value] of children) {
    const found = describeUnserializable(value, path + suffix, depth + 1);
    if (found) return found;
  }
  return "";
}

module.exports = { stringifyLossless, describeUnserializable };
