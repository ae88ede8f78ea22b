//! Property tests of the seal core through the crate's public modules
//! (`iron_session_native::{seal, unseal}`), with proptest:
//!
//! * seal then unseal is the identity, for JSON text of any shape, passwords
//!   of at least 32 UTF-16 units (ASCII, any Unicode, longer than the 64-byte
//!   HMAC block) and every kind of password id;
//! * any single-byte change, deletion or insertion, and any field spliced in
//!   from another valid seal, is rejected;
//! * another password never opens a seal;
//! * the expiry boundary is exactly `exp + 60 s`;
//! * arbitrary text, passwords and clocks never panic, and every error is one
//!   of iron's messages with nothing of the password in it.
//!
//! `PROPTEST_CASES` raises the number of cases (default 256 here).

use iron_session_native::SealError;
use iron_session_native::seal::{seal, seal_with};
use iron_session_native::unseal::unseal;
use proptest::prelude::*;
use proptest::test_runner::Config;

const NOW: f64 = 1_700_000_000_000.0;

/// JSON text: any value of nested arrays and objects, with unicode strings
/// (including U+2028, NUL, emoji, a BOM) and numbers.
fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| serde_json::json!(f)),
        any::<String>().prop_map(serde_json::Value::String),
        "[\u{0}\u{2028}\u{FEFF}\u{1F600}a-z\"\\\\]{0,12}".prop_map(serde_json::Value::String),
    ];
    let value = leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..8)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    });
    prop_oneof![
        value.prop_map(|v| v.to_string()),
        // Any text at all: the core does not parse JSON.
        any::<String>(),
        // Around the 16-byte AES block boundaries, and large.
        (0usize..70).prop_map(|n| "x".repeat(n)),
        (3000usize..5000).prop_map(|n| "é".repeat(n)),
    ]
}

/// Passwords of at least 32 UTF-16 code units.
fn password() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{32,80}",
        // 32+ chars of any Unicode scalar: each is one or two UTF-16 units.
        prop::collection::vec(any::<char>(), 32..48).prop_map(|v| v.into_iter().collect()),
        // Longer than the 64-byte HMAC block (pre-hashed key).
        "[a-zA-Z0-9]{65,200}",
        // 16 astral characters: exactly 32 UTF-16 units.
        prop::collection::vec(prop::char::range('\u{10000}', '\u{10FFFF}'), 16..=16)
            .prop_map(|v| v.into_iter().collect()),
    ]
}

fn password_id() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[0-9]{1,3}", "[A-Za-z0-9_]{1,12}"]
}

/// `None` (no expiry) or an expiry after NOW.
fn expiration() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        (1u64..10_000_000_000).prop_map(|ttl_ms| (NOW as u64 + ttl_ms).to_string()),
    ]
}

