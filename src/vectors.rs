//! Known-answer and behaviour vectors recorded from iron-session 9.0.1 and
//! 8.0.4 (`__test__/fixtures/*.json`, shared with the JS tests).

use std::path::PathBuf;

use serde_json::Value;

use crate::error::SealError;
use crate::seal::seal_with;
use crate::unseal::unseal;

/// iron-session's default ttl in seconds (14 days).
const DEFAULT_TTL_S: f64 = 1_209_600.0;

fn fixture(name: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("__test__")
        .join("fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    match serde_json::from_str(&text) {
        Ok(Value::Array(cases)) => cases,
        other => panic!("{name}: expected a JSON array, got {other:?}"),
    }
}

fn str_of<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    let mut cur = v;
    for key in path {
        cur = &cur[*key];
    }
    cur.as_str()
        .unwrap_or_else(|| panic!("missing string at {path:?} in {}", v["id"]))
}

fn hex_bytes<const N: usize>(hex: &str) -> [u8; N] {
    assert_eq!(hex.len(), 2 * N, "hex length");
    let mut out = [0u8; N];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

/// What JS `cookie.slice(0, cookie.indexOf("~"))` leaves (9.0.1 unsealData).
fn cut_suffix(seal: &str) -> &str {
    seal.split('~').next().unwrap_or(seal)
}

fn expected_901(case: &Value) -> &Value {
    &case["expected"]["iron-session@9.0.1"]["unsealData"]
}

#[test]
fn seal_kat_byte_exact() {
    let cases = fixture("seal-kat.json");
    assert_eq!(cases.len(), 24);
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let now_ms = case["now_ms"].as_f64().unwrap();
        let ttl = case["ttl"].as_f64().unwrap_or(DEFAULT_TTL_S);
        let expiration = if ttl == 0.0 {
            String::new()
        } else {
            format!("{}", (now_ms + ttl * 1000.0) as u64)
        };
        let json = str_of(case, &["inputs", "plaintext_json"]);
        let sealed = seal_with(
            json,
            str_of(case, &["inputs", "password_id"]),
            str_of(case, &["inputs", "secret_used"]),
            &expiration,
            hex_bytes(str_of(case, &["inputs", "iv_hex"])),
            hex_bytes(str_of(case, &["inputs", "encryption_salt"])),
            hex_bytes(str_of(case, &["inputs", "hmac_salt"])),
        )
        .unwrap_or_else(|e| panic!("{id}: {e}"));
        let want = str_of(case, &["seal"]);
        let want = want.strip_suffix("~2").unwrap_or(want);
        assert_eq!(sealed, want, "{id}");

        let secret = str_of(case, &["inputs", "secret_used"]);
        assert_eq!(
            unseal(&sealed, Some(secret), now_ms).as_deref(),
            Ok(json),
            "{id}"
        );
    }
}

#[test]
fn tampered_vectors() {
    let cases = fixture("tampered.json");
    let mut checked = 0;
    let mut lenient_rejected = 0;
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let sealed = cut_suffix(str_of(case, &["seal"]));
        let now_ms = case["created_at_ms"].as_f64().unwrap();
        let expected = expected_901(case);
        let outcome = expected["outcome"].as_str().unwrap();
        let lenient = case["hmac_digest_leniency"].as_bool().unwrap_or(false);

        // The JS side maps a string password to `{1: password}` and looks up
        // `id || "default"`; emulate that: no secret for any other id.
        let password = case["password"].as_str();
        let seal_id = sealed.split('*').nth(1).unwrap_or("");
        let secret = match password {
            Some(p) if seal_id == "1" => Some(p),
            _ => None,
        };
        let result = unseal(sealed, secret, now_ms);

        match outcome {
            "ok" if lenient => {
                assert_eq!(
                    result,
                    Err(SealError::BadHmac),
                    "{id}: leniency must be rejected"
                );
                lenient_rejected += 1;
            }
            "ok" => {
                let text = result.unwrap_or_else(|e| panic!("{id}: {e}"));
                let got: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(got, expected["data"], "{id}");
            }
            _ => {
                let want = expected["error"].as_str().unwrap();
                let got = result.expect_err(id).to_string();
                if want == "Empty password" {
                    // A prototype key (`constructor`, `__proto__`) in the JS
                    // password map: JS-side lookup; here it is just unknown.
                    assert!(got.starts_with("Cannot find password: "), "{id}: {got}");
                } else {
                    assert_eq!(got, want, "{id}");
                }
            }
        }
        checked += 1;
    }
    assert_eq!(checked, cases.len());
    assert_eq!(lenient_rejected, 6);
}

#[test]
fn expired_vectors() {
    let cases = fixture("expired.json");
    let mut checked = 0;
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let Some(now_ms) = case["unseal_now_ms"]
            .as_f64()
            .or_else(|| case["expected_observed_at_ms"].as_f64())
        else {
            continue; // observed at an unrecorded real time
        };
        let sealed = cut_suffix(str_of(case, &["seal"]));
        let password = str_of(case, &["password"]);
        let expected = expected_901(case);
        let result = unseal(sealed, Some(password), now_ms);
        match expected["outcome"].as_str().unwrap() {
            "ok" => {
                let text = result.unwrap_or_else(|e| panic!("{id}: {e}"));
                let got: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(got, expected["data"], "{id}");
            }
            _ => assert_eq!(
                result.expect_err(id).to_string(),
                expected["error"].as_str().unwrap(),
                "{id}"
            ),
        }
        checked += 1;
    }
    assert!(checked >= 12, "checked {checked}");
}

#[test]
fn expired_boundary_is_exp_plus_60s() {
    for case in fixture("expired.json") {
        let Some(exp) = case["expiration_ms"].as_f64() else {
            continue;
        };
        let sealed = cut_suffix(str_of(&case, &["seal"]));
        let password = str_of(&case, &["password"]);
        assert!(unseal(sealed, Some(password), exp + 59_999.0).is_ok());
        assert_eq!(
            unseal(sealed, Some(password), exp + 60_000.0),
            Err(SealError::ExpiredSeal)
        );
    }
}
