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
//! differs from `port`), `sN.preset` (a runtime preset id, [`crate::presets`]: read before
//! the other fields, which win over it; an unknown id is named with reason `unknown-preset`). Steps: `op~socket` for setsockopt/bind/listen/expire,
//! `close~N` or `close~N~linger`, `send~tcp|udp~address~port`. View: `step`, `lang`,
//! `view=presenter`, `embed=1`, `sections=answer,drawing,pickers,timeline,tables` (see [`Section`]).
//! Training: `predict=1` (the answer stays hidden until predicted), `lesson=<id or same-origin
//! URL>` and `q=N` (the lesson's question N, from 1).
//!
//! Decoding never fails: each parameter is read on its own, and every parameter is either used
//! or named in a [`LinkNote`] with the value (escaped and shortened), a [`Reason`] and what was
//! used instead ([`Instead`]), so a malformed or hostile link loads what it can and says so.
//! Old links never break: a file of example URLs per version is tested to keep loading the
//! same scenario.
//!
//! Limits: links share scenario JSON's per-socket limits ([`MAX_OPTIONS`], [`MAX_GROUPS`],
//! [`crate::scenario::MAX_ACCOUNT_LEN`]) and hold fewer sockets and steps
//! ([`MAX_URL_SOCKETS`], [`MAX_URL_STEPS`], as the page edits); within them a link and the
//! same scenario as JSON give the same [`Scenario`].

use std::collections::BTreeMap;

use crate::error::escape;
use crate::platform::Platform;
use crate::presets::Preset;
use crate::scenario::{
    account_ok, GroupProblem, Invalid, Scenario, SocketSpec, StepSpec, MAX_GROUPS, MAX_OPTIONS,
};
use crate::socket::{LocalAddress, Protocol, SockOpt};

/// The version this code writes.
pub const URL_VERSION: u32 = 1;
/// Most sockets a link may carry.
pub const MAX_URL_SOCKETS: usize = 8;
/// Most steps a link may carry.
pub const MAX_URL_STEPS: usize = 40;
/// Longest parameter value read, in bytes (longer ones are named and ignored). The longest
/// value a link within the other limits needs is `steps` with 40 IPv6 sends, about 2.4 KB.
pub const MAX_VALUE_LEN: usize = 4096;
/// Most parameters read from one link (the longest link the page writes has 74); the rest are
/// named in one note and ignored.
pub const MAX_URL_PARAMS: usize = 128;
/// Most characters of a parameter name or value a note quotes (escaped; see
/// [`crate::error::escape`]).
pub const MAX_NOTE_CHARS: usize = 40;

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
    /// Predict mode (`predict=1`): the answer stays hidden until the learner predicts it.
    pub predict: bool,
    /// The lesson to open (`lesson=`): a built-in lesson's id or a same-origin URL (the page
    /// checks which; the core keeps the text, at most [`MAX_VALUE_LEN`] bytes).
    pub lesson: Option<String>,
    /// The lesson question to open (`q=`), 0-based (the link counts from 1, at most
    /// [`MAX_LINK_QUESTION`]); read only with `lesson`.
    pub question: Option<usize>,
}

/// The highest question number a link may name with `q=` (1-based).
pub const MAX_LINK_QUESTION: usize = 1000;

/// A part of the page a writer can choose for the widget with `sections=` (comma-separated
/// ids, any order; the page keeps its own order). Unknown ids are skipped with the reason
/// `unknown-section`; a list with no known id shows every part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// The answer for the step shown (`answer`).
    Answer,
    /// The drawing of the port at the step shown (`drawing`).
    Drawing,
    /// The platform and socket pickers (`pickers`).
    Pickers,
    /// The timeline of calls and the port's binding table at the step shown (`timeline`).
    Timeline,
    /// The article's documented tables (`tables`).
    Tables,
}

impl Section {
    /// Every section, in page order.
    pub const ALL: [Section; 5] = [
        Section::Answer,
        Section::Drawing,
        Section::Pickers,
        Section::Timeline,
        Section::Tables,
    ];

