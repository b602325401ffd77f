//! English and Traditional Chinese (zh-TW) messages for the page: the core's catalogs
//! (`core/locales/*.ftl`, compiled to static Rust by the core's build script; see
//! [`sockbind_core::text`]). No Fluent runtime ships in the page.
//!
//! Winsock identifiers (`SO_REUSEADDR`, `WSAEACCES`, `bind`) stay untranslated in both. The
//! core's tests check both catalogs; `app/tests/i18n.rs` checks that every key the page asks
//! for exists.

pub use sockbind_core::text::{fkey, keys, message, Lang};
