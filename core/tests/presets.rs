//! Runtime presets: each one gives the options, address and dual-stack setting its runtime's
//! source shows; the public reports about these runtimes, entered with presets alone, give
//! the reported outcome; precedence (explicit fields win and are reported); the link and
//! JSON forms carry the preset; an unknown preset is named with the known ones.

use sockbind_core::presets::{of_runtime, Runtime};
use sockbind_core::scenario::{parse_scenario, Invalid};
use sockbind_core::share::{from_query, to_query, Reason, ViewState};
use sockbind_core::*;

use SockOpt::{ExclusiveAddrUse as X, ReuseAddr as R};

/// What each runtime's source shows, written out independently of the table: (preset,
/// protocol, options, address, dual-stack). The comment names the line of source read.
const EXPECTED: &[(&str, Protocol, &[SockOpt], &str, bool)] = &[
    // lib/net.js createServerHandle: bind6('::'); libuv tcp.c: no option, V6ONLY off.
    ("node-listen", Protocol::Tcp, &[], "::", true),
    // lib/dgram.js: reuseAddr -> UV_UDP_REUSEADDR; libuv udp.c: SO_REUSEADDR.
    (
        "node-dgram-reuseaddr",
        Protocol::Udp,
        &[R],
        "0.0.0.0",
        false,
    ),
    // sockopt_windows.go setDefaultListenerSockopts: return nil; favoriteAddrFamily: AF_INET6, false.
    ("go-listen", Protocol::Tcp, &[], "::", true),
    // favoriteAddrFamily: '4' -> AF_INET.
    ("go-listen-tcp4", Protocol::Tcp, &[], "0.0.0.0", false),
    // setDefaultMulticastSockopts: SO_REUSEADDR.
    (
        "go-listen-multicast-udp",
        Protocol::Udp,
        &[R],
        "0.0.0.0",
        false,
    ),
    // Socket(AddressFamily, ...) does not touch DualMode: Windows keeps IPV6_V6ONLY on.
    (
        "dotnet-tcplistener-ipv6any",
        Protocol::Tcp,
        &[],
        "::",
        false,
    ),
    // TcpListener.Create: IPv6Any, DualMode = true.
    ("dotnet-tcplistener-create", Protocol::Tcp, &[], "::", true),
    // ExclusiveAddressUse = true -> Socket.ExclusiveAddressUse.
    ("dotnet-exclusive", Protocol::Tcp, &[X], "0.0.0.0", false),
    // HTTPServer.allow_reuse_address = 1; DualStackServer: IPV6_V6ONLY 0.
    ("python-http-server", Protocol::Tcp, &[R], "::", true),
    // reuse_address defaults to os.name == 'posix'.
    (
        "python-asyncio-create-server",
        Protocol::Tcp,
        &[],
        "0.0.0.0",
        false,
    ),
    // reuse_address=True -> SO_REUSEADDR (before bpo-37228).
    (
        "python-asyncio-datagram-reuse-address",
        Protocol::Udp,
        &[R],
        "0.0.0.0",
        false,
    ),
    // Net.java EXCLUSIVE_BIND with isExclusiveBindAvailable() == 1 on Windows; IPv6 socket, V6ONLY 0.
    ("java-serversocket", Protocol::Tcp, &[X], "::", true),
    // Before 7u25: setReuseAddress(true) was a real SO_REUSEADDR.
    (
        "java-serversocket-reuse-legacy",
        Protocol::Tcp,
        &[R],
        "0.0.0.0",
        false,
    ),
    (
        "java-serversocket-legacy",
        Protocol::Tcp,
        &[],
        "0.0.0.0",
        false,
    ),
    // TcpListener::bind: SO_REUSEADDR only #[cfg(not(windows))].
    ("rust-std-tcplistener", Protocol::Tcp, &[], "0.0.0.0", false),
    // ngx_open_listening_sockets: SO_REUSEADDR, no NGX_WIN32 guard.
    ("nginx-windows", Protocol::Tcp, &[R], "0.0.0.0", false),
];

