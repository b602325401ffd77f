//! The page's state: the scenario the pickers edit, its timeline, and the step being shown.

use leptos::prelude::*;

use crate::i18n::{message, Lang};
use sockbind_core::share::{Instead, LinkNote, Reason};
use sockbind_core::{
    AddressKind, CellKey, InputError, OptionState, Platform, Scenario, SockOpt, SocketSpec,
    TableId, TimelineEntry,
};

pub use sockbind_core::edit::{DEFAULT_PORT, USER_A, USER_B};
/// Most sockets the page edits: as many as a link holds (the core accepts more through JSON).
pub const MAX_UI_SOCKETS: usize = sockbind_core::share::MAX_URL_SOCKETS;
/// Most steps the page edits: as many as a link holds.
pub const MAX_UI_STEPS: usize = sockbind_core::share::MAX_URL_STEPS;

/// The option picker's choices: the core's one type (the three option states and both).
pub use sockbind_core::OptionChoice;

/// Preset addresses offered by the address picker: value and the catalog key of its note.
pub const ADDRESS_PRESETS: [(&str, &str); 7] = [
    ("0.0.0.0", "preset-v4-wildcard"),
    ("127.0.0.1", "preset-loopback"),
    ("10.0.0.1", "preset-interface-1"),
    ("10.99.99.99", "preset-interface-2"),
    ("::", "preset-v6-wildcard"),
    ("::1", "preset-v6-loopback"),
    ("::ffff:127.0.0.1", "preset-v4-mapped"),
];

/// A socket spec as the page creates it.
pub fn socket(options: Vec<SockOpt>, address: &str, account: &str) -> SocketSpec {
    SocketSpec::new(options, address, DEFAULT_PORT, account)
}

/// The scenario the page starts with (the core's [`Scenario::start`], also the base of links).
pub fn initial_scenario() -> Scenario {
    Scenario::start()
}

/// Shared, reactive page state (provided through context).
#[derive(Clone, Copy)]
pub struct AppState {
    /// The scenario being explained.
    pub scenario: RwSignal<Scenario>,
    /// Its timeline: each step's outcome and port table (or why it cannot be run).
    pub timeline: Memo<Result<Vec<TimelineEntry>, InputError>>,
    /// The entry of the step shown (`None` if the scenario does not run or has no steps).
    /// A memo, so views that show it re-render only when it changes, not on every edit.
    pub entry: Memo<Option<TimelineEntry>>,
    /// The scenario's platform, as a memo: views that only show the platform are left alone
    /// by other edits.
    pub platform: Memo<Platform>,
    /// How many steps the timeline has (a memo of [`Scenario::effective_steps`]' length).
    pub steps: Memo<usize>,
    /// The step shown (0-based; clamped to the timeline).
    pub current: RwSignal<usize>,
    /// Bumped on every change, so animations replay.
    pub revision: RwSignal<u32>,
    /// A one-line notice about something the page did on its own (e.g. switched platform):
    /// a catalog key and its arguments.
    pub notice: RwSignal<Option<Notice>>,
    /// What the link did not give as written (shown at the top until the first edit).
    pub link_notes: RwSignal<Vec<LinkNote>>,
    /// The page language.
    pub lang: RwSignal<Lang>,
    /// Presenter view (large type, high contrast).
    pub presenter: RwSignal<bool>,
    /// Embed mode (`?embed=1`): no page chrome, resizes its host iframe.
    pub embed: bool,
    /// The parts shown (`sections=`); `None` shows them all.
    pub sections: StoredValue<Option<Vec<sockbind_core::share::Section>>>,
    /// Predict mode (`predict=1`): what gives the answer away waits for a prediction
    /// (see [`crate::predict`]).
    pub predict: RwSignal<bool>,
    /// The lesson open (`lesson=`, a built-in id or a same-origin URL) and its question
    /// (`q=`, 0-based; `None`: where the learner left off), written back to the link; see
    /// [`crate::training`].
    pub lesson: RwSignal<Option<(String, Option<usize>)>>,
}

/// Something the page did on its own, told to the person in a one-line notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A cell click switched platforms.
    PlatformSwitched {
        /// Before.
        from: Platform,
        /// After.
        to: Platform,
    },
    /// Choosing a platform before Vista turned dual-stack sockets off.
    DualStackCleared,
}

/// Most link notes listed one by one; the rest are counted.
const MAX_LISTED_NOTES: usize = 10;

