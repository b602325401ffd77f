//! Helpers shared by the integration tests (each test file that needs them says `mod common;`).

use sockbind_core::known::Class;
use sockbind_core::*;

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
