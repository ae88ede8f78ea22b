#![no_main]
//! `cargo fuzz run seal_roundtrip`: see `iron_session_native_fuzz::targets::seal_roundtrip_target`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    iron_session_native_fuzz::targets::seal_roundtrip_target(data);
});