/// The link notice in the page language: each parameter with its value (already escaped and
/// shortened by the core), why it was not used, and what was used instead.
pub fn link_notice_text(state: &AppState, notes: &[LinkNote]) -> String {
    let mut items: Vec<String> = notes
        .iter()
        .take(MAX_LISTED_NOTES)
        .map(|n| {
            let instead = match &n.instead {
                Instead::Value(v) => state.ta("url-used-value", &[("value", v.clone())]),
                other => state.t(&format!("url-used-{}", other.id())),
            };
            let args = [
                ("param", n.param.clone()),
                ("value", n.value.clone()),
                ("reason", n.reason.text(state.lang.get())),
                ("instead", instead),
            ];
            if n.value.is_empty() {
                state.ta("notice-url-item-bare", &args)
            } else {
                state.ta("notice-url-item", &args)
            }
        })
        .collect();
    if notes.len() > MAX_LISTED_NOTES {
        items.push(state.ta(
            "notice-url-more",
            &[("count", (notes.len() - MAX_LISTED_NOTES).to_string())],
        ));
    }
    state.ta("notice-url-ignored", &[("items", items.join("; "))])
}

impl Notice {
    /// The notice in the page language.
    pub fn text(&self, state: &AppState) -> String {
        match self {
            Notice::PlatformSwitched { from, to } => state.ta(
                "notice-platform-switched",
                &[
                    ("from", crate::text::platform_name(*state, *from)),
                    ("to", crate::text::platform_name(*state, *to)),
                ],
            ),
            Notice::DualStackCleared => state.t("notice-dual-stack-cleared"),
        }
    }
}

impl AppState {
    /// Creates state around `initial`, showing its last step.
    pub fn new(initial: Scenario, lang: Lang) -> AppState {
        let last = initial.effective_steps().len().saturating_sub(1);
        let scenario = RwSignal::new(initial);
        let timeline = Memo::new(move |_| scenario.with(|s| s.run()));
        let current = RwSignal::new(last);
        let entry = Memo::new(move |_| {
            let i = current.get();
            timeline.with(|t| {
                t.as_ref()
                    .ok()
                    .and_then(|t| t.get(i.min(t.len().saturating_sub(1))).cloned())
            })
        });
        let platform = Memo::new(move |_| scenario.with(|s| s.platform));
        let steps = Memo::new(move |_| scenario.with(|s| s.effective_steps().len()));
        AppState {
            scenario,
            timeline,
            entry,
            platform,
            steps,
            current,
            revision: RwSignal::new(0),
            notice: RwSignal::new(None),
            link_notes: RwSignal::new(vec![]),
            lang: RwSignal::new(lang),
            presenter: RwSignal::new(false),
            embed: false,
            sections: StoredValue::new(None),
            predict: RwSignal::new(false),
            lesson: RwSignal::new(None),
        }
    }

    /// Creates state from a link's query pairs (see `sockbind_core::share`), falling back to
    /// the initial scenario and `default_lang`; what could not be read becomes a notice.
    pub fn from_query(pairs: &[(String, String)], default_lang: Lang) -> AppState {
        let d = sockbind_core::share::from_query(pairs, &initial_scenario());
        let mut notes = d.notes;
        let lang = match d.view.lang.as_deref() {
            None => default_lang,
            Some(tag) => Lang::from_tag(tag).unwrap_or_else(|| {
                notes.push(LinkNote::new(
                    "lang",
                    tag,
                    Reason::BadLang,
                    Instead::Value(default_lang.tag().into()),
                ));
                default_lang
            }),
        };
        let mut state = AppState::new(d.scenario, lang);
        if let Some(step) = d.view.step {
            state.current.set(step);
        }
        state
            .presenter
            .set(d.view.view.as_deref() == Some("presenter"));
        state.embed = d.view.embed;
        state.sections.set_value(d.view.sections);
        state.predict.set(d.view.predict);
        state
            .lesson
            .set(d.view.lesson.map(|l| (l, d.view.question)));
        state.link_notes.set(notes);
        state
    }