    /// The id used in links.
    pub fn id(self) -> &'static str {
        match self {
            Section::Answer => "answer",
            Section::Drawing => "drawing",
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

/// A decoded link: the scenario, the view, and a note for every parameter not used as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The scenario read (parts that could not be read keep `base`'s values or defaults).
    pub scenario: Scenario,
    /// Step, language, view, embed.
    pub view: ViewState,
    /// What was not used as given, in the order found.
    pub notes: Vec<LinkNote>,
}

crate::id_enum! {
    #[id_enum(array, no_display)]
    /// Why a parameter was not used as given. [`Reason::id`] is the page's catalog key suffix
    /// (`url-<id>`); [`Reason::limit`] the limit it names, if any.
    pub enum Reason {
        /// `v` is not a version this code reads.
        UnknownVersion = "unknown-version",
        /// The value is longer than [`MAX_VALUE_LEN`] bytes.
        TooLong = "too-long",
        /// The link has more than [`MAX_URL_PARAMS`] parameters (value: how many more).
        TooManyParams = "too-many-params",
        /// The name is not a parameter of the link form.
        UnknownParameter = "unknown-parameter",
        /// A socket number written other than in plain decimal (`s01.addr`, `s+1.addr`).
        BadSocketNumber = "bad-socket-number",
        /// A socket number of [`MAX_URL_SOCKETS`] or more.
        TooManySockets = "too-many-sockets",
        /// The parameter appears again later; the later one is used.
        Duplicate = "duplicate",
        /// No parameter names these sockets, but a later socket is given.
        MissingSockets = "missing-sockets",
        /// Not a platform id.
        BadPlatform = "bad-platform",
        /// Not `tcp` or `udp`.
        BadProtocol = "bad-protocol",
        /// Not a port number 0–65535.
        BadPort = "bad-port",
        /// Not `none` or option names.
        BadOption = "bad-option",
        /// More than [`MAX_OPTIONS`] options.
        TooManyOptions = "too-many-options",
        /// Not an IP address.
        BadAddress = "bad-address",
        /// Not 1 to `MAX_ACCOUNT_LEN` characters.
        BadAccount = "bad-account",
        /// Not `0` or `1`.
        BadFlag = "bad-flag",
        /// Not a multicast group address.
        BadGroup = "bad-group",
        /// More than [`MAX_GROUPS`] groups.
        TooManyGroups = "too-many-groups",
        /// More than [`MAX_URL_STEPS`] steps.
        TooManySteps = "too-many-steps",
        /// A step code that cannot be read (value: that code).
        BadStep = "bad-step",
        /// A step names a socket the link does not have (value: that code).
        NoSuchSocket = "no-such-socket",
        /// Dual-stack on a socket with an IPv4 address.
        DualStackNeedsIpv6 = "dual-stack-needs-ipv6",
        /// Dual-stack on a platform before Windows Vista.
        DualStackNeedsVista = "dual-stack-needs-vista",
        /// Multicast groups on a TCP socket.
        GroupsNeedUdp = "groups-need-udp",
        /// A group of the other address family than the socket's.
        GroupOtherFamily = "group-other-family",
        /// A TCP send to a multicast group.
        TcpToMulticast = "tcp-to-multicast",
        /// The scenario could not be repaired part by part.
        ImpossibleCombination = "impossible-combination",
        /// `step` is not a step number of the timeline.
        BadStepNumber = "bad-step-number",
        /// `view` is not `presenter` or `full`.
        BadView = "bad-view",
        /// `lang` is not a language the page offers (the page checks; the core keeps the tag).
        BadLang = "bad-lang",
        /// A `sections=` name that is not a part of the widget (see [`Section`]).
        UnknownSection = "unknown-section",
        /// `q` is not a question number 1 to [`MAX_LINK_QUESTION`], or comes without `lesson`.
        BadQuestion = "bad-question",
        /// `q` names a question past the end of the lesson opened (the page notes it when
        /// the lesson arrives, and opens the last question).
        QuestionPastEnd = "question-past-end",
        /// `sN.preset` is not a runtime preset (the page's message names the known ones).
        UnknownPreset = "unknown-preset",
    }
}

impl Reason {
    /// The limit this reason names, if any (e.g. 8 for [`Reason::TooManySockets`]).
    pub fn limit(self) -> Option<usize> {
        use Reason::*;
        Some(match self {
            TooLong => MAX_VALUE_LEN,
            TooManyParams => MAX_URL_PARAMS,
            TooManySockets => MAX_URL_SOCKETS,
            TooManyOptions => MAX_OPTIONS,
            TooManyGroups => MAX_GROUPS,
            TooManySteps => MAX_URL_STEPS,
            BadAccount => crate::scenario::MAX_ACCOUNT_LEN,
            _ => return None,
        })
    }

