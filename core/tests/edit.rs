//! The pure scenario edits the page makes, tested natively: a documented cell as a scenario,
//! adding and removing sockets, an explicit timeline, switching platform, the examples.

use sockbind_core::edit::{CELL_SPECIFIC, CELL_WILDCARD, DEFAULT_PORT, USER_A, USER_B};
use sockbind_core::share::from_query;
use sockbind_core::*;

#[track_caller]
fn cell(table: TableId, row: usize, col: usize) -> Scenario {
    Scenario::for_cell(table, CellKey::all()[row], CellKey::all()[col])
}

#[test]
fn a_documented_cell_is_a_two_socket_scenario() {
    let s = cell(TableId::Later2003DifferentUser, 5, 2);
    assert_eq!(s.platform, Platform::Windows7);
    assert_eq!(s.sockets.len(), 2);
    assert_eq!(
        (s.sockets[0].address.as_str(), s.sockets[0].account.as_str()),
        (CELL_SPECIFIC, USER_A)
    );
    assert_eq!(s.sockets[0].options, vec![SockOpt::ExclusiveAddrUse]);
    assert_eq!(
        (s.sockets[1].address.as_str(), s.sockets[1].account.as_str()),
        (CELL_WILDCARD, USER_B)
    );
    assert_eq!(s.sockets[1].options, vec![SockOpt::ReuseAddr]);
    assert!(s.sockets.iter().all(|k| k.port == DEFAULT_PORT));
    assert_eq!(s.steps, None);
    assert_eq!(
        cell(TableId::XpAndEarlier, 0, 0).platform,
        Platform::WindowsXp
    );
    assert_eq!(
        cell(TableId::Later2003SameUser, 0, 0).sockets[1].account,
        USER_A
    );
    assert_eq!(
        cell(TableId::Later2003SameUser, 0, 0).governing_table(),
        TableId::Later2003SameUser
    );
}

#[test]
fn setting_a_cell_keeps_a_platform_that_can_show_it() {
    let mut s = cell(TableId::Later2003SameUser, 0, 0);
    s.platform = Platform::WindowsVista;
    s.sockets[0].port = 80;
    assert_eq!(
        s.set_cell(
            TableId::Later2003SameUser,
            CellKey::all()[1],
            CellKey::all()[3]
        ),
        None
    );
    assert_eq!(s.platform, Platform::WindowsVista);
    assert!(s.sockets.iter().all(|k| k.port == 80));
    // Another era: switched, and said so.
    assert_eq!(
        s.set_cell(TableId::XpAndEarlier, CellKey::all()[0], CellKey::all()[0]),
        Some((Platform::WindowsVista, Platform::WindowsXp))
    );
    // Same era but no SO_EXCLUSIVEADDRUSE on Windows 98.
    s.platform = Platform::Windows98;
    assert_eq!(
        s.set_cell(TableId::XpAndEarlier, CellKey::all()[4], CellKey::all()[0]),
        Some((Platform::Windows98, Platform::WindowsXp))
    );
    s.platform = Platform::Windows98;
    assert_eq!(
        s.set_cell(TableId::XpAndEarlier, CellKey::all()[2], CellKey::all()[0]),
        None
    );
    assert_eq!(s.platform, Platform::Windows98);
}

#[test]
fn sockets_are_added_up_to_a_limit_and_get_a_bind_step_in_an_explicit_timeline() {
    let mut s = cell(TableId::Later2003SameUser, 0, 0);
    assert!(s.add_socket(3));
    assert!(!s.add_socket(3));
    assert_eq!(s.sockets.len(), 3);
    assert_eq!(s.steps, None);
    s.explicit_steps();
    assert_eq!(s.steps.as_ref().unwrap().len(), 3);
    assert!(s.add_socket(4));
    assert_eq!(
        s.steps.as_ref().unwrap().last(),
        Some(&StepSpec::Bind { socket: 3 })
    );
    s.validate().unwrap();
}

