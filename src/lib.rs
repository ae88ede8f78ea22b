//! iron-session-native: the Rust core of a drop-in replacement for
//! iron-session 9.0.1. It seals and unseals iron "Fe26.2" strings; JSON,
//! password maps, cookies and the `~2` suffix stay in JavaScript.
//!
//! * [`kdf`]: PBKDF2-HMAC-SHA1 (1 iteration);
//! * [`seal`]: the format and sealing;
//! * [`unseal`]: parsing, checks and opening;
//! * [`error`]: the error type with iron's exact messages.
//!
//! The Node-API exports are `seal` and `unseal` below (strings in, strings
//! out); every error is thrown as a JS `Error` whose message is exactly the
//! [`SealError`] message. Both are `catch_unwind`: a panic, should one ever
//! happen, is thrown as a JS `Error` too instead of aborting the process
//! (the release profile keeps `panic = "unwind"` for that).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod error;
pub mod kdf;
pub mod seal;
mod text;
pub mod unseal;

#[cfg(test)]
mod vectors;

pub use error::SealError;

use napi::{Error, Status};
use napi_derive::napi;
use text::{OutText, Text};
use zeroize::Zeroizing;

fn to_js_error(err: SealError) -> Error {
    Error::new(Status::GenericFailure, err.to_string())
}

/// Seal `json` (the JSON text) for `passwordId` with `secret`. `expiration`
/// is the decimal ms timestamp or `""` for none. Returns the seal without the
/// `~2` suffix.
#[napi(js_name = "seal", ts_return_type = "string", catch_unwind)]
pub fn seal_js(
    #[napi(ts_arg_type = "string")] json: Text,
    #[napi(ts_arg_type = "string")] password_id: Text,
    #[napi(ts_arg_type = "string")] secret: Text,
    #[napi(ts_arg_type = "string")] expiration: Text,
) -> napi::Result<OutText> {
    #[cfg(feature = "panic-probe")]
    panic_probe(&json.0);
    let secret = Zeroizing::new(secret.0);
    seal::seal(&json.0, &password_id.0, &secret, &expiration.0)
        .map(OutText)
        .map_err(to_js_error)
}

/// Unseal `seal` (without its `~` suffix) with `secret` (`undefined` or
/// `null` when there is no password for the seal's id) at `nowMs`
/// (`Date.now()`). Returns the decrypted JSON text.
#[napi(js_name = "unseal", ts_return_type = "string", catch_unwind)]
pub fn unseal_js(
    #[napi(ts_arg_type = "string")] seal: Text,
    #[napi(ts_arg_type = "string | undefined | null")] secret: Option<Text>,
    now_ms: f64,
) -> napi::Result<OutText> {
    #[cfg(feature = "panic-probe")]
    panic_probe(&seal.0);
    let secret = secret.map(|s| Zeroizing::new(s.0));
    unseal::unseal(&seal.0, secret.as_deref().map(String::as_str), now_ms)
        .map(OutText)
        .map_err(to_js_error)
}

/// Test builds only (feature `panic-probe`, never in a release): panics on
/// the sentinel input, so that a test can see what JS gets from a panic.
#[cfg(feature = "panic-probe")]
fn panic_probe(input: &str) {
    if input == "iron-session-native:panic-probe" {
        panic!("panic probe");
    }
}
