//! Property tests: a seal whose HMAC digest (the last field) is shortened,
//! lengthened or emptied never opens. The digest is compared as its exact
//! 43-character base64url text, so any other length is `Bad hmac value`,
//! whatever the characters, the JSON, the password or the password id.

use iron_session_native::SealError;
use iron_session_native::seal::seal;
use iron_session_native::unseal::unseal;
use proptest::prelude::*;
use proptest::test_runner::Config;

const NOW: f64 = 1_700_000_000_000.0;
const DIGEST_LEN: usize = 43;

/// A fresh seal and its password, split before the digest.
fn sealed() -> impl Strategy<Value = (String, String, String)> {
    (
        ".{0,64}",
        "[ -~]{32,80}",
        prop_oneof![Just(String::new()), "[A-Za-z0-9_]{1,8}"],
    )
        .prop_map(|(json, password, id)| {
            let s = seal(&json, &id, &password, "").expect("valid inputs seal");
            let (head, digest) = s.rsplit_once('*').expect("eight fields");
            (format!("{head}*"), digest.to_owned(), password)
        })
}

/// Characters a changed digest may carry: base64url, padding, the standard
/// alphabet, whitespace and `~` (a `*` would change the field count).
fn extra() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_=+/ \t\n~-]{1,50}"
}

fn rejected(seal: &str, password: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(unseal(seal, Some(password), NOW), Err(SealError::BadHmac));
    Ok(())
}

proptest! {
    #![proptest_config(Config::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(128)
    ))]

    #[test]
    fn the_untouched_seal_opens((head, digest, password) in sealed()) {
        prop_assert_eq!(digest.len(), DIGEST_LEN);
        let whole = format!("{head}{digest}");
        prop_assert!(unseal(&whole, Some(&password), NOW).is_ok());
    }

    #[test]
    fn every_prefix_is_rejected((head, digest, password) in sealed()) {
        for k in 0..DIGEST_LEN {
            rejected(&format!("{head}{}", &digest[..k]), &password)?;
        }
    }

    #[test]
    fn every_suffix_is_rejected((head, digest, password) in sealed()) {
        for k in 1..=DIGEST_LEN {
            rejected(&format!("{head}{}", &digest[k..]), &password)?;
        }
    }

    #[test]
    fn any_appended_text_is_rejected((head, digest, password) in sealed(), extra in extra()) {
        rejected(&format!("{head}{digest}{extra}"), &password)?;
        rejected(&format!("{head}{extra}{digest}"), &password)?;
    }

    #[test]
    fn any_inserted_text_is_rejected(
        (head, digest, password) in sealed(),
        extra in extra(),
        at in 0..=DIGEST_LEN,
    ) {
        rejected(&format!("{head}{}{extra}{}", &digest[..at], &digest[at..]), &password)?;
    }

    #[test]
    fn any_other_length_is_rejected(
        (head, _digest, password) in sealed(),
        other in "[A-Za-z0-9_-]{0,42}|[A-Za-z0-9_-]{44,90}",
    ) {
        rejected(&format!("{head}{other}"), &password)?;
    }
}
