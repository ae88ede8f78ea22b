//! Strings across the Node-API boundary with fewer passes than napi-rs's
//! `String`, and the same results.
//!
//! * In ([`Text`]): napi-rs's `String` asks V8 for the UTF-8 length (a walk
//!   over the string) and then copies. The UTF-16 length is O(1), and 3 UTF-8
//!   bytes per UTF-16 unit always suffice, so one `napi_get_value_string_utf8`
//!   into a buffer of that size copies the string in one pass. Lone
//!   surrogates become U+FFFD either way (V8's `REPLACE_INVALID_UTF8`).
//! * Out ([`OutText`]): text is handed to V8 in the form V8 stores it, so
//!   V8's UTF-8 decoder never runs: ASCII (every seal, most JSON) and text
//!   whose characters are all below U+0100 (accented Latin) as a one-byte
//!   string, anything else as UTF-16. The conversions copy runs of ASCII
//!   eight bytes at a time.

use std::ptr;

use napi::bindgen_prelude::{FromNapiValue, ToNapiValue, TypeName};
use napi::{Error, Result, Status, ValueType, sys};

/// A JS string argument as UTF-8.
pub struct Text(pub String);

impl TypeName for Text {
    fn type_name() -> &'static str {
        "String"
    }

    fn value_type() -> ValueType {
        ValueType::String
    }
}

fn expected_string() -> Error {
    Error::new(
        Status::StringExpected,
        "Failed to convert JavaScript value into rust type `String`",
    )
}

impl FromNapiValue for Text {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut units = 0usize;
        // SAFETY: a null buffer asks for the length only.
        let status =
            unsafe { sys::napi_get_value_string_utf16(env, value, ptr::null_mut(), 0, &mut units) };
        if status != sys::Status::napi_ok {
            return Err(expected_string());
        }
        let capacity = units
            .checked_mul(3)
            .and_then(|n| n.checked_add(1))
            .ok_or_else(expected_string)?;
        let mut bytes: Vec<u8> = Vec::with_capacity(capacity);
        let mut written = 0usize;
        // SAFETY: `bytes` has room for `capacity` bytes; V8 writes at most
        // `capacity - 1` of them plus a NUL terminator.
        let status = unsafe {
            sys::napi_get_value_string_utf8(
                env,
                value,
                bytes.as_mut_ptr().cast(),
                capacity,
                &mut written,
            )
        };
        if status != sys::Status::napi_ok {
            return Err(expected_string());
        }
        // SAFETY: V8 initialised `written` bytes (< capacity) with UTF-8,
        // invalid sequences replaced, as napi-rs's own `String` assumes.
        unsafe {
            bytes.set_len(written.min(capacity - 1));
            Ok(Text(String::from_utf8_unchecked(bytes)))
        }
    }
}

/// A string returned to JS: one-byte (Latin-1) when every character is
/// below U+0100, else UTF-16.
pub struct OutText(pub String);

impl TypeName for OutText {
    fn type_name() -> &'static str {
        "String"
    }

    fn value_type() -> ValueType {
        ValueType::String
    }
}

const ASCII_MASK: u64 = 0x8080_8080_8080_8080;

/// The Latin-1 bytes of `text`, or `None` when it has a character above U+00FF.
fn to_latin1(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if u64::from_ne_bytes(word) & ASCII_MASK == 0 {
                out.extend_from_slice(chunk);
                i += 8;
                continue;
            }
        }
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(&b), _) if b < 0x80 => {
                out.push(b);
                i += 1;
            }
            // U+0080..U+00FF: lead byte 0xC2 or 0xC3, then one continuation.
            (Some(&lead @ (0xC2 | 0xC3)), Some(&cont)) => {
                out.push(((lead & 0x03) << 6) | (cont & 0x3F));
                i += 2;
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The UTF-16 code units of `text`.
fn to_utf16(text: &str) -> Vec<u16> {
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let bytes = rest.as_bytes();
        let ascii = bytes
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(bytes.len());
        out.extend(bytes.iter().take(ascii).map(|&b| u16::from(b)));
        let Some(tail) = rest.get(ascii..) else { break };
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            let mut units = [0u16; 2];
            out.extend_from_slice(c.encode_utf16(&mut units));
        }
        rest = chars.as_str();
    }
    out
}

fn create_failed() -> Error {
    Error::new(
        Status::GenericFailure,
        "Failed to convert rust `String` into napi `string`",
    )
}

impl ToNapiValue for OutText {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        let text = val.0;
        // A `String` never holds more than `isize::MAX` bytes.
        let len = |n: usize| isize::try_from(n).map_err(|_| create_failed());
        let mut out = ptr::null_mut();
        let status = if text.is_ascii() {
            // SAFETY: `text` outlives the call; ASCII is Latin-1.
            unsafe {
                sys::napi_create_string_latin1(
                    env,
                    text.as_ptr().cast(),
                    len(text.len())?,
                    &mut out,
                )
            }
        } else if let Some(latin1) = to_latin1(&text) {
            // SAFETY: `latin1` outlives the call.
            unsafe {
                sys::napi_create_string_latin1(
                    env,
                    latin1.as_ptr().cast(),
                    len(latin1.len())?,
                    &mut out,
                )
            }
        } else {
            let utf16 = to_utf16(&text);
            // SAFETY: `utf16` outlives the call.
            unsafe {
                sys::napi_create_string_utf16(env, utf16.as_ptr(), len(utf16.len())?, &mut out)
            }
        };
        if status != sys::Status::napi_ok {
            return Err(create_failed());
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_when_every_char_is_below_0x100() {
        assert_eq!(to_latin1("abc").unwrap(), b"abc");
        assert_eq!(
            to_latin1("\u{80}é ÿ long enough to take the 8-byte path: àéîõü").unwrap(),
            "\u{80}é ÿ long enough to take the 8-byte path: àéîõü"
                .chars()
                .map(|c| c as u8)
                .collect::<Vec<_>>()
        );
        assert_eq!(to_latin1("€"), None);
        assert_eq!(to_latin1("abcdefghijklmnop\u{100}"), None);
        assert_eq!(to_latin1("😀"), None);
        assert_eq!(to_latin1("").unwrap(), b"");
    }

    #[test]
    fn utf16_matches_std() {
        for text in [
            "",
            "ascii only, longer than eight bytes",
            "é",
            "mixed é and 😀 and 中文 and more ascii after it",
            "😀😀",
            "\u{FFFD}\u{10FFFF}",
        ] {
            assert_eq!(to_utf16(text), text.encode_utf16().collect::<Vec<_>>());
        }
    }
}