    /// Why, in `lang`: the catalog message `url-<id>`, with its limit and, for
    /// [`Reason::UnknownPreset`], the known preset ids filled in. Shared by the page's link
    /// notice and the lesson reader's problems.
    pub fn text(self, lang: crate::text::Lang) -> String {
        let limit = self.limit().map(|l| l.to_string()).unwrap_or_default();
        let known = if self == Reason::UnknownPreset {
            Preset::known_ids()
        } else {
            String::new()
        };
        crate::text::message(
            lang,
            &format!("url-{}", self.id()),
            &[("limit", limit), ("known", known)],
        )
    }
}

/// What was used in place of a parameter that was not used as given. [`Instead::id`] is the
/// page's catalog key suffix (`url-used-<id>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Instead {
    /// This value was used (e.g. `windows-7`, `0.0.0.0`, `none`).
    Value(String),
    /// The parameter had no effect.
    Nothing,
    /// The setting was left off (dual-stack, groups).
    Off,
    /// No timeline: each socket binds once, in order.
    BindInOrder,
    /// The last step is shown.
    LastStep,
    /// Read as version 1.
    Version1,
    /// Default sockets were added (`0.0.0.0`, `user-a`, no options).
    DefaultSockets,
    /// The page's starting scenario was used.
    Base,
    /// The later parameter of the same name was used.
    Later,
}

impl Instead {
    /// Every id [`Instead::id`] gives (for catalog checks).
    pub const IDS: [&'static str; 9] = [
        "value",
        "nothing",
        "off",
        "bind-in-order",
        "last-step",
        "version-1",
        "default-sockets",
        "base",
        "later",
    ];

    /// The id, e.g. `value` (the page shows catalog message `url-used-<id>`).
    pub fn id(&self) -> &'static str {
        match self {
            Instead::Value(_) => "value",
            Instead::Nothing => "nothing",
            Instead::Off => "off",
            Instead::BindInOrder => "bind-in-order",
            Instead::LastStep => "last-step",
            Instead::Version1 => "version-1",
            Instead::DefaultSockets => "default-sockets",
            Instead::Base => "base",
            Instead::Later => "later",
        }
    }
}

/// One parameter that was not used as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkNote {
    /// The parameter name (escaped and shortened to [`MAX_NOTE_CHARS`]), e.g. `s0.addr`;
    /// `s0–s6` for missing sockets.
    pub param: String,
    /// The value at fault (escaped and shortened), possibly empty; for `steps`, the step code.
    pub value: String,
    /// Why it was not used.
    pub reason: Reason,
    /// What was used instead.
    pub instead: Instead,
}

impl LinkNote {
    /// A note for `param` holding `value` (both escaped and shortened here).
    pub fn new(param: &str, value: &str, reason: Reason, instead: Instead) -> LinkNote {
        LinkNote {
            param: escape(param, MAX_NOTE_CHARS),
            value: escape(value, MAX_NOTE_CHARS),
            reason,
            instead,
        }
    }
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
        if let Some(r) = k.preset_row() {
            q.push((p("preset"), r.id.into()));
        }
        if !k.admin {
            q.push((p("admin"), "0".into()));
        }
        if k.dual_stack {
            q.push((p("dual"), "1".into()));
        } else if k.preset_row().is_some_and(|r| r.dual_stack) {
            q.push((p("dual"), "0".into()));
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
    if view.predict {
        q.push(("predict".into(), "1".into()));
    }
    if let Some(l) = &view.lesson {
        q.push(("lesson".into(), l.clone()));
        if let Some(i) = view.question {
            q.push(("q".into(), (i + 1).to_string()));
        }
    }
    q
}

/// A parameter name, classified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    V,
    Platform,
    Protocol,
    Port,
    Socket(usize, Field),
    Steps,
    Step,
    Lang,
    View,
    Embed,
    Sections,
    Predict,
    Lesson,
    Question,
}

/// A socket's parameter: `sN.<field>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Opt,
    Addr,
    User,
    Admin,
    Dual,
    Groups,
    Proto,
    Port,
    Preset,
}

