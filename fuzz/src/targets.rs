//! The bodies of the fuzz targets, shared by two drivers:
//!
//! * `fuzz/fuzz_targets/*.rs`: libFuzzer through cargo-fuzz (`npm run fuzz`);
//! * `tests/fuzz_stable.rs`: a bounded random-mutation driver on stable Rust,
//!   part of `cargo test` (and so of `npm test` and CI).
//!
//! Each target takes arbitrary bytes and panics only when a property fails.
//! Besides "never panics", every target compares the crate against a plain
//! reference written here from the format's definition with stock crates
//! (the generic `base64` engine, HMAC and AES used directly), so a bug in the
//! SIMD base64 engine or the parser shows up as a difference, not only as a
//! crash.

#![allow(dead_code)]

use aes::Aes256;
use base64::Engine;
use base64::alphabet::{STANDARD, URL_SAFE};
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use hmac::{Hmac, KeyInit, Mac};
use iron_session_native::error::SealError;
use iron_session_native::{seal, unseal};
use sha2::Sha256;

/// The password of the known-answer fixtures (`__test__/fixtures`).
pub const FIXTURE_PASSWORD: &str = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";
/// `Date.now()` of the known-answer fixtures.
pub const FIXTURE_NOW: f64 = 1_700_000_000_000.0;
/// Written in the password line of an `unseal` input: no password for the id.
pub const NO_PASSWORD: &str = "<none>";

/// A target: arbitrary bytes in, a panic when a property fails.
pub type Target = fn(&[u8]);

/// The targets, by name, for drivers that run all of them.
pub const TARGETS: &[(&str, Target)] = &[
    ("unseal", unseal_target),
    ("seal_roundtrip", seal_roundtrip_target),
];

// ---------------------------------------------------------------------------
// The reference: the format written out plainly.

const B64: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

fn pbkdf2_key(secret: &[u8], salt: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(secret, salt, 1, &mut out);
    out
}

fn hmac_b64(key: &[u8; 32], data: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(data);
    B64.encode(mac.finalize().into_bytes())
}

fn utf16_len_at_least_32(s: &str) -> bool {
    s.encode_utf16().count() >= 32
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// iron's seal, in its order of checks.
pub fn reference_seal_with(
    json: &str,
    id: &str,
    secret: &str,
    expiration: &str,
    iv: [u8; 16],
    enc_salt: [u8; 32],
    hmac_salt: [u8; 32],
) -> Result<String, SealError> {
    if secret.is_empty() {
        return Err(SealError::EmptyPassword);
    }
    if !id.is_empty() && !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(SealError::InvalidPasswordId);
    }
    if !utf16_len_at_least_32(secret) {
        return Err(SealError::PasswordTooShort);
    }
    let enc_salt = hex(&enc_salt);
    let hmac_salt = hex(&hmac_salt);
    let key = pbkdf2_key(secret.as_bytes(), enc_salt.as_bytes());
    let mut ct = vec![0u8; json.len() + 16];
    let ct = cbc::Encryptor::<Aes256>::new(&key.into(), &iv.into())
        .encrypt_padded_b2b::<Pkcs7>(json.as_bytes(), &mut ct)
        .expect("buffer is large enough");
    let base = format!(
        "Fe26.2*{id}*{enc_salt}*{}*{}*{expiration}",
        B64.encode(iv),
        B64.encode(ct)
    );
    let mac = hmac_b64(
        &pbkdf2_key(secret.as_bytes(), hmac_salt.as_bytes()),
        base.as_bytes(),
    );
    Ok(format!("{base}*{hmac_salt}*{mac}"))
}

