//! The fuzz targets of `fuzz/` (libFuzzer, `npm run fuzz`) run on stable Rust
//! with a bounded random-mutation driver, so that every `cargo test` (and CI)
//! fuzzes a little: each seed of `fuzz/seeds/<target>/` as it is, then random
//! mutations of the seeds (bit flips, hostile tokens, inserted, deleted,
//! duplicated and spliced ranges, fields swapped between seeds, huge runs)
//! for a time budget.
//!
//! * `FUZZ_SECONDS` (default 2): seconds per target;
//! * `FUZZ_SEED`: the random seed (printed on every run), to replay a run;
//! * `FUZZ_INPUT=fuzz/artifacts/stable/<target>-<hash>`: replay one input.
//!
//! A failing input is written to `fuzz/artifacts/stable/<target>-<hash>`,
//! in the format the libFuzzer targets read, so `cargo fuzz run <target>
//! <file>` replays it too.

#[path = "../fuzz/src/targets.rs"]
mod targets;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const MAX_INPUT: usize = 64 * 1024;

/// SplitMix64: small, fast, and reproducible from one `u64`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// Tokens that matter to the parsers.
const TOKENS: &[&[u8]] = &[
    b"Fe26.2",
    b"Fe26.1",
    b"*",
    b"**",
    b"~",
    b"~2",
    b"=",
    b"==",
    b"\n",
    b"<none>",
    b"\xFF",
    b"\0",
    b"0",
    b"01",
    b"-1",
    b"1e3",
    b"18446744073709551616",
    b"9007199254740993",
    b"__proto__",
    b"constructor",
    b"default",
    b"%",
    b"%E0%A4%A",
    b"\xEF\xBB\xBF",
    b"\xED\xA0\x80",
    b"\xF0\x9F\x98\x80",
    b" ",
    b"+/",
    b"-_",
    b"NaN",
    b"Infinity",
];

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, pool: &[Vec<u8>]) {
    let len = input.len();
    match rng.below(11) {
        // Flip one bit.
        0 if len > 0 => {
            let at = rng.below(len);
            input[at] ^= 1 << rng.below(8);
        }
        // Replace one byte, with a random or a structural one.
        1 if len > 0 => {
            let at = rng.below(len);
            const BYTES: &[u8] = b"*~=\n\0-_AZaz09 %\xFF";
            input[at] = if rng.chance(2) {
                rng.next() as u8
            } else {
                BYTES[rng.below(BYTES.len())]
            };
        }
        // Insert a token.
        2 => {
            let token = TOKENS[rng.below(TOKENS.len())];
            let at = rng.below(len + 1);
            input.splice(at..at, token.iter().copied());
        }
        // Delete a range.
        3 if len > 0 => {
            let at = rng.below(len);
            let n = 1 + rng.below((len - at).min(64));
            input.drain(at..at + n);
        }
        // Duplicate a range.
        4 if len > 0 => {
            let at = rng.below(len);
            let n = 1 + rng.below((len - at).min(128));
            let copy = input[at..at + n].to_vec();
            let to = rng.below(len + 1);
            input.splice(to..to, copy);
        }
        // Splice: keep a head, take another input's tail.
        5 => {
            let other = &pool[rng.below(pool.len())];
            let cut = rng.below(len + 1);
            let from = rng.below(other.len() + 1);
            input.truncate(cut);
            input.extend_from_slice(&other[from..]);
        }
        // Replace one `*`-separated field by the same field of another input.
        6 => {
            let other = &pool[rng.below(pool.len())];
            let field = rng.below(8);
            let span = |v: &[u8]| {
                let stars: Vec<usize> = v
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'*')
                    .map(|(i, _)| i)
                    .collect();
                let start = if field == 0 {
                    Some(0)
                } else {
                    stars.get(field - 1).map(|s| s + 1)
                };
                start.map(|s| {
                    (
                        s,
                        stars.get(field).copied().unwrap_or_else(|| {
                            v[s..]
                                .iter()
                                .position(|b| *b == b'\n')
                                .map_or(v.len(), |p| s + p)
                        }),
                    )
                })
            };
            if let (Some((a0, a1)), Some((b0, b1))) = (span(input), span(other)) {
                let replacement = other[b0..b1].to_vec();
                input.splice(a0..a1, replacement);
            }
        }
        // Truncate.
        7 if len > 0 => input.truncate(rng.below(len)),
        // A long run of one byte (bounded work on giant input).
        8 => {
            const RUNS: &[u8] = b"A9*~=\xFF0";
            let byte = RUNS[rng.below(RUNS.len())];
            let n = 1 << rng.below(15);
            let at = rng.below(len + 1);
            input.splice(at..at, std::iter::repeat_n(byte, n));
        }
        // Rewrite a run of digits as another number.
        9 => {
            if let Some(start) = (0..len)
                .map(|i| (i + rng.below(len.max(1))) % len.max(1))
                .find(|&i| input.get(i).is_some_and(u8::is_ascii_digit))
            {
                let end = input[start..]
                    .iter()
                    .position(|b| !b.is_ascii_digit())
                    .map_or(len, |p| start + p);
                let number = match rng.below(4) {
                    0 => rng.next().to_string(),
                    1 => (rng.next() % 100).to_string(),
                    2 => "9".repeat(1 + rng.below(400)),
                    _ => format!("0{}", rng.next() % 1000),
                };
                input.splice(start..end, number.bytes());
            }
        }
        // Random bytes appended.
        _ => {
            let n = 1 + rng.below(16);
            for _ in 0..n {
                input.push(rng.next() as u8);
            }
        }
    }
    input.truncate(MAX_INPUT);
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("dir entry").path())
        .collect();
    files.sort();
    let seeds: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).expect("seed"))
        .collect();
    assert!(!seeds.is_empty(), "no seeds in {}", dir.display());
    seeds
}

