// The contract both seal backends meet (the Rust addon through lib/backend.cjs,
// and lib/webcrypto.cjs); `__test__/types/backend.mts` checks each against it.

export interface SealBackend {
  /** "native" or "webcrypto", for messages. */
  readonly name: string;
  /** True when seal and unseal return values, not Promises (enables sealDataSync/unsealDataSync). */
  readonly sync: boolean;
  /**
   * A Fe26.2 seal of `json`, without the "~2" suffix. `expiration` is "" for a seal
   * that never expires, else decimal milliseconds since the epoch.
   */
  seal(json: string, passwordId: string, secret: string, expiration: string): string | Promise<string>;
  /**
   * The plaintext of a seal (without its suffix), checked against `nowMs`. `secret` is
   * null when the map has no entry for the seal's password id, "" when the entry is not
   * a usable string; each is reported in the format's order of checks.
   */
  unseal(seal: string, secret: string | null, nowMs: number): string | Promise<string>;
}