/// iron's unseal, in iron-webcrypto 2.0.0's order of checks, with the
/// crate's documented decisions (canonical digest only; IV and ciphertext
/// decoded leniently; a leading BOM dropped, invalid UTF-8 replaced).
pub fn reference_unseal(
    sealed: &str,
    secret: Option<&str>,
    now_ms: f64,
) -> Result<String, SealError> {
    let parts: Vec<&str> = sealed.split('*').collect();
    let [prefix, id, enc_salt, iv, ct, expiration, hmac_salt, digest] = parts[..] else {
        return Err(SealError::IncorrectComponents);
    };
    if prefix != "Fe26.2" {
        return Err(SealError::WrongMacPrefix);
    }
    if !expiration.is_empty() {
        let mut chars = expiration.chars();
        let first_ok = matches!(chars.next(), Some('1'..='9'));
        if !first_ok || !chars.all(|c| c.is_ascii_digit()) {
            return Err(SealError::InvalidExpiration);
        }
        let exp: f64 = expiration
            .parse()
            .map_err(|_| SealError::InvalidExpiration)?;
        if exp <= now_ms - 60_000.0 {
            return Err(SealError::ExpiredSeal);
        }
    }
    let secret = match secret {
        None => {
            let key = if id.is_empty() { "default" } else { id };
            return Err(SealError::CannotFindPassword(key.to_owned()));
        }
        Some("") => return Err(SealError::EmptyPassword),
        Some(s) if !utf16_len_at_least_32(s) => return Err(SealError::PasswordTooShort),
        Some(s) => s,
    };
    if hmac_salt.is_empty() {
        return Err(SealError::BadHmac);
    }
    let base = [prefix, id, enc_salt, iv, ct, expiration].join("*");
    let mac = hmac_b64(
        &pbkdf2_key(secret.as_bytes(), hmac_salt.as_bytes()),
        base.as_bytes(),
    );
    if mac != digest {
        return Err(SealError::BadHmac);
    }
    if enc_salt.is_empty() {
        return Err(SealError::DecryptionFailed);
    }
    let iv = atob_field(iv).ok_or(SealError::DecryptionFailed)?;
    let iv: [u8; 16] = iv.try_into().map_err(|_| SealError::DecryptionFailed)?;
    let mut ct = atob_field(ct).ok_or(SealError::DecryptionFailed)?;
    if ct.is_empty() {
        return Err(SealError::DecryptionFailed);
    }
    let key = pbkdf2_key(secret.as_bytes(), enc_salt.as_bytes());
    let plain = cbc::Decryptor::<Aes256>::new(&key.into(), &iv.into())
        .decrypt_padded::<Pkcs7>(&mut ct)
        .map_err(|_| SealError::DecryptionFailed)?;
    let plain = plain.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(plain);
    Ok(String::from_utf8_lossy(plain).into_owned())
}

/// The IV or ciphertext field as iron-session 9.0.1 decodes it on Node 20 to
/// 24, step by step: uint8array-extras' `base64UrlToBase64`, then WHATWG
/// forgiving-base64 (`atob`).
fn atob_field(text: &str) -> Option<Vec<u8>> {
    let mut text = text.replace('-', "+").replace('_', "/");
    let length = text.encode_utf16().count();
    text.push_str(&"=".repeat((4 - length % 4) % 4));
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\x0C' | '\r' | ' '))
        .collect();
    let text = if text.len().is_multiple_of(4) {
        text.strip_suffix("==")
            .or_else(|| text.strip_suffix('='))
            .unwrap_or(&text)
    } else {
        &text
    };
    let alphabet_only = text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
    if text.len() % 4 == 1 || !alphabet_only {
        return None;
    }
    STANDARD_LENIENT.decode(text).ok()
}

const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

// ---------------------------------------------------------------------------
// Input decoding helpers.

/// A cheap, stable hash of the input, to pick positions deterministically.
fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Splits `data` on 0xFF (a byte that never occurs in UTF-8) into `N`
/// fields; missing fields are empty.
fn fields<const N: usize>(data: &[u8]) -> [&[u8]; N] {
    let mut out = [&[][..]; N];
    let mut rest = data;
    for (i, slot) in out.iter_mut().enumerate() {
        if i + 1 == N {
            *slot = rest;
            break;
        }
        match rest.iter().position(|&b| b == 0xFF) {
            Some(at) => {
                *slot = &rest[..at];
                rest = &rest[at + 1..];
            }
            None => {
                *slot = rest;
                rest = &[];
            }
        }
    }
    out
}

fn random_bytes(source: &[u8]) -> ([u8; 16], [u8; 32], [u8; 32]) {
    // The first 80 bytes as given (so a seed reproduces a known-answer seal),
    // a shorter field repeated with a counter.
    let mut all = [0u8; 80];
    if !source.is_empty() {
        for (i, b) in all.iter_mut().enumerate() {
            *b = source[i % source.len()].wrapping_add((i / source.len()) as u8);
        }
    }
    let mut iv = [0u8; 16];
    let mut es = [0u8; 32];
    let mut hs = [0u8; 32];
    iv.copy_from_slice(&all[..16]);
    es.copy_from_slice(&all[16..48]);
    hs.copy_from_slice(&all[48..]);
    (iv, es, hs)
}

fn expect_same(
    what: &str,
    ours: &Result<String, SealError>,
    reference: &Result<String, SealError>,
) {
    assert_eq!(ours, reference, "{what}: crate and reference disagree");
}

// ---------------------------------------------------------------------------
// Targets.

/// `unseal` of arbitrary text. The input is up to three lines: the cookie
/// value, the password (`<none>` for none; the fixtures' password when the
/// line is absent) and `Date.now()` (the fixtures' clock when absent).
/// The cookie value is opened as given and with its `~…` suffix cut, as the
/// JS layer does. Properties: no panic; the same outcome (value or error,
/// with its message) as the reference; deterministic.
pub fn unseal_target(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.splitn(3, '\n');
    let cookie = lines.next().unwrap_or("");
    let secret = match lines.next() {
        None => Some(FIXTURE_PASSWORD),
        Some(NO_PASSWORD) => None,
        Some(line) => Some(line),
    };
    let now = lines
        .next()
        .and_then(|l| l.trim().parse::<f64>().ok())
        .unwrap_or(FIXTURE_NOW);

    let body = cookie.split('~').next().unwrap_or("");
    for input in [cookie, body] {
        let ours = unseal::unseal(input, secret, now);
        expect_same("unseal", &ours, &reference_unseal(input, secret, now));
        assert_eq!(
            ours,
            unseal::unseal(input, secret, now),
            "unseal is not deterministic"
        );
        if let Err(err) = &ours {
            // The message is a fixed text, or a fixed text and the seal's own
            // id: nothing derived from the password can appear in it.
            match err {
                SealError::CannotFindPassword(key) => {
                    let id = input.split('*').nth(1).unwrap_or("");
                    assert_eq!(key, if id.is_empty() { "default" } else { id });
                }
                other => assert_eq!(other.to_string(), other.message()),
            }
        }
    }
}

