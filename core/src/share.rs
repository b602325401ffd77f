//! The scenario as URL query parameters: readable, one parameter per field, versioned (`v=1`).
//!
//! ```text
//! ?v=1&platform=windows-7&protocol=tcp&port=5150
//!  &s0.opt=SO_EXCLUSIVEADDRUSE&s0.addr=0.0.0.0&s0.user=user-a
//!  &s1.opt=none&s1.addr=10.0.0.1&s1.user=user-b
//!  &steps=bind~0,listen~0,bind~1,send~tcp~10.0.0.1~5150&step=4&lang=zh-TW&view=presenter
//! ```
//!
//! Socket fields: `sN.opt` (`none` or option names joined by `,`), `sN.addr`, `sN.user`,
//! `sN.admin=0`, `sN.dual=1`, `sN.groups` (joined by `,`), `sN.proto`, `sN.port` (when it
//! differs from `port`). Steps: `op~socket` for setsockopt/bind/listen/expire,
//! `close~N` or `close~N~linger`, `send~tcp|udp~address~port`. View: `step`, `lang`,
//! `view=presenter`, `embed=1`, `sections=answer,pickers,timeline,tables` (see [`Section`]).
//!
//! Decoding never fails: each parameter is read on its own, and one that cannot be used is
//! skipped and reported with a reason id (`bad-platform`, `bad-address`, …), so a malformed or
//! hostile link loads what it can. Old links never break: a file of example URLs per version
//! is tested to keep loading the same scenario.

use crate::platform::Platform;
use crate::scenario::{Scenario, SocketSpec, StepSpec};
use crate::socket::{LocalAddress, Protocol, SockOpt};

/// The version this code writes.
pub const URL_VERSION: u32 = 1;
/// Most sockets a link may carry.
pub const MAX_URL_SOCKETS: usize = 8;
/// Most steps a link may carry.
pub const MAX_URL_STEPS: usize = 40;
/// Longest parameter value read, in bytes (longer ones are ignored).
pub const MAX_VALUE_LEN: usize = 2048;

/// Page settings that travel with the scenario.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewState {
    /// The step shown, 0-based.
    pub step: Option<usize>,
    /// `en` or `zh-TW` (validated by the page).
    pub lang: Option<String>,
    /// `presenter` for the presenter view.
    pub view: Option<String>,
    /// Embed mode (no page chrome).
    pub embed: bool,
    /// The parts shown (`sections=`), in page order, each once; `None` shows them all.
    pub sections: Option<Vec<Section>>,
}

/// A part of the page a writer can choose for the widget with `sections=` (comma-separated
/// ids, any order; the page keeps its own order). Unknown ids are skipped with the reason
/// `unknown-section`; a list with no known id shows every part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// The answer for the step shown (`answer`).
    Answer,
    /// The platform and socket pickers (`pickers`).
    Pickers,
    /// The timeline of calls and the port's binding table at the step shown (`timeline`).
    Timeline,
    /// The article's documented tables (`tables`).
    Tables,
}

impl Section {
    /// Every section, in page order.
    pub const ALL: [Section; 4] = [
        Section::Answer,
        Section::Pickers,
        Section::Timeline,
        Section::Tables,
    ];

    /// The id used in links.
    pub fn id(self) -> &'static str {
        match self {
            Section::Answer => "answer",
            Section::Pickers => "pickers",
            Section::Timeline => "timeline",
            Section::Tables => "tables",
        }
    }

    /// Parses [`Section::id`]; `None` for anything else.
    pub fn from_id(id: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Reads a `sections=` value: the known sections in page order (deduplicated) and whether
    /// any name was not known. Empty names (e.g. a trailing comma) are ignored. Reads at most
    /// [`MAX_VALUE_LEN`] bytes' worth of names, so the cost is bounded.
    pub fn parse_list(value: &str) -> (Vec<Section>, bool) {
        let mut found = vec![];
        let mut unknown = false;
        for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match Section::from_id(name) {
                Some(s) if !found.contains(&s) => found.push(s),
                Some(_) => {}
                None => unknown = true,
            }
        }
        found.sort();
        (found, unknown)
    }
}

/// A decoded link: the scenario, the view, and what was ignored (parameter, reason id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The scenario read (parts that could not be read keep `base`'s values).
    pub scenario: Scenario,
    /// Step, language, view, embed.
    pub view: ViewState,
    /// Skipped parameters and why: `(name, reason id)`.
    pub ignored: Vec<(String, String)>,
}

