//! Opening an iron "Fe26.2" seal.
//!
//! The checks run in iron-webcrypto 2.0.0's order and give its messages:
//! component count, prefix, expiration (format, then age), password, HMAC,
//! and only then IV/ciphertext decoding and decryption. The HMAC digest is
//! compared as its canonical base64url spelling, in constant time; 9.0.1
//! decodes it leniently instead (see the spec, §5.4), which is the one
//! deliberate difference.

use aes::Aes256;
use base64::Engine;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, KeyIvInit};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use crate::error::SealError;
use crate::kdf::derive;
use crate::seal::{B64, IV_LEN, MAC_B64_LEN, MAC_PREFIX, long_enough, push_mac_b64};

/// Seals are accepted until `exp + 60 s` (`timestampSkewSec`).
const SKEW_MS: f64 = 60_000.0;
const PARTS: usize = 8;
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Unseal `sealed` (without the `~2` suffix) with `secret`, at `now_ms`
/// (JS `Date.now()`). `secret` is `None` when the JS side has no password for
/// the seal's id. Returns the decrypted JSON text (not parsed).
pub fn unseal(sealed: &str, secret: Option<&str>, now_ms: f64) -> Result<String, SealError> {
    // 1. Exactly 8 `*`-separated parts. The HMAC input is the first six,
    // exactly as they appear in the seal.
    let (mac_input, hmac_salt, digest) = sealed
        .rsplit_once('*')
        .and_then(|(rest, digest)| rest.rsplit_once('*').map(|(m, s)| (m, s, digest)))
        .ok_or(SealError::IncorrectComponents)?;
    let mut parts = [""; PARTS - 2];
    let mut count = 0usize;
    for part in mac_input.split('*') {
        match parts.get_mut(count) {
            Some(slot) => *slot = part,
            None => return Err(SealError::IncorrectComponents),
        }
        count += 1;
    }
    if count != PARTS - 2 {
        return Err(SealError::IncorrectComponents);
    }
    let [prefix, id, enc_salt, iv_b64, ct_b64, expiration] = parts;

    // 2. Prefix.
    if prefix != MAC_PREFIX {
        return Err(SealError::WrongMacPrefix);
    }

    // 3. Expiration: `^[1-9]\d*$`, then `parseInt(exp) <= now - 60000`.
    if !expiration.is_empty() {
        let bytes = expiration.as_bytes();
        let well_formed =
            matches!(bytes.first(), Some(b'1'..=b'9')) && bytes.iter().all(|b| b.is_ascii_digit());
        if !well_formed {
            return Err(SealError::InvalidExpiration);
        }
        let exp: f64 = expiration
            .parse()
            .map_err(|_| SealError::InvalidExpiration)?;
        if exp <= now_ms - SKEW_MS {
            return Err(SealError::ExpiredSeal);
        }
    }

    // 4./5. Password.
    let secret = match secret {
        None => {
            let key = if id.is_empty() { "default" } else { id };
            return Err(SealError::CannotFindPassword(key.to_owned()));
        }
        Some("") => return Err(SealError::EmptyPassword),
        Some(s) if !long_enough(s) => return Err(SealError::PasswordTooShort),
        Some(s) => s,
    };

    // 6./7. HMAC. An empty salt never verifies: iron-webcrypto would derive
    // the key from a random salt instead.
    if hmac_salt.is_empty() {
        return Err(SealError::BadHmac);
    }
    let mut expected = String::with_capacity(MAC_B64_LEN);
    push_mac_b64(
        &derive(secret.as_bytes(), hmac_salt.as_bytes()),
        mac_input.as_bytes(),
        &mut expected,
    );
    // Slices of different lengths compare unequal (length is not secret).
    if !bool::from(expected.as_bytes().ct_eq(digest.as_bytes())) {
        return Err(SealError::BadHmac);
    }

    // 8. Decrypt. Only reachable with an authentic seal. An empty encryption
    // salt fails like the rest: iron-webcrypto would pick a random salt, so
    // the key is wrong and the padding or the JSON with it.
    if enc_salt.is_empty() {
        return Err(SealError::DecryptionFailed);
    }
    let iv: [u8; IV_LEN] = decode_field(iv_b64)
        .and_then(|iv| iv.try_into().ok())
        .ok_or(SealError::DecryptionFailed)?;
    let mut buf = decode_field(ct_b64).ok_or(SealError::DecryptionFailed)?;
    if buf.is_empty() {
        return Err(SealError::DecryptionFailed);
    }
    let decrypted = {
        let key = derive(secret.as_bytes(), enc_salt.as_bytes());
        let cipher = cbc::Decryptor::<Aes256>::new(&(*key).into(), &iv.into());
        cipher.decrypt_padded::<Pkcs7>(&mut buf).map(<[u8]>::len)
    };
    let plain_len = match decrypted {
        Ok(len) => len,
        Err(_) => {
            buf.zeroize();
            return Err(SealError::DecryptionFailed);
        }
    };
    buf.truncate(plain_len);
    Ok(decode_text(buf))
}

