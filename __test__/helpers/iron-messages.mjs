// The seal format's error messages as iron-webcrypto 2.0.0 writes them (measured, in the
// spec), written here independently of lib/messages.cjs so that tests check the library.
export const IRON_MESSAGES = [
  "Incorrect number of sealed components",
  "Wrong mac prefix",
  "Invalid expiration",
  "Expired seal",
  "Empty password",
  "Password string too short (min 32 characters required)",
  "Bad hmac value",
  "Decryption failed",
];