#[test]
fn removing_a_socket_drops_its_steps_and_renumbers_the_rest() {
    let mut s = cell(TableId::Later2003SameUser, 0, 0);
    s.add_socket(8);
    s.steps = Some(vec![
        StepSpec::Bind { socket: 0 },
        StepSpec::Bind { socket: 1 },
        StepSpec::Listen { socket: 2 },
        StepSpec::Close {
            socket: 1,
            lingering: true,
        },
        StepSpec::Send {
            to: "10.0.0.1".into(),
            port: None,
            protocol: None,
        },
    ]);
    assert!(s.remove_socket(1));
    assert_eq!(
        s.steps.as_deref().unwrap(),
        &[
            StepSpec::Bind { socket: 0 },
            StepSpec::Listen { socket: 1 },
            StepSpec::Send {
                to: "10.0.0.1".into(),
                port: None,
                protocol: None,
            },
        ]
    );
    assert!(!s.remove_socket(5));
    assert!(s.remove_socket(0));
    assert!(!s.remove_socket(0), "one socket always stays");
    s.validate().unwrap();
}

#[test]
fn platforms_before_vista_switch_dual_stack_off() {
    let mut s = cell(TableId::Later2003SameUser, 0, 0);
    s.sockets[1].address = "::".into();
    s.sockets[1].dual_stack = true;
    assert!(!s.set_platform(Platform::WindowsVista).dual_stack_cleared);
    assert!(s.sockets[1].dual_stack);
    assert!(
        s.set_platform(Platform::WindowsServer2003)
            .dual_stack_cleared
    );
    assert!(!s.sockets[1].dual_stack);
    s.validate().unwrap();
    for &p in Platform::ALL {
        assert_eq!(p.has_dual_stack(), p >= Platform::WindowsVista, "{p}");
    }
}

#[test]
fn protocols_parse_from_their_ids() {
    for p in [Protocol::Tcp, Protocol::Udp] {
        assert_eq!(Protocol::from_id(p.id()), Some(p));
    }
    assert_eq!(Protocol::from_id("sctp"), None);
}

#[test]
fn the_examples_load_whole_and_run() {
    let list = examples();
    let ids: Vec<_> = list.iter().map(|e| e.id).collect();
    assert_eq!(
        ids,
        [
            "dual-stack",
            "hijack",
            "lingering",
            "multicast",
            "go-two-servers",
            "python-two-http-servers"
        ]
    );
    for ex in list {
        let pairs: Vec<(String, String)> = ex
            .query
            .trim_start_matches('?')
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        let d = from_query(&pairs, &cell(TableId::Later2003SameUser, 0, 0));
        assert!(d.notes.is_empty(), "{}: {:?}", ex.id, d.notes);
        let s = ex.scenario();
        assert_eq!(s, d.scenario);
        assert!(s.steps.is_some(), "{}", ex.id);
        s.evaluate().unwrap_or_else(|e| panic!("{}: {e}", ex.id));
    }
    // What each example is for.
    let run = |id: &str| {
        examples()
            .into_iter()
            .find(|e| e.id == id)
            .unwrap()
            .scenario()
            .evaluate()
            .unwrap()
    };
    assert!(run("dual-stack")
        .binds
        .iter()
        .all(|b| b.result.is_success()));
    assert!(run("hijack").binds.iter().all(|b| b.result.is_success()));
    assert_eq!(run("multicast").binds.len(), 3);
    // golang/go#45150 and python/cpython#85307: the second server binds without error.
    for id in ["go-two-servers", "python-two-http-servers"] {
        let v = run(id);
        assert_eq!(v.presets.len(), 2, "{id}");
        assert!(v.presets.iter().all(|p| p.overridden.is_empty()), "{id}");
        assert!(v.binds.iter().all(|b| b.result.is_success()), "{id}");
    }
}