/// Seal arbitrary text with an arbitrary id, password, expiration and random
/// bytes (fields split on 0xFF), then open it. Properties: the seal equals the
/// reference's byte for byte (or fails with the same error); it opens to the
/// same text (a leading BOM dropped) with the right password and clock; it
/// does not open with another password; any single-byte change is rejected;
/// the random-salt `seal` opens too.
pub fn seal_roundtrip_target(data: &[u8]) {
    let [json, id, secret, expiration, random] = fields::<5>(data);
    let json = String::from_utf8_lossy(json);
    let id = String::from_utf8_lossy(id);
    let secret = String::from_utf8_lossy(secret);
    // JS writes a decimal timestamp or nothing; arbitrary text is tried too
    // (the seal writes it as given), when the field starts with `!`.
    let expiration = match expiration.strip_prefix(b"!") {
        Some(raw) => String::from_utf8_lossy(raw).into_owned(),
        None => expiration
            .iter()
            .filter(|b| b.is_ascii_digit())
            .map(|&b| char::from(b))
            .collect(),
    };
    let (iv, es, hs) = random_bytes(random);

    let ours = seal::seal_with(&json, &id, &secret, &expiration, iv, es, hs);
    expect_same(
        "seal_with",
        &ours,
        &reference_seal_with(&json, &id, &secret, &expiration, iv, es, hs),
    );
    let Ok(sealed) = ours else {
        assert_eq!(
            seal::seal(&json, &id, &secret, &expiration).err(),
            ours.err(),
            "seal and seal_with check differently"
        );
        return;
    };
    // Everything but a (deliberately) non-ASCII expiration is ASCII.
    assert_eq!(sealed.is_ascii(), expiration.is_ascii(), "a seal is ASCII");

    let opened = unseal::unseal(&sealed, Some(&secret), FIXTURE_NOW);
    expect_same(
        "unseal(seal)",
        &opened,
        &reference_unseal(&sealed, Some(&secret), FIXTURE_NOW),
    );
    let well_formed = expiration.is_empty()
        || (expiration.starts_with(|c: char| ('1'..='9').contains(&c))
            && expiration.bytes().all(|b| b.is_ascii_digit()));
    if well_formed {
        let expired = !expiration.is_empty()
            && expiration
                .parse::<f64>()
                .is_ok_and(|exp| exp <= FIXTURE_NOW - 60_000.0);
        let want = json.strip_prefix('\u{FEFF}').unwrap_or(&json);
        if expired {
            assert_eq!(opened, Err(SealError::ExpiredSeal));
        } else {
            assert_eq!(
                opened.as_deref(),
                Ok(want),
                "seal then unseal is not the identity"
            );
            // The random-salt path opens as well.
            let fresh = seal::seal(&json, &id, &secret, &expiration).expect("seal_with succeeded");
            assert_ne!(fresh, sealed, "fresh randomness");
            assert_eq!(
                unseal::unseal(&fresh, Some(&secret), FIXTURE_NOW).as_deref(),
                Ok(want)
            );
        }
    }
    if opened.is_err() {
        return;
    }

    // Another password: rejected as a bad MAC.
    let other = format!("{secret}x");
    assert_eq!(
        unseal::unseal(&sealed, Some(&other), FIXTURE_NOW),
        Err(SealError::BadHmac)
    );

    // A single-byte change anywhere: rejected.
    if !sealed.is_ascii() {
        return;
    }
    let bytes = sealed.as_bytes();
    let h = fnv(data);
    let pos = (h % bytes.len() as u64) as usize;
    const REPLACEMENTS: &[u8] = b"A0a-_*~=. z9";
    let mut replacement = REPLACEMENTS[((h >> 32) % REPLACEMENTS.len() as u64) as usize];
    if replacement == bytes[pos] {
        replacement = if bytes[pos] == b'B' { b'C' } else { b'B' };
    }
    let mut changed = bytes.to_vec();
    changed[pos] = replacement;
    let changed = String::from_utf8(changed).expect("ASCII");
    let result = unseal::unseal(&changed, Some(&secret), FIXTURE_NOW);
    assert!(
        result.is_err(),
        "a seal changed at byte {pos} to {:?} still opens: {result:?}",
        replacement as char
    );
}
