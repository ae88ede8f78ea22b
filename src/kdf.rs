//! PBKDF2-HMAC-SHA1 with one iteration and a 32-byte output: the key
//! derivation iron uses for both the encryption and the integrity key.
//!
//! PBKDF2 with c = 1 is `T_i = HMAC(P, S || INT(i))`; 32 bytes need T_1 (20)
//! and the first 12 bytes of T_2. HMAC-SHA1 is computed on the raw SHA-1
//! compression function: the states after the ipad and opad blocks depend on
//! the password only, so they are computed once per password ([`Pads`]) and
//! kept in a small thread-local cache ([`pads_for`]). For the 64-byte hex salts
//! iron uses, one key then costs 5 compressions (salt block, then
//! (INT(i) block, outer block) twice), and the salt block is shared.

use std::cell::RefCell;
use std::ops::{Deref, DerefMut};

use sha1::Digest;
use sha1::block_api::compress;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

/// SHA-1 initial hash value (FIPS 180-4, 5.3.1).
const SHA1_IV: [u32; 5] = [
    0x6745_2301,
    0xEFCD_AB89,
    0x98BA_DCFE,
    0x1032_5476,
    0xC3D2_E1F0,
];
const BLOCK: usize = 64;
/// Derived key length in bytes (AES-256 key, HMAC-SHA256 key).
pub const KEY_LEN: usize = 32;

/// Fixed-size scratch (arrays of bytes or words) wiped when dropped.
///
/// `Zeroizing<[u8; N]>` wipes an array with one volatile store per element;
/// this wipes it as a slice, which zeroize does with a plain fill followed by
/// an optimisation barrier (its bulk path). Same guarantee; for the ~400
/// bytes of scratch of one key derivation it measured about 60 ns (20 %)
/// less per key (`cargo bench --bench core -- kdf/derive`).
pub struct Wiped<T: Wipe>(T);

/// Arrays that [`Wiped`] can hold.
pub trait Wipe {
    /// Overwrite with zeros through zeroize's slice path.
    fn wipe(&mut self);
}

impl<const N: usize> Wipe for [u8; N] {
    fn wipe(&mut self) {
        self.as_mut_slice().zeroize();
    }
}

impl<const N: usize> Wipe for [u32; N] {
    fn wipe(&mut self) {
        self.as_mut_slice().zeroize();
    }
}

impl<const N: usize, const M: usize> Wipe for [[u8; M]; N] {
    fn wipe(&mut self) {
        self.as_flattened_mut().zeroize();
    }
}

impl<T: Wipe> Wiped<T> {
    /// Wrap `value`, to be wiped on drop.
    pub fn new(value: T) -> Self {
        Wiped(value)
    }
}

impl<T: Wipe> Drop for Wiped<T> {
    fn drop(&mut self) {
        self.0.wipe();
    }
}

impl<T: Wipe> Deref for Wiped<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Wipe> DerefMut for Wiped<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

/// The SHA-1 chaining values after absorbing `K0 ^ ipad` and `K0 ^ opad`,
/// i.e. HMAC-SHA1 keyed with one password. Zeroized on drop.
#[derive(Clone)]
pub struct Pads {
    inner: [u32; 5],
    outer: [u32; 5],
}

impl Drop for Pads {
    fn drop(&mut self) {
        self.inner.wipe();
        self.outer.wipe();
    }
}

/// Copy `src` into `dst` starting at `at`, clipped to `dst` (never panics;
/// every call site here fits by construction).
fn put(dst: &mut [u8], at: usize, src: &[u8]) {
    for (d, s) in dst.iter_mut().skip(at).zip(src) {
        *d = *s;
    }
}

/// Big-endian bytes of a SHA-1 state (the 20-byte digest).
fn digest_bytes(state: &[u32; 5], out: &mut [u8; 20]) {
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
}

impl Pads {
    /// Key HMAC-SHA1 with `password` (any length; longer than 64 bytes is
    /// pre-hashed, as RFC 2104 says).
    pub fn new(password: &[u8]) -> Pads {
        let mut k0 = Wiped::new([0u8; BLOCK]);
        if password.len() > BLOCK {
            let mut digest = sha1::Sha1::digest(password);
            put(&mut *k0, 0, &digest);
            digest.zeroize();
        } else {
            put(&mut *k0, 0, password);
        }
        let mut block = Wiped::new([0u8; BLOCK]);
        let mut inner = SHA1_IV;
        for (b, k) in block.iter_mut().zip(k0.iter()) {
            *b = k ^ 0x36;
        }
        compress(&mut inner, std::slice::from_ref(&*block));
        let mut outer = SHA1_IV;
        for (b, k) in block.iter_mut().zip(k0.iter()) {
            *b = k ^ 0x5c;
        }
        compress(&mut outer, std::slice::from_ref(&*block));
        Pads { inner, outer }
    }

