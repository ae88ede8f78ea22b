"use strict";

// The JSON rules of iron-session 9.0.1 (iron-webcrypto 2.0.0's lossless check):
// only values that JSON.stringify writes without loss may be sealed.

function isPlainPrototype(obj) {
  const proto = Reflect.getPrototypeOf(obj);
  return proto === null || proto === Object.prototype;
}

/** Up to this many objects are remembered in an array, then in a Set. */
const SEEN_LIST_MAX = 16;

/**
 * True when `value` is null, a string, a boolean, a finite number, an array of
 * such values (no holes, no undefined), or a plain object whose own keys are
 * enumerable strings and whose values are such values or undefined.
 * Objects already visited are not visited again, so a cycle passes here and
 * fails later in JSON.stringify.
 *
 * The walk, its order and the property reads (getters included) are
 * iron-webcrypto 2.0.0's, which reads `Reflect.ownKeys(obj)` backwards. That
 * list is the string keys (`Object.getOwnPropertyNames`) followed by the
 * symbols, so an object with a symbol key fails before any read, and when
 * `Object.keys` has every string key, all of them are enumerable and need no
 * descriptor each. Both answers are the same, at a fraction of the cost of
 * `Reflect.ownKeys`. Visited objects are remembered in a small array (a Set
 * past 16) rather than a WeakSet.
 */
function isLosslessJson(value) {
  const pending = [];
  let seenList = [];
  let seenSet = null;
  const accept = (v) => {
    if (v === null || typeof v === "string" || typeof v === "boolean") return true;
    if (typeof v === "number") return Number.isFinite(v);
    if (typeof v !== "object") return false;
    if (seenSet === null) {
      if (seenList.includes(v)) return true;
      seenList.push(v);
      if (seenList.length > SEEN_LIST_MAX) {
        seenSet = new Set(seenList);
        seenList = null;
      }
    } else {
      if (seenSet.has(v)) return true;
      seenSet.add(v);
    }
    pending.push(v);
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
    if (Object.getOwnPropertySymbols(obj).length > 0) return false;
    const keys = Object.getOwnPropertyNames(obj);
    if (Object.keys(obj).length === keys.length) {
      for (let i = keys.length - 1; i >= 0; i--) {
        const v = obj[keys[i]];
        if (v !== undefined && !accept(v)) return false;
      }
      continue;
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (Reflect.getOwnPropertyDescriptor(obj, key)?.enumerable === false) return false;
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
  if (!isArray && constructorName !== undefined && constructorName !== "Object") {
    return ` (${path} is a ${constructorName})`;
  }
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
