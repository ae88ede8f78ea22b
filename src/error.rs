//! The one error type of the crate. `Display` gives exactly the messages that
//! iron-webcrypto 2.0.0 (what iron-session 9.0.1 runs) throws, because the JS
//! side classifies errors by their message prefix.

use std::fmt::{self, Write};

/// Every way a seal or an unseal can fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SealError {
    /// The secret is the empty string.
    EmptyPassword,
    /// A non-empty password id that does not match `^[A-Za-z0-9_]+$`.
    InvalidPasswordId,
    /// The secret has fewer than 32 UTF-16 code units.
    PasswordTooShort,
    /// The seal does not split into exactly 8 `*`-separated parts.
    IncorrectComponents,
    /// The first part is not `Fe26.2`.
    WrongMacPrefix,
    /// A non-empty expiration that does not match `^[1-9][0-9]*$`.
    InvalidExpiration,
    /// The expiration is at or before `now - 60 s`.
    ExpiredSeal,
    /// No secret was given for this id (`id`, or `default` for an empty id).
    CannotFindPassword(String),
    /// The HMAC does not verify (including an empty HMAC salt field).
    BadHmac,
    /// IV, ciphertext or padding is malformed after an authentic HMAC.
    DecryptionFailed,
}

impl SealError {
    /// The exact message, as a static string where there is no payload.
    pub fn message(&self) -> &'static str {
        match self {
            SealError::EmptyPassword => "Empty password",
            SealError::InvalidPasswordId => "Invalid password id",
            SealError::PasswordTooShort => "Password string too short (min 32 characters required)",
            SealError::IncorrectComponents => "Incorrect number of sealed components",
            SealError::WrongMacPrefix => "Wrong mac prefix",
            SealError::InvalidExpiration => "Invalid expiration",
            SealError::ExpiredSeal => "Expired seal",
            SealError::CannotFindPassword(_) => "Cannot find password: ",
            SealError::BadHmac => "Bad hmac value",
            SealError::DecryptionFailed => "Decryption failed",
        }
    }
}

impl fmt::Display for SealError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())?;
        if let SealError::CannotFindPassword(key) = self {
            // The id comes from the cookie: control characters are escaped so that it
            // cannot split a log line (lib/messages.cjs escapes the same way).
            for c in key.chars() {
                if c.is_ascii_control() {
                    write!(f, "\\u{:04x}", c as u32)?;
                } else {
                    f.write_char(c)?;
                }
            }
        }
        Ok(())
    }
}

impl std::error::Error for SealError {}

#[cfg(test)]
mod tests {
    use super::SealError;

    #[test]
    fn messages_are_exact() {
        let cases = [
            (SealError::EmptyPassword, "Empty password"),
            (SealError::InvalidPasswordId, "Invalid password id"),
            (
                SealError::PasswordTooShort,
                "Password string too short (min 32 characters required)",
            ),
            (
                SealError::IncorrectComponents,
                "Incorrect number of sealed components",
            ),
            (SealError::WrongMacPrefix, "Wrong mac prefix"),
            (SealError::InvalidExpiration, "Invalid expiration"),
            (SealError::ExpiredSeal, "Expired seal"),
            (
                SealError::CannotFindPassword("default".into()),
                "Cannot find password: default",
            ),
            (
                SealError::CannotFindPassword("7".into()),
                "Cannot find password: 7",
            ),
            (SealError::BadHmac, "Bad hmac value"),
            (SealError::DecryptionFailed, "Decryption failed"),
            (
                SealError::CannotFindPassword("a\r\nb\u{7f}".into()),
                "Cannot find password: a\\u000d\\u000ab\\u007f",
            ),
        ];
        for (err, msg) in cases {
            assert_eq!(err.to_string(), msg);
        }
    }
}
