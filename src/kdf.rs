//! PBKDF2-HMAC-SHA1 with one iteration and a 32-byte output: the key
//! derivation iron uses for both the encryption and the integrity key.
//!
//! Plain `pbkdf2` over `Hmac<Sha1>` (`pbkdf2_hmac::<Sha1>`), keyed afresh on
//! every call: nothing derived from a password outlives the call. The HMAC
//! states are wiped on drop by the crates' `zeroize` features, the derived
//! key by [`Zeroizing`]. What this costs against the former per-password
//! cache is measured in docs/crypto.md.

use sha1::Sha1;
use zeroize::Zeroizing;

/// Derived key length in bytes (AES-256 key, HMAC-SHA256 key).
pub const KEY_LEN: usize = 32;

/// `PBKDF2-HMAC-SHA1(secret, salt, 1 iteration, 32 bytes)`.
pub fn derive(secret: &[u8], salt: &[u8]) -> Zeroizing<[u8; KEY_LEN]> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    // Infallible: HMAC takes a key of any length.
    pbkdf2::pbkdf2_hmac::<Sha1>(secret, salt, 1, key.as_mut_slice());
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6070 test vector 1 (c = 1, 20 bytes): the first 20 of our 32.
    #[test]
    fn rfc6070_first_block() {
        let key = derive(b"password", b"salt");
        let t1: [u8; 20] = [
            0x0c, 0x60, 0xc8, 0x0f, 0x96, 0x1f, 0x0e, 0x71, 0xf3, 0xa9, 0xb5, 0x24, 0xaf, 0x60,
            0x12, 0x06, 0x2f, 0xe0, 0x37, 0xa6,
        ];
        assert_eq!(&key[..20], &t1);
    }

    /// The key iron derives for a known password and hex-text salt
    /// (from node:crypto `pbkdf2Sync(pw, salt, 1, 32, "sha1")`).
    #[test]
    fn hex_salt_known_answer() {
        let key = derive(
            b"Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0",
            b"fa82259e19c0ce68ceea0bd784eef003938f17d09d6fd1694aa1a52cee2bb739",
        );
        assert_eq!(key.len(), KEY_LEN);
        assert_eq!(hex(&key[..]), KNOWN_KEY);
    }

    const KNOWN_KEY: &str = "93002635576499d2902cd1ed4290e8ffff8e9b9021f65a610648fe5f938d0b45";

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}