fn classify(k: &str) -> Result<Key, Reason> {
    Ok(match k {
        "v" => Key::V,
        "platform" => Key::Platform,
        "protocol" => Key::Protocol,
        "port" => Key::Port,
        "steps" => Key::Steps,
        "step" => Key::Step,
        "lang" => Key::Lang,
        "view" => Key::View,
        "embed" => Key::Embed,
        "sections" => Key::Sections,
        "predict" => Key::Predict,
        "lesson" => Key::Lesson,
        "q" => Key::Question,
        _ => {
            let Some((n, f)) = k.strip_prefix('s').and_then(|r| r.split_once('.')) else {
                return Err(Reason::UnknownParameter);
            };
            let field = match f {
                "opt" => Field::Opt,
                "addr" => Field::Addr,
                "user" => Field::User,
                "admin" => Field::Admin,
                "dual" => Field::Dual,
                "groups" => Field::Groups,
                "proto" => Field::Proto,
                "port" => Field::Port,
                "preset" => Field::Preset,
                _ => return Err(Reason::UnknownParameter),
            };
            if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Reason::UnknownParameter);
            }
            if n.len() > 1 && n.starts_with('0') {
                return Err(Reason::BadSocketNumber);
            }
            match n.parse::<usize>() {
                Ok(i) if i < MAX_URL_SOCKETS => Key::Socket(i, field),
                _ => return Err(Reason::TooManySockets),
            }
        }
    })
}

/// The link being read: the usable parameters by key, and the notes so far.
struct Reader<'a> {
    params: BTreeMap<Key, (&'a str, &'a str)>,
    notes: Vec<LinkNote>,
}

impl<'a> Reader<'a> {
    /// Classifies every parameter; names what cannot be used (too long, unknown, duplicate,
    /// past [`MAX_URL_PARAMS`]).
    fn new(pairs: &'a [(String, String)]) -> Reader<'a> {
        let mut r = Reader {
            params: BTreeMap::new(),
            notes: vec![],
        };
        for (k, v) in pairs.iter().take(MAX_URL_PARAMS) {
            if v.len() > MAX_VALUE_LEN {
                r.note(k, v, Reason::TooLong, Instead::Nothing);
                continue;
            }
            match classify(k) {
                Err(reason) => r.note(k, v, reason, Instead::Nothing),
                Ok(key) => {
                    if let Some((k0, v0)) = r.params.insert(key, (k, v)) {
                        r.note(k0, v0, Reason::Duplicate, Instead::Later);
                    }
                }
            }
        }
        if pairs.len() > MAX_URL_PARAMS {
            let (k, _) = &pairs[MAX_URL_PARAMS];
            let more = (pairs.len() - MAX_URL_PARAMS).to_string();
            r.note(
                &format!("{k}…"),
                &more,
                Reason::TooManyParams,
                Instead::Nothing,
            );
        }
        r
    }

    fn note(&mut self, param: &str, value: &str, reason: Reason, instead: Instead) {
        self.notes
            .push(LinkNote::new(param, value, reason, instead));
    }

    fn get(&self, key: Key) -> Option<&'a str> {
        self.params.get(&key).map(|(_, v)| *v)
    }

    /// Reads `key` with `parse`; on failure notes the value, `reason` and `instead`.
    fn read<T>(
        &mut self,
        key: Key,
        parse: impl FnOnce(&str) -> Result<T, Reason>,
        instead: impl FnOnce() -> Instead,
    ) -> Option<T> {
        let (k, v) = *self.params.get(&key)?;
        match parse(v) {
            Ok(t) => Some(t),
            Err(reason) => {
                self.note(k, v, reason, instead());
                None
            }
        }
    }

    fn version(&mut self) {
        self.read(
            Key::V,
            |v| (v == "1").then_some(()).ok_or(Reason::UnknownVersion),
            || Instead::Version1,
        );
    }

    fn platform(&mut self, s: &mut Scenario) {
        let base = s.platform;
        if let Some(p) = self.read(
            Key::Platform,
            |v| Platform::from_id(v, "platform").map_err(|_| Reason::BadPlatform),
            || Instead::Value(base.id().into()),
        ) {
            s.platform = p;
        }
    }

    fn protocol(&mut self, s: &mut Scenario) {
        let base = s.protocol;
        if let Some(p) = self.read(
            Key::Protocol,
            |v| parse_protocol(v).ok_or(Reason::BadProtocol),
            || Instead::Value(base.id().into()),
        ) {
            s.protocol = p;
        }
    }