fn step_code(s: &StepSpec) -> String {
    match s {
        StepSpec::Setsockopt { socket } => format!("setsockopt~{socket}"),
        StepSpec::Bind { socket } => format!("bind~{socket}"),
        StepSpec::Listen { socket } => format!("listen~{socket}"),
        StepSpec::Close { socket, lingering } => {
            format!("close~{socket}{}", if *lingering { "~linger" } else { "" })
        }
        StepSpec::Expire { socket } => format!("expire~{socket}"),
        StepSpec::Send { to, port, protocol } => {
            let mut out = format!(
                "send~{}~{to}",
                protocol.map(|p| p.id()).unwrap_or("default")
            );
            if let Some(p) = port {
                out.push_str(&format!("~{p}"));
            }
            out
        }
    }
}

/// Encodes a scenario and view as query pairs (in a stable, readable order).
pub fn to_query(s: &Scenario, view: &ViewState) -> Vec<(String, String)> {
    let mut q: Vec<(String, String)> = vec![
        ("v".into(), URL_VERSION.to_string()),
        ("platform".into(), s.platform.id().into()),
        ("protocol".into(), s.protocol.id().into()),
    ];
    let port = s.sockets.first().map(|k| k.port).unwrap_or(0);
    q.push(("port".into(), port.to_string()));
    for (i, k) in s.sockets.iter().enumerate() {
        let p = |f: &str| format!("s{i}.{f}");
        let opt = if k.options.is_empty() {
            "none".to_string()
        } else {
            k.options
                .iter()
                .map(|o| o.name())
                .collect::<Vec<_>>()
                .join(",")
        };
        q.push((p("opt"), opt));
        q.push((p("addr"), k.address.clone()));
        q.push((p("user"), k.account.clone()));
        if !k.admin {
            q.push((p("admin"), "0".into()));
        }
        if k.dual_stack {
            q.push((p("dual"), "1".into()));
        }
        if !k.groups.is_empty() {
            q.push((p("groups"), k.groups.join(",")));
        }
        if let Some(pr) = k.protocol {
            q.push((p("proto"), pr.id().into()));
        }
        if k.port != port {
            q.push((p("port"), k.port.to_string()));
        }
    }
    if let Some(steps) = &s.steps {
        q.push((
            "steps".into(),
            steps.iter().map(step_code).collect::<Vec<_>>().join(","),
        ));
    }
    if let Some(step) = view.step {
        q.push(("step".into(), (step + 1).to_string()));
    }
    if let Some(lang) = &view.lang {
        q.push(("lang".into(), lang.clone()));
    }
    if let Some(v) = &view.view {
        q.push(("view".into(), v.clone()));
    }
    if view.embed {
        q.push(("embed".into(), "1".into()));
    }
    if let Some(list) = &view.sections {
        let ids: Vec<&str> = list.iter().map(|s| s.id()).collect();
        q.push(("sections".into(), ids.join(",")));
    }
    q
}

fn parse_step(code: &str, sockets: usize) -> Option<StepSpec> {
    let parts: Vec<&str> = code.split('~').collect();
    let sock = |t: &str| t.parse::<usize>().ok().filter(|k| *k < sockets);
    Some(match parts.as_slice() {
        ["setsockopt", n] => StepSpec::Setsockopt { socket: sock(n)? },
        ["bind", n] => StepSpec::Bind { socket: sock(n)? },
        ["listen", n] => StepSpec::Listen { socket: sock(n)? },
        ["expire", n] => StepSpec::Expire { socket: sock(n)? },
        ["close", n] => StepSpec::Close {
            socket: sock(n)?,
            lingering: false,
        },
        ["close", n, "linger"] => StepSpec::Close {
            socket: sock(n)?,
            lingering: true,
        },
        ["send", proto, to, rest @ ..] if rest.len() <= 1 => {
            let protocol = match *proto {
                "tcp" => Some(Protocol::Tcp),
                "udp" => Some(Protocol::Udp),
                "default" => None,
                _ => return None,
            };
            LocalAddress::parse(to, "to").ok()?;
            let port = match rest {
                [p] => Some(p.parse::<u16>().ok()?),
                _ => None,
            };
            StepSpec::Send {
                to: (*to).to_string(),
                port,
                protocol,
            }
        }
        _ => return None,
    })
}

