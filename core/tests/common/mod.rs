//! Helpers shared by the integration tests (each test file that needs them says `mod common;`).
#![allow(dead_code)]

pub mod lesson_check;

use sockbind_core::known::Class;
use sockbind_core::*;
use std::collections::BTreeSet;

/// A TCP binding on port 5150 of socket `socket` for `account`, at a representative address
/// of class `c` (`0.0.0.0`, `127.0.0.1`, `::`, `::1`, or their dual-stack forms).
pub fn binding(socket: usize, c: Class, option: OptionState, account: &str) -> Binding {
    let (addr, dual) = match c {
        Class::V4Wild => ("0.0.0.0", false),
        Class::V4Spec => ("127.0.0.1", false),
        Class::V6Wild => ("::", false),
        Class::V6Spec => ("::1", false),
        Class::DualWild => ("::", true),
        Class::DualV6Spec => ("::1", true),
        Class::DualMappedWild => ("::ffff:0.0.0.0", true),
        Class::DualMappedSpec => ("::ffff:127.0.0.1", true),
    };
    Binding {
        dual_stack: dual,
        ..Binding::new(
            socket,
            option,
            LocalAddress::parse(addr, "a").unwrap(),
            5150,
            Protocol::Tcp,
            account,
        )
    }
}

/// The lower-case words of `t` (letters, digits and `_`), for the article-copy check.
pub fn words(t: &str) -> Vec<String> {
    t.split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// FNV-1a, 64 bits: stable across Rust versions (unlike `DefaultHasher`).
pub fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Hashes of every run of six words of the article, kept in the repository so the check runs
/// in a fresh clone without copying the article's text (`core/data/article-6grams.txt`).
pub fn article_runs() -> BTreeSet<u64> {
    include_str!("../../data/article-6grams.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| u64::from_str_radix(l, 16).expect("hex hash"))
        .collect()
}

/// The first run of six words of `text` that is also in the article (`runs`), if any.
pub fn article_run_in(runs: &BTreeSet<u64>, text: &str) -> Option<String> {
    words(text)
        .windows(6)
        .map(|w| w.join(" "))
        .find(|run| runs.contains(&fnv(run)))
}