    /// The link's port (`port`), else the base's first socket's.
    fn port(&mut self, base: &Scenario) -> u16 {
        let fallback = base.sockets.first().map(|k| k.port).unwrap_or(DEFAULT_PORT);
        self.read(
            Key::Port,
            |v| v.parse::<u16>().map_err(|_| Reason::BadPort),
            || Instead::Value(fallback.to_string()),
        )
        .unwrap_or(fallback)
    }

    /// The sockets the link describes (`s0.…` to `sN.…`); none: the base's, at `port`.
    fn sockets(&mut self, s: &mut Scenario, port: u16) {
        let count = self
            .params
            .keys()
            .filter_map(|k| match k {
                Key::Socket(i, _) => Some(i + 1),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        if count == 0 {
            s.sockets.iter_mut().for_each(|k| k.port = port);
            return;
        }
        s.steps = None;
        s.sockets = (0..count)
            .map(|_| SocketSpec::new(vec![], DEFAULT_ADDRESS, port, DEFAULT_ACCOUNT))
            .collect();
        // Sockets below the highest one that the link does not mention: say they were added.
        let mut given = vec![false; count];
        for k in self.params.keys() {
            if let Key::Socket(j, _) = k {
                given[*j] = true;
            }
        }
        let given = |i: usize| given[i];
        let mut i = 0;
        while i < count {
            if given(i) {
                i += 1;
                continue;
            }
            let from = i;
            while i < count && !given(i) {
                i += 1;
            }
            let param = if i - from == 1 {
                format!("s{from}")
            } else {
                format!("s{from}–s{}", i - 1)
            };
            self.note(&param, "", Reason::MissingSockets, Instead::DefaultSockets);
        }
        let protocol = s.protocol;
        for (i, k) in s.sockets.iter_mut().enumerate() {
            self.socket(i, k, protocol, port);
        }
    }

    /// One socket's fields; each unreadable one keeps its default.
    fn socket(&mut self, i: usize, k: &mut SocketSpec, protocol: Protocol, port: u16) {
        let key = |f| Key::Socket(i, f);
        let value = |v: &str| Instead::Value(v.to_string());
        // The preset first: the fields given below win over it.
        if let Some(p) = self.read(
            key(Field::Preset),
            |v| Preset::parse_id(v).ok_or(Reason::UnknownPreset),
            || Instead::Nothing,
        ) {
            k.apply_preset(p);
        }
        if let Some(o) = self.read(key(Field::Opt), parse_options, || value("none")) {
            k.options = o;
        }
        if let Some(()) = self.read(
            key(Field::Addr),
            |v| {
                LocalAddress::parse(v, "addr")
                    .map(|_| ())
                    .map_err(|_| Reason::BadAddress)
            },
            || value(DEFAULT_ADDRESS),
        ) {
            k.address = self.get(key(Field::Addr)).unwrap_or_default().to_string();
        }
        if let Some(u) = self.read(
            key(Field::User),
            |v| {
                account_ok(v)
                    .then(|| v.to_string())
                    .ok_or(Reason::BadAccount)
            },
            || value(DEFAULT_ACCOUNT),
        ) {
            k.account = u;
        }
        if let Some(b) = self.read(key(Field::Admin), parse_flag, || value("1")) {
            k.admin = b;
        }
        if let Some(b) = self.read(key(Field::Dual), parse_flag, || value("0")) {
            k.dual_stack = b;
        }
        if let Some(g) = self.read(key(Field::Groups), parse_groups, || Instead::Off) {
            k.groups = g;
        }
        if let Some(p) = self.read(
            key(Field::Proto),
            |v| parse_protocol(v).ok_or(Reason::BadProtocol),
            || value(protocol.id()),
        ) {
            k.protocol = Some(p);
        }
        if let Some(p) = self.read(
            key(Field::Port),
            |v| v.parse::<u16>().map_err(|_| Reason::BadPort),
            || value(&port.to_string()),
        ) {
            k.port = p;
        }
    }

    /// `steps`: every code must be readable and name a socket of the link; otherwise no
    /// timeline (each socket binds once) and the first bad code is named.
    fn steps(&mut self, s: &mut Scenario) {
        let Some((k, v)) = self.params.get(&Key::Steps).copied() else {
            return;
        };
        let codes: Vec<&str> = v.split(',').filter(|c| !c.is_empty()).collect();
        if codes.len() > MAX_URL_STEPS {
            self.note(
                k,
                &codes.len().to_string(),
                Reason::TooManySteps,
                Instead::BindInOrder,
            );
            s.steps = None;
            return;
        }
        match codes
            .iter()
            .map(|c| parse_step(c, s.sockets.len()).map_err(|r| (*c, r)))
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(steps) => s.steps = Some(steps),
            Err((code, reason)) => {
                self.note(k, code, reason, Instead::BindInOrder);
                s.steps = None;
            }
        }
    }

    /// Whatever still makes the scenario invalid is turned off part by part (dual-stack,
    /// groups, the timeline), reading [`Scenario::validate`]'s typed reason; anything else
    /// falls back to `base`.
    fn repair(&mut self, s: &mut Scenario, base: &Scenario) {
        // Each round turns one part off; there are at most two per socket, and the timeline.
        for _ in 0..(2 * s.sockets.len() + 2) {
            let Err(e) = s.validate() else { return };
            let (param, value, reason, instead) = match e {
                Invalid::DualStackNeedsIpv6(i) | Invalid::DualStackBeforeVista(i) => {
                    s.sockets[i].dual_stack = false;
                    let reason = if matches!(e, Invalid::DualStackNeedsIpv6(_)) {
                        Reason::DualStackNeedsIpv6
                    } else {
                        Reason::DualStackNeedsVista
                    };
                    (format!("s{i}.dual"), "1".to_string(), reason, Instead::Off)
                }
                Invalid::Groups {
                    socket,
                    why: why @ (GroupProblem::OnTcp | GroupProblem::OtherFamily),
                    ..
                } => {
                    let value = s.sockets[socket].groups.join(",");
                    s.sockets[socket].groups.clear();
                    let reason = if why == GroupProblem::OnTcp {
                        Reason::GroupsNeedUdp
                    } else {
                        Reason::GroupOtherFamily
                    };
                    (format!("s{socket}.groups"), value, reason, Instead::Off)
                }
                Invalid::SendTcpToMulticast(step, _) => {
                    let value = s
                        .steps
                        .as_ref()
                        .and_then(|list| list.get(step))
                        .map(step_code)
                        .unwrap_or_default();
                    s.steps = None;
                    (
                        "steps".to_string(),
                        value,
                        Reason::TcpToMulticast,
                        Instead::BindInOrder,
                    )
                }
                _ if e.in_steps() => {
                    s.steps = None;
                    (
                        "steps".to_string(),
                        String::new(),
                        Reason::ImpossibleCombination,
                        Instead::BindInOrder,
                    )
                }
                _ => break,
            };
            self.note(&param, &value, reason, instead);
        }
        if s.validate().is_err() {
            *s = base.clone();
            self.note(
                "(scenario)",
                "",
                Reason::ImpossibleCombination,
                Instead::Base,
            );
        }
    }

    fn view(&mut self, s: &Scenario) -> ViewState {
        let n_steps = s.effective_steps().len();
        let step = self.read(
            Key::Step,
            |v| match v.parse::<usize>() {
                Ok(i) if i >= 1 && i <= n_steps => Ok(i - 1),
                _ => Err(Reason::BadStepNumber),
            },
            || Instead::LastStep,
        );
        let lang = self.get(Key::Lang).map(str::to_string);
        let view = self
            .read(
                Key::View,
                |v| match v {
                    "presenter" => Ok(Some("presenter".to_string())),
                    "full" => Ok(None),
                    _ => Err(Reason::BadView),
                },
                || Instead::Value("full".into()),
            )
            .flatten();
        let embed = self
            .read(Key::Embed, parse_flag, || Instead::Value("0".into()))
            .unwrap_or(false);
        let sections = self.params.get(&Key::Sections).copied().and_then(|(k, v)| {
            let (list, unknown) = Section::parse_list(v);
            if unknown {
                let used = if list.is_empty() {
                    "all".to_string()
                } else {
                    list.iter().map(|s| s.id()).collect::<Vec<_>>().join(",")
                };
                self.note(k, v, Reason::UnknownSection, Instead::Value(used));
            }
            (!list.is_empty()).then_some(list)
        });
        let predict = self
            .read(Key::Predict, parse_flag, || Instead::Value("0".into()))
            .unwrap_or(false);
        let lesson = self.get(Key::Lesson).map(str::to_string);
        let has_lesson = lesson.is_some();
        let question = self.read(
            Key::Question,
            |v| match v.parse::<usize>() {
                Ok(i) if has_lesson && (1..=MAX_LINK_QUESTION).contains(&i) => Ok(i - 1),
                _ => Err(Reason::BadQuestion),
            },
            || Instead::Value("1".into()),
        );
        ViewState {
            step,
            lang,
            view,
            embed,
            sections,
            predict,
            lesson,
            question,
        }
    }
}

/// The address a socket the link does not give one for gets.
const DEFAULT_ADDRESS: &str = "0.0.0.0";
/// The account a socket the link does not give one for gets.
const DEFAULT_ACCOUNT: &str = "user-a";
/// The port when neither the link nor the base scenario gives one.
const DEFAULT_PORT: u16 = 5150;

fn parse_step(code: &str, sockets: usize) -> Result<StepSpec, Reason> {
    let parts: Vec<&str> = code.splitn(5, '~').collect();
    let sock = |t: &str| -> Result<usize, Reason> {
        let canonical = !t.is_empty()
            && t.bytes().all(|b| b.is_ascii_digit())
            && (t == "0" || !t.starts_with('0'));
        if !canonical {
            return Err(Reason::BadStep);
        }
        t.parse::<usize>()
            .ok()
            .filter(|k| *k < sockets)
            .ok_or(Reason::NoSuchSocket)
    };
    Ok(match parts.as_slice() {
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
                "default" => None,
                p => Some(parse_protocol(p).ok_or(Reason::BadStep)?),
            };
            LocalAddress::parse(to, "to").map_err(|_| Reason::BadStep)?;
            let port = match rest {
                [p] => Some(p.parse::<u16>().map_err(|_| Reason::BadStep)?),
                _ => None,
            };
            StepSpec::Send {
                to: (*to).to_string(),
                port,
                protocol,
            }
        }
        _ => return Err(Reason::BadStep),
    })
}