    /// `PBKDF2-HMAC-SHA1(password, salt, 1 iteration, 32 bytes)`.
    pub fn derive(&self, salt: &[u8]) -> Wiped<[u8; KEY_LEN]> {
        let (full, rest) = salt.as_chunks::<BLOCK>();
        // Inner hash state after the ipad block and the whole salt blocks:
        // shared by T_1 and T_2.
        let mut base = Wiped::new(self.inner);
        compress(&mut base, full);

        // Inner tail: rest of the salt, INT(i), 0x80, zeros, then the bit
        // length of ipad block + salt + INT(i); one block or two.
        let used = rest.len() + 4;
        let blocks = if used + 1 + 8 <= BLOCK { 1 } else { 2 };
        let inner_bits = ((BLOCK + salt.len() + 4) as u64).wrapping_mul(8);
        let mut tail = Wiped::new([[0u8; BLOCK]; 2]);
        {
            let flat = tail.as_flattened_mut();
            put(flat, 0, rest);
            put(flat, used, &[0x80]);
            put(flat, blocks * BLOCK - 8, &inner_bits.to_be_bytes());
        }
        let tail_blocks = tail.get(..blocks).unwrap_or(&[]);

        // Outer block: the 20-byte inner digest, 0x80, zeros, bit length of
        // opad block + digest.
        let mut outer_block = Wiped::new([0u8; BLOCK]);
        put(&mut *outer_block, 20, &[0x80]);
        put(
            &mut *outer_block,
            BLOCK - 8,
            &(((BLOCK + 20) as u64) * 8).to_be_bytes(),
        );

        let mut out = Wiped::new([0u8; KEY_LEN]);
        let mut state = Wiped::new([0u32; 5]);
        let mut t = Wiped::new([0u8; 20]);
        let mut tail_i = Wiped::new([[0u8; BLOCK]; 2]);
        for i in 1u32..=2 {
            *tail_i = *tail;
            put(tail_i.as_flattened_mut(), rest.len(), &i.to_be_bytes());
            *state = *base;
            compress(&mut state, tail_i.get(..tail_blocks.len()).unwrap_or(&[]));
            digest_bytes(&state, &mut t);

            put(&mut *outer_block, 0, &*t);
            *state = self.outer;
            compress(&mut state, std::slice::from_ref(&*outer_block));
            digest_bytes(&state, &mut t);

            // T_1 fills bytes 0..20, T_2 the remaining 12.
            put(&mut *out, if i == 1 { 0 } else { 20 }, &*t);
        }
        out
    }
}

/// How many passwords each thread keeps keyed HMAC-SHA1 states for.
const CACHE_SLOTS: usize = 8;

struct Entry {
    secret: Zeroizing<Vec<u8>>,
    pads: Pads,
}

thread_local! {
    /// Most recently used first; evicted entries are zeroized on drop.
    static CACHE: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// The HMAC-SHA1 pads for `secret`, from this thread's cache (computed and
/// cached on a miss). The caller gets its own copy, zeroized when dropped.
/// Falls back to fresh pads when the cache cannot be used (thread teardown),
/// so it never panics.
pub fn pads_for(secret: &[u8]) -> Pads {
    let cached = CACHE.try_with(|cell| {
        let mut cache = cell.try_borrow_mut().ok()?;
        match cache
            .iter()
            .position(|e| bool::from(e.secret.as_slice().ct_eq(secret)))
        {
            Some(pos) => {
                if let Some(recent) = cache.get_mut(..=pos) {
                    recent.rotate_right(1);
                }
            }
            None => {
                let entry = Entry {
                    secret: Zeroizing::new(secret.to_vec()),
                    pads: Pads::new(secret),
                };
                cache.insert(0, entry);
                cache.truncate(CACHE_SLOTS);
            }
        }
        cache.first().map(|e| e.pads.clone())
    });
    match cached {
        Ok(Some(pads)) => pads,
        _ => Pads::new(secret),
    }
}

/// Derive the 32-byte key for `secret` and `salt` through the pads cache.
pub fn derive(secret: &[u8], salt: &[u8]) -> Wiped<[u8; KEY_LEN]> {
    pads_for(secret).derive(salt)
}

#[cfg(test)]
pub(crate) fn cache_len() -> usize {
    CACHE.with(|c| c.borrow().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oracle(password: &[u8], salt: &[u8]) -> [u8; KEY_LEN] {
        let mut out = [0u8; KEY_LEN];
        pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, 1, &mut out);
        out
    }

    fn bytes(len: usize, seed: u8) -> Vec<u8> {
        (0..len)
            .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
            .collect()
    }

    #[test]
    fn matches_pbkdf2_crate_for_many_lengths() {
        for plen in (0..=200).step_by(1) {
            let password = bytes(plen, 7);
            let pads = Pads::new(&password);
            for slen in [
                0, 1, 3, 19, 47, 51, 52, 55, 56, 59, 60, 63, 64, 65, 100, 119, 120, 128, 200,
            ] {
                let salt = bytes(slen, 99);
                assert_eq!(
                    *pads.derive(&salt),
                    oracle(&password, &salt),
                    "password {plen} B, salt {slen} B"
                );
            }
        }
    }

    #[test]
    fn matches_pbkdf2_crate_for_all_salt_lengths() {
        for plen in [32, 64, 65, 100] {
            let password = bytes(plen, 3);
            let pads = Pads::new(&password);
            for slen in 0..=260 {
                let salt = bytes(slen, 1);
                assert_eq!(*pads.derive(&salt), oracle(&password, &salt));
            }
        }
    }

    #[test]
    fn hex_salt_and_utf8_password() {
        let password = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0\u{1F600}é".as_bytes();
        let salt = b"fa82259e19c0ce68ceea0bd784eef003938f17d09d6fd1694aa1a52cee2bb739";
        assert_eq!(*derive(password, salt), oracle(password, salt));
    }

    #[test]
    fn cache_is_bounded_and_correct() {
        let salt = b"516c5bc70fed15d94fc98bde48af4d6dfd1706961d9e3d36ec03784533bac506";
        for round in 0..3 {
            for n in 0..(CACHE_SLOTS * 2) {
                let password = format!("password-number-{n:04}-xxxxxxxxxxxxxxxxxx{round}");
                assert_eq!(
                    *derive(password.as_bytes(), salt),
                    oracle(password.as_bytes(), salt)
                );
                // A hit right after the miss.
                assert_eq!(
                    *derive(password.as_bytes(), salt),
                    oracle(password.as_bytes(), salt)
                );
                assert!(cache_len() <= CACHE_SLOTS);
            }
        }
        assert_eq!(cache_len(), CACHE_SLOTS);
    }
}