    /// The query pairs describing the page now (reactive).
    pub fn to_query(&self) -> Vec<(String, String)> {
        let n = self.step_count();
        let view = sockbind_core::share::ViewState {
            step: (n > 0).then(|| self.current.get().min(n - 1)),
            lang: Some(self.lang.get().tag().to_string()),
            view: self.presenter.get().then(|| "presenter".to_string()),
            embed: self.embed,
            sections: self.sections.get_value(),
            predict: self.predict.get(),
            lesson: self.lesson.with(|l| l.as_ref().map(|(id, _)| id.clone())),
            question: self.lesson.with(|l| l.as_ref().and_then(|(_, q)| *q)),
        };
        self.scenario
            .with(|s| sockbind_core::share::to_query(s, &view))
    }

    /// Whether `section` is shown (every section is, unless `sections=` names others).
    pub fn shows(&self, section: sockbind_core::share::Section) -> bool {
        self.sections
            .with_value(|s| s.as_ref().is_none_or(|list| list.contains(&section)))
    }

    /// The message `key` in the page language (reactive: call it inside a closure).
    pub fn t(&self, key: &str) -> String {
        message(self.lang.get(), key, &[])
    }

    /// An option state as the tables label it (`Default` translated; option names not).
    pub fn option_label(&self, o: OptionState) -> String {
        match o {
            OptionState::Default => self.t("opt-default"),
            other => other.label().to_string(),
        }
    }

    /// `Wildcard` / `Specific` in the page language.
    pub fn kind_label(&self, k: AddressKind) -> String {
        self.t(match k {
            AddressKind::Wildcard => "kind-wildcard",
            AddressKind::Specific => "kind-specific",
        })
    }

    /// A table row/column label, e.g. `SO_REUSEADDR Wildcard`.
    pub fn cell_label(&self, k: CellKey) -> String {
        self.ta(
            "cell-label",
            &[
                ("option", self.option_label(k.option)),
                ("kind", self.kind_label(k.address)),
            ],
        )
    }

    /// The message `key` with arguments, in the page language (reactive).
    pub fn ta(&self, key: &str, args: &[(&str, String)]) -> String {
        message(self.lang.get(), key, args)
    }

    /// Changes the scenario, shows its last step and bumps the revision.
    pub fn update(&self, f: impl FnOnce(&mut Scenario)) {
        self.scenario.update(f);
        if self.notice.with_untracked(Option::is_some) {
            self.notice.set(None);
        }
        if self.link_notes.with_untracked(|n| !n.is_empty()) {
            self.link_notes.set(vec![]);
        }
        self.show_last();
    }

    /// Shows the last step.
    pub fn show_last(&self) {
        let last = self.step_count().saturating_sub(1);
        if self.current.get_untracked() != last {
            self.current.set(last);
        }
        self.revision.update(|r| *r = r.wrapping_add(1));
    }

    /// How many steps the timeline has.
    pub fn step_count(&self) -> usize {
        self.steps.get()
    }

    /// Moves the shown step by `delta` (clamped), replaying its animation.
    pub fn step_by(&self, delta: isize) {
        let n = self.step_count();
        if n == 0 {
            return;
        }
        let cur = self.current.get_untracked().min(n - 1) as isize;
        let next = (cur + delta).clamp(0, n as isize - 1) as usize;
        self.current.set(next);
        self.revision.update(|r| *r = r.wrapping_add(1));
    }

    /// The entry shown now, if the scenario runs (reactive: [`AppState::entry`]).
    pub fn current_entry(&self) -> Option<TimelineEntry> {
        self.entry.get()
    }

    /// The table that governs sockets 0 and 1 on the current platform and accounts.
    pub fn current_table(&self) -> TableId {
        self.scenario.with(|s| s.governing_table())
    }

    /// Sets the scenario to one documented cell ([`Scenario::set_cell`]); says so if the
    /// platform had to change.
    pub fn set_cell(&self, table: TableId, row: CellKey, column: CellKey) {
        let mut switched = None;
        self.scenario
            .update(|s| switched = s.set_cell(table, row, column));
        self.show_last();
        self.notice
            .set(switched.map(|(from, to)| Notice::PlatformSwitched { from, to }));
    }

    /// Adds a socket, up to [`MAX_UI_SOCKETS`] ([`Scenario::add_socket`]).
    pub fn add_socket(&self) {
        self.update(|s| {
            s.add_socket(MAX_UI_SOCKETS);
        });
    }

    /// Removes socket `index` ([`Scenario::remove_socket`]).
    pub fn remove_socket(&self, index: usize) {
        self.update(|s| {
            s.remove_socket(index);
        });
    }
}