fn json_socket(preset: &str, extra: &str) -> String {
    format!(r#"{{"preset":"{preset}","port":8080{extra}}}"#)
}

fn scenario_json(sockets: &[String]) -> String {
    format!(
        r#"{{"platform":"windows-7","sockets":[{}]}}"#,
        sockets.join(",")
    )
}

#[test]
fn every_preset_gives_what_its_source_shows_in_json_and_link_form() {
    assert_eq!(EXPECTED.len(), PRESETS.len());
    for &(id, protocol, options, address, dual) in EXPECTED {
        let row = Preset::parse_id(id).unwrap_or_else(|| panic!("{id}")).row();
        assert!(
            !row.sources.is_empty() && !row.versions.read_at.is_empty(),
            "{id}"
        );
        // JSON: the preset alone.
        let s = parse_scenario(&scenario_json(&[json_socket(id, "")])).unwrap();
        let configs = s.validate().unwrap();
        let c = &configs[0];
        assert_eq!(c.protocol, protocol, "{id}");
        assert_eq!(c.options, options, "{id}");
        assert_eq!(c.address.to_string(), address, "{id}");
        assert_eq!(c.dual_stack, dual, "{id}");
        assert!(s.sockets[0].overridden(Protocol::Tcp).is_empty(), "{id}");
        // Link: the preset alone gives the same socket.
        let pairs = vec![
            ("v".to_string(), "1".to_string()),
            ("port".into(), "8080".into()),
            ("s0.preset".into(), id.into()),
        ];
        let d = from_query(&pairs, &s);
        assert!(d.notes.is_empty(), "{id}: {:?}", d.notes);
        assert_eq!(d.scenario.sockets[0], s.sockets[0], "{id}");
    }
}

#[test]
fn presets_are_grouped_by_runtime_and_cite_the_runtime_repository() {
    let repo = |r: Runtime| match r {
        Runtime::Node => ["nodejs/node", "libuv/libuv"].as_slice(),
        Runtime::Go => &["golang/go"],
        Runtime::Dotnet => &["dotnet/runtime"],
        Runtime::Python => &["python/cpython"],
        Runtime::Java => &["openjdk/jdk"],
        Runtime::Rust => &["rust-lang/rust"],
        Runtime::Nginx => &["nginx/nginx"],
    };
    let mut n = 0;
    for &r in Runtime::ALL {
        for row in of_runtime(r) {
            n += 1;
            assert!(
                row.sources.iter().all(|s| repo(r).contains(&s.repo)),
                "{}",
                row.id
            );
            for lang in text::Lang::ALL {
                let e = text::message(lang, &row.explanation_key(), &[]);
                assert!(!e.is_empty() && !e.contains("runtime-"), "{}", row.id);
                assert!(!row.versions.range_in(lang).is_empty());
                assert!(row.versions.checked_in(lang).contains(row.versions.read_at));
            }
        }
    }
    assert_eq!(n, PRESETS.len());
}

/// Runs two sockets (bind and listen each) on Windows 7 and returns the second bind.
fn second_bind(first: &str, second: &str) -> BindVerdict {
    let s = parse_scenario(&scenario_json(&[
        json_socket(first, ""),
        json_socket(second, ""),
    ]))
    .unwrap();
    let v = s.evaluate().unwrap();
    assert_eq!(v.presets.len(), 2);
    v.binds[1].clone()
}

#[test]
fn golang_go_45150_a_tcp4_listener_and_a_default_go_listener_share_a_port() {
    // The report: net.Listen("tcp4", ":port") and net.Listen("tcp", ":port") both bind.
    let v = second_bind("go-listen-tcp4", "go-listen");
    assert!(v.result.is_success(), "{v:?}");
    assert_eq!(v.evidence, Evidence::Reports);
    assert!(v.sources.contains(&evidence::GO_45150));
}

#[test]
fn python_cpython_85307_a_second_http_server_binds_the_same_port() {
    // The report: two `python -m http.server` on one Windows port; the second starts too.
    let v = second_bind("python-http-server", "python-http-server");
    assert!(v.result.is_success(), "{v:?}");
    assert_eq!(v.rule, rules::Rule::BothReuseShare);
}

#[test]
fn a_java_server_moving_to_exclusive_binds_no_longer_shares_its_port() {
    // Terracotta-OSS/terracotta-core#529: before 7u25 a second bind with setReuseAddress(true)
    // did not fail on Windows; from 7u25 on (exclusive binds, SO_REUSEADDR only emulated) it does.
    let before = second_bind(
        "java-serversocket-reuse-legacy",
        "java-serversocket-reuse-legacy",
    );
    assert!(before.result.is_success(), "{before:?}");
    let after = second_bind("java-serversocket", "java-serversocket");
    assert!(!after.result.is_success(), "{after:?}");
    // And an IPv4 program that binds the port after the new Java server is refused: the
    // exclusive dual-stack socket holds the IPv4 side (tested on Windows).
    let v4 = second_bind("java-serversocket", "go-listen-tcp4");
    assert_eq!(v4.result, BindResult::Access, "{v4:?}");
    assert_eq!(v4.evidence, Evidence::TestedOnWindows);
    // Before the move, a plain Java server on 0.0.0.0 and a plain IPv4 server on the same
    // port: the second finds the address in use.
    let legacy = second_bind("java-serversocket-legacy", "rust-std-tcplistener");
    assert_eq!(legacy.result, BindResult::AddrInUse, "{legacy:?}");
}

#[test]
fn explicit_fields_win_over_the_preset_and_the_verdict_names_them() {
    let s = parse_scenario(&scenario_json(&[
        json_socket("go-listen", r#","options":["SO_EXCLUSIVEADDRUSE"]"#),
        json_socket("nginx-windows", r#","address":"10.0.0.1","protocol":"tcp""#),
    ]))
    .unwrap();
    let c = s.validate().unwrap();
    assert_eq!(c[0].options, [X]);
    assert_eq!(c[0].address.to_string(), "::");
    assert!(c[0].dual_stack);
    assert_eq!(c[1].options, [R]);
    assert_eq!(c[1].address.to_string(), "10.0.0.1");
    let v = s.evaluate().unwrap();
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["version"], 2);
    assert_eq!(json["presets"][0]["preset"], "go-listen");
    assert_eq!(
        json["presets"][0]["overridden"],
        serde_json::json!(["options"])
    );
    assert_eq!(
        json["presets"][1]["overridden"],
        serde_json::json!(["address"])
    );
    assert!(json["presets"][0]["sources"][0]
        .as_str()
        .unwrap()
        .starts_with("golang/go src/net/sockopt_windows.go"));
    // A scenario without presets prints no `presets` field (the shape is unchanged).
    let plain =
        decide_json(r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1}]}"#)
            .unwrap();
    assert!(serde_json::to_value(&plain)
        .unwrap()
        .get("presets")
        .is_none());
}