fn parse_options(v: &str) -> Result<Vec<SockOpt>, Reason> {
    if v == "none" || v.is_empty() {
        return Ok(vec![]);
    }
    let names: Vec<&str> = v.split(',').collect();
    if names.len() > MAX_OPTIONS {
        return Err(Reason::TooManyOptions);
    }
    names
        .iter()
        .map(|o| match o.trim() {
            "SO_REUSEADDR" | "reuseaddr" => Ok(SockOpt::ReuseAddr),
            "SO_EXCLUSIVEADDRUSE" | "exclusiveaddruse" => Ok(SockOpt::ExclusiveAddrUse),
            _ => Err(Reason::BadOption),
        })
        .collect()
}

fn parse_groups(v: &str) -> Result<Vec<String>, Reason> {
    let groups: Vec<String> = v
        .split(',')
        .filter(|g| !g.trim().is_empty())
        .map(str::to_string)
        .collect();
    if groups.len() > MAX_GROUPS {
        return Err(Reason::TooManyGroups);
    }
    let multicast = |g: &String| LocalAddress::parse(g, "group").is_ok_and(|a| a.0.is_multicast());
    if !groups.iter().all(multicast) {
        return Err(Reason::BadGroup);
    }
    Ok(groups)
}

fn parse_flag(v: &str) -> Result<bool, Reason> {
    match v {
        "0" => Ok(false),
        "1" => Ok(true),
        _ => Err(Reason::BadFlag),
    }
}

fn parse_protocol(v: &str) -> Option<Protocol> {
    match v {
        "tcp" => Some(Protocol::Tcp),
        "udp" => Some(Protocol::Udp),
        _ => None,
    }
}

/// Decodes query pairs on top of `base` (the page's default scenario). Never fails; see the
/// module docs. Cost: linear in the number of pairs read (at most [`MAX_URL_PARAMS`], each
/// value at most [`MAX_VALUE_LEN`] bytes).
pub fn from_query(pairs: &[(String, String)], base: &Scenario) -> Decoded {
    let mut s = base.clone();
    let mut r = Reader::new(pairs);
    r.version();
    r.platform(&mut s);
    r.protocol(&mut s);
    let port = r.port(base);
    r.sockets(&mut s, port);
    r.steps(&mut s);
    r.repair(&mut s, base);
    let view = r.view(&s);
    Decoded {
        scenario: s,
        view,
        notes: r.notes,
    }
}
