//! Building an iron "Fe26.2" seal, and the format pieces shared with
//! [`crate::unseal`].
//!
//! ```text
//! Fe26.2*{id}*{encSaltHex}*{ivB64url}*{ctB64url}*{expiration}*{hmacSaltHex}*{hmacB64url}
//! ```
//!
//! * salts: 32 random bytes as 64 lowercase hex chars; the KDF salt is that
//!   hex *text*;
//! * keys: PBKDF2-HMAC-SHA1(secret, salt text, 1 iteration, 32 bytes);
//! * ciphertext: AES-256-CBC with PKCS#7 padding over the UTF-8 JSON;
//! * MAC: HMAC-SHA256 over the first six fields joined by `*`;
//! * base64url without padding everywhere.
//!
//! The `~2` suffix iron-session appends is not part of this module's output.

use std::sync::LazyLock;

use aes::Aes256;
use base64::Engine;
use base64::engine::general_purpose::GeneralPurposeConfig;
use base64::engine::{DecodePaddingMode, Simd};
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeEncrypt, KeyIvInit};
use hmac::{Hmac, KeyInit, Mac};
use rand::Rng;
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use crate::error::SealError;
use crate::kdf::{KEY_LEN, derive};

/// `Fe26.` + MAC format version `2`.
pub const MAC_PREFIX: &str = "Fe26.2";
/// Minimum secret length in UTF-16 code units (JS `.length`).
pub const MIN_PASSWORD_UNITS: usize = 32;
/// Random salt length in bytes (saltBits 256).
pub const SALT_LEN: usize = 32;
/// Salt length as hex text.
pub const SALT_HEX_LEN: usize = SALT_LEN * 2;
/// AES-CBC IV length in bytes.
pub const IV_LEN: usize = 16;
/// HMAC-SHA256 digest length in base64url without padding.
pub const MAC_B64_LEN: usize = 43;
/// SHA-256 block size: HMAC-SHA256 keys are padded to it.
const HMAC_BLOCK: usize = 64;

/// base64url: encodes without padding. Its decoder (padding optional, unused
/// low bits ignored) is the fast path of the IV and ciphertext decoding in
/// [`crate::unseal`]. The digest is never decoded: it is compared as its
/// canonical spelling.
pub static B64: LazyLock<Simd> = LazyLock::new(|| {
    Simd::url_safe(
        GeneralPurposeConfig::new()
            .with_encode_padding(false)
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    )
});

/// Lowercase hex of a salt, as the ASCII text the KDF uses as its salt.
fn hex(bytes: &[u8; SALT_LEN]) -> [u8; SALT_HEX_LEN] {
    fn digit(n: u8) -> u8 {
        if n < 10 { b'0' + n } else { b'a' + (n - 10) }
    }
    let mut out = [0u8; SALT_HEX_LEN];
    for (pair, b) in out.chunks_exact_mut(2).zip(bytes) {
        pair.copy_from_slice(&[digit(b >> 4), digit(b & 0x0f)]);
    }
    out
}

/// `true` when `id` matches `^[A-Za-z0-9_]+$` (JS `/^\w+$/`).
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `true` when `secret` has at least 32 UTF-16 code units.
pub(crate) fn long_enough(secret: &str) -> bool {
    secret.encode_utf16().take(MIN_PASSWORD_UNITS).count() >= MIN_PASSWORD_UNITS
}

/// The three password checks, in iron-webcrypto's seal order.
fn check_seal_inputs(id: &str, secret: &str) -> Result<(), SealError> {
    if secret.is_empty() {
        return Err(SealError::EmptyPassword);
    }
    if !id.is_empty() && !valid_id(id) {
        return Err(SealError::InvalidPasswordId);
    }
    if !long_enough(secret) {
        return Err(SealError::PasswordTooShort);
    }
    Ok(())
}