#[test]
fn an_unknown_preset_is_an_error_naming_the_known_ones() {
    let s = parse_scenario(&scenario_json(&[json_socket("go-listn", "")])).unwrap();
    let e = s.validate().unwrap_err();
    assert_eq!(e, Invalid::UnknownPreset(0, "go-listn".into()));
    let line = e.error().to_string();
    assert!(line.contains("sockets[0].preset"), "{line}");
    assert!(line.contains("go-listn"), "{line}");
    for id in Preset::IDS {
        assert!(line.contains(id), "{line}");
    }
    // Without a preset the address stays required.
    let e = parse_scenario(r#"{"platform":"windows-7","sockets":[{"port":1}]}"#).unwrap_err();
    assert!(e.to_string().contains("address"), "{e}");
    // The link form names it and loads the rest.
    let pairs = vec![
        ("v".to_string(), "1".to_string()),
        ("s0.preset".into(), "go-listn".into()),
        ("s0.addr".into(), "10.0.0.1".into()),
    ];
    let base = parse_scenario(&scenario_json(&[json_socket("go-listen", "")])).unwrap();
    let d = from_query(&pairs, &base);
    assert_eq!(d.notes.len(), 1);
    assert_eq!(d.notes[0].reason, Reason::UnknownPreset);
    assert_eq!(d.scenario.sockets[0].preset, None);
    assert_eq!(d.scenario.sockets[0].address, "10.0.0.1");
}

#[test]
fn link_and_json_round_trip_a_preset_with_overrides() {
    let mut s = parse_scenario(&scenario_json(&[
        json_socket("python-http-server", ""),
        json_socket("java-serversocket", r#","dual_stack":false"#),
        json_socket("node-dgram-reuseaddr", r#","groups":["239.1.2.3"]"#),
    ]))
    .unwrap();
    s.steps = Some(vec![
        StepSpec::Bind { socket: 0 },
        StepSpec::Bind { socket: 1 },
        StepSpec::Bind { socket: 2 },
    ]);
    assert_eq!(
        s.sockets[1].overridden(s.protocol),
        [PresetField::DualStack]
    );
    // JSON.
    let text = serde_json::to_string(&s).unwrap();
    assert!(text.contains(r#""preset":"java-serversocket""#), "{text}");
    assert_eq!(parse_scenario(&text).unwrap(), s);
    // Link.
    let q = to_query(&s, &ViewState::default());
    assert!(q.contains(&("s1.preset".into(), "java-serversocket".into())));
    assert!(q.contains(&("s1.dual".into(), "0".into())));
    let d = from_query(
        &q,
        &Scenario::for_cell(TableId::XpAndEarlier, CellKey::all()[0], CellKey::all()[0]),
    );
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    assert_eq!(d.scenario, s);
}

#[test]
fn picking_a_preset_sets_its_fields_and_a_differing_edit_drops_it() {
    let mut k = SocketSpec::new(vec![R, X], "10.0.0.1", 80, "user-a");
    k.apply_preset(Preset::GoListen);
    assert_eq!(k.options, []);
    assert_eq!(k.address, "::");
    assert!(k.dual_stack);
    assert_eq!(k.preset.as_deref(), Some("go-listen"));
    // An edit to the value the preset already has keeps it.
    k.address = "::".into();
    assert!(!k.drop_overridden_preset(Protocol::Tcp));
    k.options = vec![X];
    assert!(k.drop_overridden_preset(Protocol::Tcp));
    assert_eq!(k.preset, None);
}

#[test]
fn the_option_choice_is_one_core_type_over_the_option_states() {
    for c in OptionChoice::ALL {
        assert_eq!(OptionChoice::from_value(c.value()), Some(c));
        assert_eq!(OptionChoice::from_options(&c.options()), c);
        assert!(text::parts(text::Lang::En, c.label_key()).is_some());
    }
    for o in OptionState::ALL {
        assert_eq!(OptionChoice::State(o).value(), o.key());
    }
    assert_eq!(OptionChoice::from_options(&[X, R]), OptionChoice::Both);
}