/// Runs `f` on `input`; on a panic, saves the input and fails with its path.
fn check(target: &str, f: fn(&[u8]), input: &[u8]) {
    if catch_unwind(AssertUnwindSafe(|| f(input))).is_err() {
        let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/artifacts/stable");
        let path = dir.join(format!("{target}-{hash:016x}"));
        let saved = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, input));
        panic!(
            "fuzz target {target} failed on an input ({} bytes) saved to {} ({saved:?}); replay with `cargo fuzz run {target} {}`",
            input.len(),
            path.display(),
            path.display()
        );
    }
}

fn budget() -> Duration {
    let seconds = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(2.0);
    Duration::from_secs_f64(seconds.max(0.0))
}

fn seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        })
}

fn fuzz(target: &str) {
    let f = targets::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .expect("known target")
        .1;
    if let Ok(path) = std::env::var("FUZZ_INPUT") {
        // Replay one saved input (for the target whose name the file starts with).
        if Path::new(&path)
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(target))
        {
            check(target, f, &std::fs::read(&path).expect("FUZZ_INPUT"));
        }
        return;
    }
    let corpus = seeds(target);
    for input in &corpus {
        check(target, f, input);
    }
    let seed = seed();
    let mut rng = Rng(seed);
    // Recent inputs are mutated further (no coverage feedback, but depth).
    let mut pool = corpus.clone();
    let budget = budget();
    let start = Instant::now();
    let mut runs = 0u64;
    while start.elapsed() < budget {
        let mut input = if rng.chance(3) {
            pool[rng.below(pool.len())].clone()
        } else {
            corpus[rng.below(corpus.len())].clone()
        };
        for _ in 0..=rng.below(4) {
            mutate(&mut rng, &mut input, &pool);
        }
        check(target, f, &input);
        if pool.len() < corpus.len() + 256 {
            pool.push(input);
        } else {
            let at = corpus.len() + rng.below(256);
            pool[at] = input;
        }
        runs += 1;
    }
    eprintln!(
        "fuzz_stable {target}: {} seeds and {runs} mutated inputs in {:.1} s (FUZZ_SEED={seed})",
        corpus.len(),
        start.elapsed().as_secs_f64()
    );
}

#[test]
fn unseal() {
    fuzz("unseal");
}

#[test]
fn seal_roundtrip() {
    fuzz("seal_roundtrip");
}

/// The driver itself mutates: inputs differ from the seeds and from each other.
#[test]
fn mutator_changes_inputs() {
    let corpus = seeds("unseal");
    let mut rng = Rng(7);
    let mut distinct = std::collections::HashSet::new();
    for _ in 0..200 {
        let mut input = corpus[0].clone();
        mutate(&mut rng, &mut input, &corpus);
        assert!(input.len() <= MAX_INPUT);
        distinct.insert(input);
    }
    assert!(
        distinct.len() > 150,
        "only {} distinct mutations",
        distinct.len()
    );
}
