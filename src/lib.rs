//! iron-session-native: the Rust core of a drop-in replacement for
//! iron-session 9.0.1. It seals and unseals iron "Fe26.2" strings; JSON,
//! password maps, cookies and the `~2` suffix stay in JavaScript.
//!
//! * [`kdf`]: PBKDF2-HMAC-SHA1 (1 iteration) with per-password cached state;
//! * [`seal`]: the format and sealing;
//! * [`unseal`]: parsing, checks and opening;
//! * [`error`]: the error type with iron's exact messages.
//!
//! The Node-API exports are `seal` and `unseal` below (strings in, strings
//! out); every error is thrown as a JS `Error` whose message is exactly the
//! [`SealError`] message.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod error;
pub mod kdf;
pub mod seal;
pub mod unseal;

#[cfg(test)]
mod vectors;

pub use error::SealError;

use napi::{Error, Status};
use napi_derive::napi;
use zeroize::Zeroizing;

fn to_js_error(err: SealError) -> Error {
    Error::new(Status::GenericFailure, err.to_string())
}

/// Seal `json` (the JSON text) for `passwordId` with `secret`. `expiration`
/// is the decimal ms timestamp or `""` for none. Returns the seal without the
/// `~2` suffix.
#[napi(js_name = "seal")]
pub fn seal_js(
    json: String,
    password_id: String,
    secret: String,
    expiration: String,
) -> napi::Result<String> {
    let secret = Zeroizing::new(secret);
    seal::seal(&json, &password_id, &secret, &expiration).map_err(to_js_error)
}

/// Unseal `seal` (without its `~` suffix) with `secret` (`undefined` or
/// `null` when there is no password for the seal's id) at `nowMs`
/// (`Date.now()`). Returns the decrypted JSON text.
#[napi(js_name = "unseal")]
pub fn unseal_js(seal: String, secret: Option<String>, now_ms: f64) -> napi::Result<String> {
    let secret = secret.map(Zeroizing::new);
    unseal::unseal(&seal, secret.as_deref().map(String::as_str), now_ms).map_err(to_js_error)
}
