//! Drills: random two-socket bind questions, the same for the same seed everywhere (page, CLI,
//! tests).
//!
//! Each question puts two sockets on TCP or UDP port 5150 of one platform picked from the
//! learner's list, and asks the second `bind` (step 1 of the default timeline: each socket
//! binds once, in order). A socket's option is none, `SO_REUSEADDR` or (where the platform has
//! it) `SO_EXCLUSIVEADDRUSE`; its address the IPv4 wildcard, `10.0.0.1` or `10.0.0.2`, and on
//! Windows Vista and later sometimes `::` (dual-stack or not); the second socket belongs to the
//! same account or another. Every question validates and is gradeable (tested).
//!
//! The random numbers come from SplitMix64 (a fixed, public algorithm: Steele, Lea and Flood,
//! "Fast splittable pseudorandom number generators", 2014), so a seed means the same drill in
//! every build and on every target.

use crate::lesson::Question;
use crate::platform::Platform;
use crate::scenario::{Scenario, SocketSpec};
use crate::socket::{Protocol, SockOpt};

/// Most questions one drill generates.
pub const MAX_DRILL: usize = 200;
/// The port every drill question uses.
pub const DRILL_PORT: u16 = 5150;

/// SplitMix64: a tiny deterministic generator (see the module docs).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` ≥ 1; 0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// `true` with probability `num`/`den`.
    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    /// One element of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

fn random_socket(rng: &mut Rng, platform: Platform, first: bool, v6: bool) -> SocketSpec {
    let mut opts: Vec<Option<SockOpt>> = vec![None, Some(SockOpt::ReuseAddr)];
    if platform.has_exclusiveaddruse() {
        opts.push(Some(SockOpt::ExclusiveAddrUse));
    }
    let options: Vec<SockOpt> = rng.pick(&opts).into_iter().collect();
    let account = if first || rng.chance(1, 2) {
        "user-a"
    } else {
        "user-b"
    };
    let mut s = SocketSpec::new(options, "0.0.0.0", DRILL_PORT, account);
    if v6 && (first || rng.chance(1, 2)) {
        s.address = "::".into();
        s.dual_stack = rng.chance(2, 3);
    } else {
        s.address = rng
            .pick(&["0.0.0.0", "0.0.0.0", "10.0.0.1", "10.0.0.1", "10.0.0.2"])
            .into();
    }
    s
}

/// One drill question from `rng` on a platform from `platforms` (all platforms when empty).
/// Always valid and gradeable.
pub fn random_question(rng: &mut Rng, platforms: &[Platform]) -> Question {
    let platform = if platforms.is_empty() {
        rng.pick(Platform::ALL)
    } else {
        rng.pick(platforms)
    };
    let protocol = if rng.chance(1, 5) {
        Protocol::Udp
    } else {
        Protocol::Tcp
    };
    let v6 = platform.has_dual_stack() && rng.chance(1, 4);
    let first = random_socket(rng, platform, true, v6);
    let second = random_socket(rng, platform, false, v6);
    let scenario = Scenario {
        platform,
        protocol,
        sockets: vec![first, second],
        steps: None,
    };
    Question::new(scenario, Some(1)).expect("drill questions are valid (tested)")
}

/// A drill: `count` questions (at most [`MAX_DRILL`]) from `seed` over `platforms` (all when
/// empty). Deterministic: the same arguments give the same questions. A scenario already in
/// the drill is drawn again (a few times) so drills rarely repeat a question.
pub fn drill(seed: u64, count: usize, platforms: &[Platform]) -> Vec<Question> {
    let mut rng = Rng::new(seed);
    let mut out: Vec<Question> = vec![];
    for _ in 0..count.min(MAX_DRILL) {
        let mut q = random_question(&mut rng, platforms);
        for _ in 0..8 {
            if !out.iter().any(|p| p.scenario == q.scenario) {
                break;
            }
            q = random_question(&mut rng, platforms);
        }
        out.push(q);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_its_reference_values() {
        // First outputs for seed 0 of the reference implementation.
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn a_seed_gives_the_same_drill() {
        assert_eq!(drill(7, 20, &[]), drill(7, 20, &[]));
        assert_ne!(drill(7, 20, &[]), drill(8, 20, &[]));
        assert_eq!(drill(1, 10_000, &[]).len(), MAX_DRILL);
    }
}