/// HMAC-SHA256 of `data` keyed by `key`, appended to `out` as 43 base64url
/// characters.
pub fn push_mac_b64(key: &[u8; KEY_LEN], data: &[u8], out: &mut String) {
    // A 32-byte key is shorter than SHA-256's 64-byte block, and HMAC pads
    // such a key with zeros (RFC 2104): keying with the padded block is the
    // same MAC, through the constructor that cannot fail.
    let mut block = Zeroizing::new([0u8; HMAC_BLOCK]);
    for (b, k) in block.iter_mut().zip(key) {
        *b = *k;
    }
    let mut mac = <Hmac<Sha256> as KeyInit>::new(&(*block).into());
    mac.update(data);
    let mut tag = mac.finalize().into_bytes();
    B64.encode_string(tag.as_slice(), out);
    tag.zeroize();
}

/// Seal `json` with the given random bytes. Deterministic: the hook for
/// known-answer tests. `expiration` is written as given (`""` for none).
pub fn seal_with(
    json: &str,
    id: &str,
    secret: &str,
    expiration: &str,
    iv: [u8; IV_LEN],
    enc_salt: [u8; SALT_LEN],
    hmac_salt: [u8; SALT_LEN],
) -> Result<String, SealError> {
    check_seal_inputs(id, secret)?;
    Ok(seal_checked(
        json, id, secret, expiration, &iv, &enc_salt, &hmac_salt,
    ))
}

/// Seal `json` with fresh random bytes from rand's thread-local generator
/// (ChaCha12, seeded from the OS and reseeded every 64 KiB). Not one
/// `getrandom` call per seal: that measured 40 % or more of a whole
/// `sealData` on a Linux VM, against a 10 % budget (docs/crypto.md, which
/// also covers what a generator in the process means for forks and VM
/// snapshots). The 80 bytes are used in iron-webcrypto 2.0.0's draw order:
/// IV, encryption salt, HMAC salt.
pub fn seal(json: &str, id: &str, secret: &str, expiration: &str) -> Result<String, SealError> {
    check_seal_inputs(id, secret)?;
    // All 80 bytes are published in the seal: nothing to wipe.
    let mut random = [0u8; IV_LEN + 2 * SALT_LEN];
    // Panics only if the OS cannot seed it, which the export turns into a JS
    // Error (catch_unwind).
    rand::rng().fill_bytes(&mut random);
    let (mut iv, mut enc_salt, mut hmac_salt) = ([0u8; IV_LEN], [0u8; SALT_LEN], [0u8; SALT_LEN]);
    let fields = iv.iter_mut().chain(&mut enc_salt).chain(&mut hmac_salt);
    for (field, byte) in fields.zip(random) {
        *field = byte;
    }
    Ok(seal_checked(
        json, id, secret, expiration, &iv, &enc_salt, &hmac_salt,
    ))
}

/// The seal itself, for inputs [`check_seal_inputs`] accepted: nothing here
/// can fail.
fn seal_checked(
    json: &str,
    id: &str,
    secret: &str,
    expiration: &str,
    iv: &[u8; IV_LEN],
    enc_salt: &[u8; SALT_LEN],
    hmac_salt: &[u8; SALT_LEN],
) -> String {
    let enc_salt_hex = hex(enc_salt);
    let hmac_salt_hex = hex(hmac_salt);

    // AES-256-CBC, PKCS#7: always 1..=16 bytes of padding.
    let ct = {
        let key = derive(secret.as_bytes(), &enc_salt_hex);
        cbc::Encryptor::<Aes256>::new(&(*key).into(), &(*iv).into())
            .encrypt_padded_vec::<Pkcs7>(json.as_bytes())
    };

    let ct_b64_len = base64::encoded_len(ct.len(), false).unwrap_or(0);
    let iv_b64_len = base64::encoded_len(IV_LEN, false).unwrap_or(0);
    let capacity = MAC_PREFIX.len()
        + id.len()
        + 2 * SALT_HEX_LEN
        + iv_b64_len
        + ct_b64_len
        + expiration.len()
        + MAC_B64_LEN
        + 7;
    let mut out = String::with_capacity(capacity);
    out.push_str(MAC_PREFIX);
    out.push('*');
    out.push_str(id);
    out.push('*');
    push_ascii(&mut out, &enc_salt_hex);
    out.push('*');
    B64.encode_string(iv, &mut out);
    out.push('*');
    B64.encode_string(&ct, &mut out);
    out.push('*');
    out.push_str(expiration);

    let mut mac = String::with_capacity(MAC_B64_LEN);
    push_mac_b64(
        &derive(secret.as_bytes(), &hmac_salt_hex),
        out.as_bytes(),
        &mut mac,
    );
    out.push('*');
    push_ascii(&mut out, &hmac_salt_hex);
    out.push('*');
    out.push_str(&mac);
    out
}