fn parse_options(v: &str) -> Option<Vec<SockOpt>> {
    if v == "none" || v.is_empty() {
        return Some(vec![]);
    }
    v.split(',')
        .map(|o| match o.trim() {
            "SO_REUSEADDR" | "reuseaddr" => Some(SockOpt::ReuseAddr),
            "SO_EXCLUSIVEADDRUSE" | "exclusiveaddruse" => Some(SockOpt::ExclusiveAddrUse),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()
        .filter(|o| o.len() <= 4)
}

fn parse_protocol(v: &str) -> Option<Protocol> {
    match v {
        "tcp" => Some(Protocol::Tcp),
        "udp" => Some(Protocol::Udp),
        _ => None,
    }
}

/// Decodes query pairs on top of `base` (the page's default scenario). Never fails; see the
/// module docs.
pub fn from_query(pairs: &[(String, String)], base: &Scenario) -> Decoded {
    let mut ignored: Vec<(String, String)> = vec![];
    let ig = std::cell::RefCell::new(&mut ignored);
    let skip = |k: &str, why: &str| ig.borrow_mut().push((k.to_string(), why.to_string()));
    let mut s = base.clone();
    let mut view = ViewState::default();
    let get = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };

    if pairs.is_empty() {
        return Decoded {
            scenario: s,
            view,
            ignored: vec![],
        };
    }
    match get("v") {
        None | Some("1") => {}
        Some(_) => skip("v", "unknown-version"),
    }
    // Which sockets does the link describe?
    let mut count = 0usize;
    for (k, v) in pairs {
        if v.len() > MAX_VALUE_LEN {
            skip(k, "too-long");
            continue;
        }
        if let Some(rest) = k.strip_prefix('s') {
            if let Some((n, _field)) = rest.split_once('.') {
                match n.parse::<usize>() {
                    Ok(i) if i < MAX_URL_SOCKETS => count = count.max(i + 1),
                    _ => skip(k, "too-many-sockets"),
                }
            }
        }
    }
    if let Some(v) = get("platform") {
        match Platform::from_id(v, "platform") {
            Ok(p) => s.platform = p,
            Err(_) => skip("platform", "bad-platform"),
        }
    }
    if let Some(v) = get("protocol") {
        match parse_protocol(v) {
            Some(p) => s.protocol = p,
            None => skip("protocol", "bad-protocol"),
        }
    }
    let mut port = base.sockets.first().map(|k| k.port).unwrap_or(5150);
    if let Some(v) = get("port") {
        match v.parse::<u16>() {
            Ok(p) => port = p,
            Err(_) => skip("port", "bad-port"),
        }
    }
    if count > 0 {
        s.sockets = (0..count)
            .map(|_| SocketSpec::new(vec![], "0.0.0.0", port, "user-a"))
            .collect();
    } else {
        s.sockets.iter_mut().for_each(|k| k.port = port);
    }
    for (i, k) in s.sockets.iter_mut().enumerate().take(count) {
        let name = |f: &str| format!("s{i}.{f}");
        if let Some(v) = get(&name("opt")) {
            match parse_options(v) {
                Some(o) => k.options = o,
                None => skip(&name("opt"), "bad-option"),
            }
        }
        if let Some(v) = get(&name("addr")) {
            match LocalAddress::parse(v, "addr") {
                Ok(_) => k.address = v.trim().to_string(),
                Err(_) => skip(&name("addr"), "bad-address"),
            }
        }
        if let Some(v) = get(&name("user")) {
            let v = v.trim();
            if !v.is_empty() && v.chars().count() <= 64 {
                k.account = v.to_string();
            } else {
                skip(&name("user"), "bad-account");
            }
        }
        match get(&name("admin")) {
            None => {}
            Some("0") => k.admin = false,
            Some("1") => k.admin = true,
            Some(_) => skip(&name("admin"), "bad-flag"),
        }
        match get(&name("dual")) {
            None => {}
            Some("1") => k.dual_stack = true,
            Some("0") => k.dual_stack = false,
            Some(_) => skip(&name("dual"), "bad-flag"),
        }
        if let Some(v) = get(&name("groups")) {
            let groups: Vec<String> = v
                .split(',')
                .map(|g| g.trim().to_string())
                .filter(|g| !g.is_empty())
                .collect();
            if groups.len() <= 8
                && groups.iter().all(|g| {
                    g.parse::<std::net::IpAddr>()
                        .is_ok_and(|a| a.is_multicast())
                })
            {
                k.groups = groups;
            } else {
                skip(&name("groups"), "bad-group");
            }
        }
        if let Some(v) = get(&name("proto")) {
            match parse_protocol(v) {
                Some(p) => k.protocol = Some(p),
                None => skip(&name("proto"), "bad-protocol"),
            }
        }
        if let Some(v) = get(&name("port")) {
            match v.parse::<u16>() {
                Ok(p) => k.port = p,
                Err(_) => skip(&name("port"), "bad-port"),
            }
        }
    }
    if let Some(v) = get("steps") {
        let codes: Vec<&str> = v.split(',').filter(|c| !c.is_empty()).collect();
        if codes.len() > MAX_URL_STEPS {
            skip("steps", "too-many-steps");
        } else {
            match codes
                .iter()
                .map(|c| parse_step(c, s.sockets.len()))
                .collect::<Option<Vec<_>>>()
            {
                Some(steps) => s.steps = Some(steps),
                None => skip("steps", "bad-step"),
            }
        }
    } else if count > 0 {
        s.steps = None;
    }
    // Whatever still makes the scenario invalid is dropped, field by field.
    for _ in 0..(MAX_URL_SOCKETS * 3 + 2) {
        let Err(e) = s.validate() else { break };
        let field = e.field.clone();
        let idx = field
            .strip_prefix("sockets[")
            .and_then(|r| r.split(']').next())
            .and_then(|n| n.parse::<usize>().ok());
        match (idx, field.rsplit('.').next()) {
            (Some(i), Some(f)) if f.starts_with("dual_stack") => {
                s.sockets[i].dual_stack = false;
                skip(&format!("s{i}.dual"), "impossible-combination");
            }
            (Some(i), Some(f)) if f.starts_with("groups") => {
                s.sockets[i].groups.clear();
                skip(&format!("s{i}.groups"), "impossible-combination");
            }
            _ if field.starts_with("steps") => {
                s.steps = None;
                skip("steps", "impossible-combination");
            }
            _ => {
                // Nothing else can be wrong after the checks above; fall back to the base.
                s = base.clone();
                skip("(scenario)", "impossible-combination");
                break;
            }
        }
    }
    let n_steps = s.effective_steps().len();
    if let Some(v) = get("step") {
        match v.parse::<usize>() {
            Ok(i) if i >= 1 && i <= n_steps => view.step = Some(i - 1),
            _ => skip("step", "bad-step-number"),
        }
    }
    if let Some(v) = get("lang") {
        view.lang = Some(v.to_string());
    }
    match get("view") {
        None => {}
        Some("presenter") => view.view = Some("presenter".into()),
        Some("full") => {}
        Some(_) => skip("view", "bad-view"),
    }
    match get("embed") {
        None | Some("0") => {}
        Some("1") => view.embed = true,
        Some(_) => skip("embed", "bad-flag"),
    }
    if let Some(v) = get("sections") {
        let (list, unknown) = if v.len() <= MAX_VALUE_LEN {
            Section::parse_list(v)
        } else {
            (vec![], true)
        };
        if unknown {
            skip("sections", "unknown-section");
        }
        if !list.is_empty() {
            view.sections = Some(list);
        }
    }
    let known = |k: &str| {
        matches!(
            k,
            "v" | "platform"
                | "protocol"
                | "port"
                | "steps"
                | "step"
                | "lang"
                | "view"
                | "embed"
                | "sections"
        ) || k
            .strip_prefix('s')
            .and_then(|r| r.split_once('.'))
            .is_some_and(|(_, f)| {
                matches!(
                    f,
                    "opt" | "addr" | "user" | "admin" | "dual" | "groups" | "proto" | "port"
                )
            })
    };
    for (k, _) in pairs {
        let already = ig.borrow().iter().any(|(n, _)| n == k);
        if !known(k) && !already {
            skip(k, "unknown-parameter");
        }
    }
    let ignored = std::mem::take(ig.into_inner());
    Decoded {
        scenario: s,
        view,
        ignored,
    }
}
