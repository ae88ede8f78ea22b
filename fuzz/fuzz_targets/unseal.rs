#![no_main]
//! `cargo fuzz run unseal`: see `iron_session_native_fuzz::targets::unseal_target`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    iron_session_native_fuzz::targets::unseal_target(data);
});