/// Append ASCII bytes (hex produced here) to `out`.
fn push_ascii(out: &mut String, ascii: &[u8]) {
    out.extend(ascii.iter().map(|&b| char::from(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    const PW: &str = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";

    #[test]
    fn hex_is_lowercase() {
        let mut b = [0u8; SALT_LEN];
        b[0] = 0xAB;
        b[31] = 0x0f;
        let h = hex(&b);
        assert!(h.starts_with(b"ab00"));
        assert!(h.ends_with(b"000f"));
    }

    #[test]
    fn seal_errors_in_order() {
        assert_eq!(seal("{}", "bad id", "", ""), Err(SealError::EmptyPassword));
        assert_eq!(
            seal("{}", "bad id", "short", ""),
            Err(SealError::InvalidPasswordId)
        );
        assert_eq!(seal("{}", "é", PW, ""), Err(SealError::InvalidPasswordId));
        assert_eq!(
            seal("{}", "1", "short", ""),
            Err(SealError::PasswordTooShort)
        );
        assert_eq!(
            seal("{}", "", "short", ""),
            Err(SealError::PasswordTooShort)
        );
        assert!(seal("{}", "", PW, "").is_ok());
        assert!(seal("{}", "a_Z9", PW, "").is_ok());
    }

    #[test]
    fn password_length_counts_utf16_units() {
        // 16 emoji = 32 UTF-16 units = 64 UTF-8 bytes: long enough.
        let emoji16 = "\u{1F600}".repeat(16);
        assert!(seal("{}", "1", &emoji16, "").is_ok());
        // 15 emoji + 1 ASCII = 31 units: too short, though 61 bytes.
        let short = format!("{}a", "\u{1F600}".repeat(15));
        assert_eq!(
            seal("{}", "1", &short, ""),
            Err(SealError::PasswordTooShort)
        );
        // 31 'é' = 31 units (62 bytes): too short; 32 is fine.
        assert_eq!(
            seal("{}", "1", &"é".repeat(31), ""),
            Err(SealError::PasswordTooShort)
        );
        assert!(seal("{}", "1", &"é".repeat(32), "").is_ok());
    }

    #[test]
    fn layout_and_lengths() {
        for len in [0usize, 1, 15, 16, 17, 31, 32, 100, 4000] {
            let json = "x".repeat(len);
            let s = seal(&json, "1", PW, "1700000000000").unwrap();
            let parts: Vec<&str> = s.split('*').collect();
            assert_eq!(parts.len(), 8);
            assert_eq!(parts[0], "Fe26.2");
            assert_eq!(parts[1], "1");
            assert_eq!(parts[2].len(), 64);
            assert!(
                parts[2]
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            );
            assert_eq!(parts[3].len(), 22);
            let c = (len / 16 + 1) * 16;
            assert_eq!(parts[4].len(), (4 * c).div_ceil(3));
            assert_eq!(parts[5], "1700000000000");
            assert_eq!(parts[6].len(), 64);
            assert_ne!(parts[2], parts[6]);
            assert_eq!(parts[7].len(), 43);
            assert!(!s.contains('='));
            assert!(!s.contains('~'));
            // The spec's 208 includes the `~2` suffix.
            assert_eq!(s.len(), 206 + 1 + 13 + (4 * c).div_ceil(3));
        }
    }

    #[test]
    fn fresh_randomness_every_seal() {
        let a = seal("{}", "1", PW, "").unwrap();
        let b = seal("{}", "1", PW, "").unwrap();
        assert_ne!(a, b);
    }
}