/// The bytes of the IV or ciphertext field, decoded as iron-session 9.0.1
/// decodes them on Node 20 to 24 (iron-webcrypto 2.0.0, uint8array-extras,
/// `atob`): `None` where it throws. Both backends decode this way (the
/// WebCrypto one in `fieldBytes`), so they agree with each other on every
/// runtime. Leniency costs nothing here: the HMAC has already authenticated
/// the field as literal text.
fn decode_field(text: &str) -> Option<Vec<u8>> {
    // Canonical base64url (with or without `=`): the SIMD engine. Whatever it
    // accepts, the lenient decoder below accepts with the same bytes.
    B64.decode(text)
        .ok()
        .or_else(|| decode_field_leniently(text))
}

/// uint8array-extras reads `-` and `_` as `+` and `/` and appends `=` up to a
/// multiple of 4 characters (counting every character); `atob` then skips
/// ASCII whitespace, allows at most two `=` and only at the end, and only
/// when the rest is a multiple of 4, rejects a lone last character, and
/// ignores the unused low bits.
fn decode_field_leniently(text: &str) -> Option<Vec<u8>> {
    let appended = (4 - text.len() % 4) % 4;
    let mut equals = 0usize;
    let mut sextets = 0usize;
    let mut acc = 0u32;
    let mut bits = 0u32;
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 3);
    for byte in text.bytes() {
        let value = match byte {
            b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' => continue,
            b'=' => {
                equals += 1;
                continue;
            }
            _ if equals > 0 => return None,
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        sextets += 1;
        acc = ((acc << 6) | u32::from(value)) & 0xFFFF;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    let equals = equals + appended;
    let padded = (sextets + equals).is_multiple_of(4);
    if equals > 2 || (!padded && equals > 0) || sextets % 4 == 1 {
        return None;
    }
    Some(out)
}

/// UTF-8 to `String` as WHATWG `TextDecoder` (utf-8, non-fatal) does it: one
/// leading BOM is dropped, invalid sequences become U+FFFD.
fn decode_text(mut bytes: Vec<u8>) -> String {
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let mut bytes = err.into_bytes();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            bytes.zeroize();
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seal::{seal, seal_with};
    use std::time::{Duration, Instant};

    const PW: &str = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";
    const NOW: f64 = 1_700_000_000_000.0;

    fn fixed(json: &str) -> String {
        seal_with(json, "1", PW, "", [1; 16], [2; 32], [3; 32]).unwrap()
    }

    #[test]
    fn text_decoding_like_textdecoder() {
        assert_eq!(decode_text(b"\xEF\xBB\xBF{}".to_vec()), "{}");
        assert_eq!(
            decode_text(b"\xEF\xBB\xBF\xEF\xBB\xBF{}".to_vec()),
            "\u{FEFF}{}"
        );
        assert_eq!(decode_text(b"\"a\xFFb\"".to_vec()), "\"a\u{FFFD}b\"");
        assert_eq!(decode_text(b"\xE2\x82".to_vec()), "\u{FFFD}");
        assert_eq!(decode_text(b"\xF0\x9F\x98\x80".to_vec()), "\u{1F600}");
        assert_eq!(decode_text(Vec::new()), "");
    }

    #[test]
    fn non_utf8_and_bom_plaintexts() {
        // JSON text is &str here, so build the invalid bytes by hand through
        // the deterministic path: encrypt valid text, then check BOM strip.
        let s = fixed("\u{FEFF}{\"a\":1}");
        assert_eq!(unseal(&s, Some(PW), NOW).unwrap(), "{\"a\":1}");
        let s = fixed("");
        assert_eq!(unseal(&s, Some(PW), NOW).unwrap(), "");
    }

    #[test]
    fn round_trip_various() {
        let payloads = [
            "{}".to_string(),
            "null".to_string(),
            "\"hello\"".to_string(),
            "{\"user\":{\"id\":1}}".to_string(),
            "x".repeat(15),
            "x".repeat(16),
            "é\u{1F600}\u{2028}\u{0}".repeat(300),
            "y".repeat(100_000),
        ];
        for json in &payloads {
            for id in ["", "1", "2", "10", "a_b"] {
                let s = seal(json, id, PW, "").unwrap();
                assert_eq!(&unseal(&s, Some(PW), NOW).unwrap(), json);
            }
        }
    }

    #[test]
    fn round_trip_random() {
        use rand::RngExt;
        let mut rng = rand::rng();
        for _ in 0..300 {
            let len = rng.random_range(0..200usize);
            let json: String = (0..len)
                .map(|_| {
                    let c = rng.random_range(0..0x11_0000u32);
                    char::from_u32(c).unwrap_or('\u{FFFD}')
                })
                .collect();
            let plen = rng.random_range(32..100usize);
            // ASCII, or any scalar value (then >= 32 chars is >= 32 units).
            let unicode = rng.random_bool(0.5);
            let pw: String = (0..plen)
                .map(|_| {
                    if unicode {
                        char::from_u32(rng.random_range(1..0x11_0000u32)).unwrap_or('é')
                    } else {
                        char::from(rng.random_range(0x20..0x7fu8))
                    }
                })
                .collect();
            let s = seal(&json, "1", &pw, "99999999999999").unwrap();
            assert_eq!(unseal(&s, Some(&pw), NOW).unwrap(), json);
        }
    }

    #[test]
    fn every_single_byte_change_is_rejected() {
        let s = seal("{\"user\":{\"id\":1}}", "1", PW, "1700000060000").unwrap();
        let bytes = s.as_bytes();
        let replacements = [b'A', b'a', b'0', b'-', b'_', b'*', b'~', b'=', b' ', b'z'];
        let mut tried = 0;
        for i in 0..bytes.len() {
            for &r in &replacements {
                if bytes[i] == r {
                    continue;
                }
                let mut m = bytes.to_vec();
                m[i] = r;
                let m = String::from_utf8(m).unwrap();
                assert!(
                    unseal(&m, Some(PW), NOW).is_err(),
                    "accepted change at {i} to {}",
                    r as char
                );
                tried += 1;
            }
            // Deletion and insertion too.
            let mut d = bytes.to_vec();
            d.remove(i);
            assert!(unseal(std::str::from_utf8(&d).unwrap(), Some(PW), NOW).is_err());
            let mut ins = bytes.to_vec();
            ins.insert(i, b'A');
            assert!(unseal(std::str::from_utf8(&ins).unwrap(), Some(PW), NOW).is_err());
        }
        assert!(tried > 2000);
        assert!(unseal(&s, Some(PW), NOW).is_ok());
    }

    #[test]
    fn error_order() {
        let good = fixed("{}");
        let p: Vec<&str> = good.split('*').collect();
        let join = |v: &[&str]| v.join("*");

        assert_eq!(unseal("", None, NOW), Err(SealError::IncorrectComponents));
        assert_eq!(
            unseal(&format!("{good}*"), None, NOW),
            Err(SealError::IncorrectComponents)
        );
        assert_eq!(
            unseal("Fe26.1*a*b*c*d*x*f*g", None, NOW),
            Err(SealError::WrongMacPrefix)
        );
        assert_eq!(
            unseal("Fe26.2*a*b*c*d*0123*f*g", None, NOW),
            Err(SealError::InvalidExpiration)
        );
        assert_eq!(
            unseal("Fe26.2*a*b*c*d*12a*f*g", None, NOW),
            Err(SealError::InvalidExpiration)
        );
        assert_eq!(
            unseal("Fe26.2*a*b*c*d*-1*f*g", None, NOW),
            Err(SealError::InvalidExpiration)
        );
        assert_eq!(
            unseal("Fe26.2*a*b*c*d*1*f*g", None, NOW),
            Err(SealError::ExpiredSeal)
        );
        assert_eq!(
            unseal("Fe26.2*a*b*c*d**f*g", None, NOW),
            Err(SealError::CannotFindPassword("a".into()))
        );
        assert_eq!(
            unseal("Fe26.2**b*c*d**f*g", None, NOW),
            Err(SealError::CannotFindPassword("default".into()))
        );
        assert_eq!(
            unseal("Fe26.2**b*c*d**f*g", Some(""), NOW),
            Err(SealError::EmptyPassword)
        );
        assert_eq!(
            unseal("Fe26.2**b*c*d**f*g", Some("short"), NOW),
            Err(SealError::PasswordTooShort)
        );
        assert_eq!(
            unseal("Fe26.2**b*c*d**f*g", Some(PW), NOW),
            Err(SealError::BadHmac)
        );
        // Empty HMAC salt.
        let mut q = p.clone();
        q[6] = "";
        assert_eq!(unseal(&join(&q), Some(PW), NOW), Err(SealError::BadHmac));
        // Wrong password.
        assert_eq!(
            unseal(&good, Some("12345678901234567890123456789012"), NOW),
            Err(SealError::BadHmac)
        );
        // Non-canonical digests: padding, std alphabet, whitespace, low bits.
        let d = p[7];
        for variant in [
            format!("{d}="),
            d.replace('-', "+").replace('_', "/"),
            format!("{} {}", &d[..10], &d[10..]),
        ] {
            if variant == d {
                continue;
            }
            let mut q = p.clone();
            q[7] = &variant;
            assert_eq!(unseal(&join(&q), Some(PW), NOW), Err(SealError::BadHmac));
        }
    }

    #[test]
    fn last_digest_char_low_bits_rejected() {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let good = fixed("{\"a\":1}");
        let (head, d) = good.rsplit_once('*').unwrap();
        let last = d.as_bytes()[42];
        let idx = alphabet.iter().position(|&c| c == last).unwrap();
        for low in 0..4 {
            let c = alphabet[(idx & !3) | low];
            let variant = format!("{head}*{}{}", &d[..42], c as char);
            let result = unseal(&variant, Some(PW), NOW);
            if c == last {
                assert!(result.is_ok());
            } else {
                assert_eq!(result, Err(SealError::BadHmac));
            }
        }
    }

    #[test]
    fn expiration_boundaries() {
        let exp = 1_700_000_060_000f64;
        let s = seal("{}", "1", PW, "1700000060000").unwrap();
        assert!(unseal(&s, Some(PW), exp).is_ok());
        assert!(unseal(&s, Some(PW), exp + 59_999.0).is_ok());
        assert_eq!(
            unseal(&s, Some(PW), exp + 60_000.0),
            Err(SealError::ExpiredSeal)
        );
        // Expiry is checked before the password.
        assert_eq!(
            unseal(&s, None, exp + 60_000.0),
            Err(SealError::ExpiredSeal)
        );
        // A huge expiration is valid for ever (parses to a large f64 or inf).
        let huge = format!("9{}", "0".repeat(400));
        let s = seal("{}", "1", PW, &huge).unwrap();
        assert!(unseal(&s, Some(PW), NOW).is_ok());
    }

    #[test]
    fn authentic_but_malformed_iv_or_ciphertext() {
        // Seals whose MAC is valid but whose IV or ciphertext are unusable:
        // built by hand with the crate's own MAC so they pass the HMAC check.
        let salt = "a".repeat(64);
        let make = |iv: &str, ct: &str| {
            let base = format!("Fe26.2*1*{salt}*{iv}*{ct}*");
            let mut mac = String::new();
            push_mac_b64(
                &derive(PW.as_bytes(), salt.as_bytes()),
                base.as_bytes(),
                &mut mac,
            );
            format!("{base}*{salt}*{mac}")
        };
        let good = fixed("{}");
        let p: Vec<&str> = good.split('*').collect();
        for (iv, ct) in [
            ("", p[4]),
            ("AAAA", p[4]),
            ("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", p[4]),
            ("!!!!!!!!!!!!!!!!!!!!!!", p[4]),
            (p[3], ""),
            (p[3], "A"),
            (p[3], "AAAA"),
            (p[3], "%%%%"),
            (p[3], "AAAAAAAAAAAAAAAAAAAAAA"),
        ] {
            let s = make(iv, ct);
            assert_eq!(
                unseal(&s, Some(PW), NOW),
                Err(SealError::DecryptionFailed),
                "iv {iv:?} ct {ct:?}"
            );
        }
        // Padding is tolerated in the IV and ciphertext fields.
        let s = make(&format!("{}==", p[3]), &format!("{}=", p[4]));
        // Different enc salt from `fixed`, so the plaintext is garbage or a
        // padding error, but never a panic.
        let _ = unseal(&s, Some(PW), NOW);
    }

    #[test]
    fn hostile_inputs_fail_fast() {
        let start = Instant::now();
        let mb = "A".repeat(1 << 20);
        let stars = "*".repeat(100_000);
        let seven = "*".repeat(7);
        let big_field = format!("Fe26.2*1*{mb}*a*b**c*d");
        let big_exp = format!("Fe26.2*1*a*b*c*{}*e*f", "9".repeat(1 << 20));
        let bad_exp = format!("Fe26.2*1*a*b*c*{}x*e*f", "9".repeat(1 << 20));
        let big_id = format!("Fe26.2*{mb}*a*b*c**e*f");
        let non_ascii = "Fe26.2*é*\u{1F600}*ü*\u{0}***\u{FFFF}".to_string();
        let cases: Vec<(&str, Option<&str>)> = vec![
            (&mb, Some(PW)),
            (&stars, Some(PW)),
            (&seven, Some(PW)),
            (&seven, None),
            (&big_field, Some(PW)),
            (&big_exp, Some(PW)),
            (&bad_exp, Some(PW)),
            (&big_id, None),
            (&big_id, Some(PW)),
            (&non_ascii, Some(PW)),
            ("Fe26.2*1*zz*zz*zz**zz*zz", Some(PW)),
            ("\u{1F600}", Some(PW)),
            ("~2", Some(PW)),
        ];
        for (input, secret) in cases {
            assert!(unseal(input, secret, NOW).is_err());
        }
        assert_eq!(unseal(&seven, None, NOW), Err(SealError::WrongMacPrefix));
        assert_eq!(
            unseal(&big_id, None, NOW),
            Err(SealError::CannotFindPassword(mb.clone()))
        );
        assert!(start.elapsed() < Duration::from_secs(5));
    }
}
