//! The Rust core alone, without Node: full seal and unseal for the small and
//! the ~3 KB session of `bench/bench.mjs` (the same JSON text, password and
//! expiration), and the parts a seal is made of.
//!
//! `npm run bench:core` (= `cargo bench --bench core`). Results, including
//! the `new/estimates.json` files that `npm run bench` reads to print the
//! JS-visible cost as a multiple of the core's, go to `target/criterion/`.
//! Bounded: about 1.5 s per benchmark, under a minute in all.

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aes::Aes256;
use base64::Engine;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use criterion::{Criterion, criterion_group, criterion_main};
use rand::Rng;

use iron_session_native::kdf;
use iron_session_native::seal::{B64, push_mac_b64, seal, seal_with};
use iron_session_native::unseal::unseal;

const PASSWORD: &str = "complex_password_at_least_32_characters_long";
const SMALL: &str = r#"{"user":{"id":1,"name":"Alice","admin":true}}"#;
const LARGE: &str = include_str!("../bench/fixtures/session-3kb.json");
/// 64 hex characters, the shape of every KDF salt iron uses.
const SALT_HEX: &[u8; 64] = b"fa82259e19c0ce68ceea0bd784eef003938f17d09d6fd1694aa1a52cee2bb739";
const TTL_MS: f64 = 14.0 * 24.0 * 3600.0 * 1000.0;

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64)
}

fn sizes() -> [(&'static str, &'static str); 2] {
    [("small", SMALL), ("3kb", LARGE)]
}

/// seal and unseal exactly as the addon's two exports run them.
fn full(c: &mut Criterion) {
    let expiration = format!("{}", now_ms() + TTL_MS);
    let mut group = c.benchmark_group("seal");
    for (name, json) in sizes() {
        group.bench_function(name, |b| {
            b.iter(|| seal(black_box(json), "1", PASSWORD, &expiration).unwrap())
        });
    }
    group.finish();

    let mut group = c.benchmark_group("unseal");
    for (name, json) in sizes() {
        let sealed = seal(json, "1", PASSWORD, &expiration).unwrap();
        let now = now_ms();
        group.bench_function(name, |b| {
            b.iter(|| unseal(black_box(&sealed), Some(PASSWORD), now).unwrap())
        });
    }
    group.finish();
}

/// The pieces: KDF, AES-256-CBC, HMAC-SHA256, base64url, RNG.
fn parts(c: &mut Criterion) {
    let key = *kdf::derive(PASSWORD.as_bytes(), SALT_HEX);
    let iv = [7u8; 16];

    let mut group = c.benchmark_group("kdf");
    // One 32-byte PBKDF2-HMAC-SHA1 key, HMAC keyed afresh (a seal derives two).
    group.bench_function("derive", |b| {
        b.iter(|| kdf::derive(black_box(PASSWORD.as_bytes()), SALT_HEX))
    });
    group.finish();

    let mut group = c.benchmark_group("aes_cbc_encrypt");
    for (name, json) in sizes() {
        let mut out = vec![0u8; json.len() + 16];
        group.bench_function(name, |b| {
            b.iter(|| {
                let cipher = cbc::Encryptor::<Aes256>::new(&key.into(), &iv.into());
                cipher
                    .encrypt_padded_b2b::<Pkcs7>(black_box(json.as_bytes()), &mut out)
                    .unwrap()
                    .len()
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("aes_cbc_decrypt");
    for (name, json) in sizes() {
        let mut ct = vec![0u8; json.len() + 16];
        let len = cbc::Encryptor::<Aes256>::new(&key.into(), &iv.into())
            .encrypt_padded_b2b::<Pkcs7>(json.as_bytes(), &mut ct)
            .unwrap()
            .len();
        ct.truncate(len);
        let mut buf = ct.clone();
        group.bench_function(name, |b| {
            b.iter(|| {
                buf.copy_from_slice(&ct);
                let cipher = cbc::Decryptor::<Aes256>::new(&key.into(), &iv.into());
                cipher.decrypt_padded::<Pkcs7>(&mut buf).unwrap().len()
            })
        });
    }
    group.finish();

    // HMAC-SHA256 over a real seal's MAC input (its first six fields).
    let mut group = c.benchmark_group("hmac_sha256");
    for (name, json) in sizes() {
        let sealed = seal_with(json, "1", PASSWORD, "1", iv, [1; 32], [2; 32]).unwrap();
        let base_len = sealed.match_indices('*').nth(5).map_or(0, |(i, _)| i);
        let base = sealed.as_bytes()[..base_len].to_vec();
        group.bench_function(name, |b| {
            let mut out = String::with_capacity(43);
            b.iter(|| {
                out.clear();
                push_mac_b64(&key, black_box(&base), &mut out);
                out.len()
            })
        });
    }
    group.finish();

    let mut encoded = Vec::new();
    let mut group = c.benchmark_group("base64_encode");
    for (name, json) in sizes() {
        let bytes = vec![0xA5u8; (json.len() / 16 + 1) * 16];
        let b64 = B64.encode(&bytes);
        encoded.push((name, b64));
        group.bench_function(name, |b| {
            let mut out = String::with_capacity(bytes.len() * 2);
            b.iter(|| {
                out.clear();
                B64.encode_string(black_box(&bytes), &mut out);
                out.len()
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("base64_decode");
    for (name, b64) in &encoded {
        group.bench_function(*name, |b| b.iter(|| B64.decode(black_box(b64)).unwrap()));
    }
    group.finish();

    let mut group = c.benchmark_group("rng");
    // A seal's 80 random bytes (IV and the two salts): straight from the OS,
    // as `seal` does, and from rand's thread-local ChaCha generator, which
    // `seal` used before (docs/crypto.md).
    group.bench_function("80_bytes_os", |b| {
        let mut random = [0u8; 80];
        b.iter(|| {
            getrandom::fill(&mut random).unwrap();
            black_box(random)
        })
    });
    group.bench_function("80_bytes_thread_rng", |b| {
        let mut random = [0u8; 80];
        b.iter(|| {
            rand::rng().fill_bytes(&mut random);
            black_box(random)
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1200))
        .sample_size(40);
    targets = full, parts
}
criterion_main!(benches);