fn config() -> Config {
    // PROPTEST_CASES, when set, wins over this default.
    Config {
        cases: 256,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn seal_then_unseal_is_identity(json in json_text(), pw in password(), id in password_id(), exp in expiration()) {
        let sealed = seal(&json, &id, &pw, &exp).unwrap();
        let fields: Vec<&str> = sealed.split('*').collect();
        prop_assert_eq!(fields.len(), 8);
        prop_assert_eq!(fields[1], id.as_str());
        prop_assert_eq!(fields[5], exp.as_str());
        prop_assert!(sealed.is_ascii());
        let want = json.strip_prefix('\u{FEFF}').unwrap_or(&json);
        let opened = unseal(&sealed, Some(&pw), NOW);
        prop_assert_eq!(opened.as_deref(), Ok(want));
    }

    #[test]
    fn deterministic_with_injected_randomness(json in json_text(), pw in password(), id in password_id(), random in prop::array::uniform16(any::<u8>()), salt in prop::array::uniform32(any::<u8>())) {
        let a = seal_with(&json, &id, &pw, "", random, salt, salt).unwrap();
        let b = seal_with(&json, &id, &pw, "", random, salt, salt).unwrap();
        prop_assert_eq!(&a, &b);
        let want = json.strip_prefix('\u{FEFF}').unwrap_or(&json);
        let opened = unseal(&a, Some(&pw), NOW);
        prop_assert_eq!(opened.as_deref(), Ok(want));
    }

    #[test]
    fn any_single_byte_change_is_rejected(json in json_text(), pw in password(), id in password_id(), exp in expiration(), at in any::<prop::sample::Index>(), replacement in 0x20u8..0x7f, edit in 0u8..3) {
        let sealed = seal(&json, &id, &pw, &exp).unwrap();
        let mut bytes = sealed.clone().into_bytes();
        let i = at.index(bytes.len());
        match edit {
            0 => {
                prop_assume!(bytes[i] != replacement);
                bytes[i] = replacement;
            }
            1 => {
                bytes.remove(i);
            }
            _ => bytes.insert(i, replacement),
        }
        let changed = String::from_utf8(bytes).unwrap();
        prop_assert_ne!(&changed, &sealed);
        let result = unseal(&changed, Some(&pw), NOW);
        prop_assert!(result.is_err(), "edit {} at {} accepted: {:?}", edit, i, result);
    }

    #[test]
    fn fields_spliced_from_another_seal_are_rejected(json_a in json_text(), json_b in json_text(), pw in password(), field in 1usize..8) {
        let a = seal(&json_a, "1", &pw, "").unwrap();
        let b = seal(&json_b, "1", &pw, "").unwrap();
        let mut fields: Vec<&str> = a.split('*').collect();
        let other: Vec<&str> = b.split('*').collect();
        prop_assume!(fields[field] != other[field]);
        fields[field] = other[field];
        prop_assert_eq!(unseal(&fields.join("*"), Some(&pw), NOW), Err(SealError::BadHmac));
    }

    #[test]
    fn another_password_never_opens(json in json_text(), pw in password(), other in password()) {
        prop_assume!(pw != other);
        let sealed = seal(&json, "1", &pw, "").unwrap();
        prop_assert_eq!(unseal(&sealed, Some(&other), NOW), Err(SealError::BadHmac));
    }

    #[test]
    fn expiry_boundary_is_exact(exp in 1_000_000_000_000u64..4_000_000_000_000, before in 1u64..1_000_000) {
        let pw = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";
        let sealed = seal("{}", "1", pw, &exp.to_string()).unwrap();
        let last_good = (exp + 60_000 - 1) as f64;
        prop_assert!(unseal(&sealed, Some(pw), last_good).is_ok());
        prop_assert!(unseal(&sealed, Some(pw), last_good - before as f64).is_ok());
        prop_assert_eq!(unseal(&sealed, Some(pw), last_good + 1.0), Err(SealError::ExpiredSeal));
        prop_assert_eq!(unseal(&sealed, Some(pw), last_good + before as f64), Err(SealError::ExpiredSeal));
    }

    #[test]
    fn arbitrary_input_never_panics(text in any::<String>(), fields in prop::collection::vec("[^*]{0,20}", 0..12), pw in prop::option::of(any::<String>()), now in any::<f64>()) {
        for input in [text.clone(), fields.join("*"), format!("Fe26.2*{}", fields.join("*"))] {
            if let Err(err) = unseal(&input, pw.as_deref(), now) {
                let message = err.to_string();
                match &err {
                    SealError::CannotFindPassword(key) => {
                        let id = input.split('*').nth(1).unwrap_or("");
                        prop_assert_eq!(key.as_str(), if id.is_empty() { "default" } else { id });
                    }
                    other => prop_assert_eq!(message.as_str(), other.message()),
                }
            }
        }
    }

    #[test]
    fn seal_rejects_exactly_what_iron_rejects(json in ".{0,20}", id in ".{0,6}", pw in ".{0,40}") {
        let result = seal(&json, &id, &pw, "");
        let id_ok = id.is_empty() || id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        let expected = if pw.is_empty() {
            Err(SealError::EmptyPassword)
        } else if !id_ok {
            Err(SealError::InvalidPasswordId)
        } else if pw.encode_utf16().count() < 32 {
            Err(SealError::PasswordTooShort)
        } else {
            Ok(())
        };
        prop_assert_eq!(result.map(|_| ()), expected);
    }
}
