#![no_main]
//! `cargo fuzz run kdf`: see `iron_session_native_fuzz::targets::kdf_target`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    iron_session_native_fuzz::targets::kdf_target(data);
});
