//! Windows platforms and what each offers.
//!
//! Source: the availability table at the top of the article
//! "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE" (Microsoft Learn, Win32 Windows Sockets).
//! Windows NT 4.0 is split in two ids because the article gives `SO_EXCLUSIVEADDRUSE`
//! to NT 4.0 only from Service Pack 4 on.

use serde::{Deserialize, Serialize};

use crate::error::InputError;

/// Which of the article's two bind-behaviour regimes a platform follows. The page's label is
/// the catalog key `era-…`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Era {
    /// Windows XP and earlier: one table (`xp_and_earlier`), no enhanced socket security.
    XpAndEarlier,
    /// Windows Server 2003 and later: enhanced socket security, two tables
    /// (`2003_and_later_same_user`, `2003_and_later_different_user`).
    Server2003AndLater,
}

crate::id_enum! {
    /// A Windows version, one per row of the article's availability table (NT 4.0 split at
    /// Service Pack 4). Serialized as its id; the display name is the catalog key
    /// `platform-<id>`.
    pub enum Platform {
        /// Windows 95.
        Windows95 = "windows-95",
        /// Windows 98.
        Windows98 = "windows-98",
        /// Windows Me.
        WindowsMe = "windows-me",
        /// Windows NT 4.0 before Service Pack 4.
        WindowsNt4 = "windows-nt-4.0",
        /// Windows NT 4.0 Service Pack 4 and later.
        WindowsNt4Sp4 = "windows-nt-4.0-sp4",
        /// Windows 2000.
        Windows2000 = "windows-2000",
        /// Windows XP.
        WindowsXp = "windows-xp",
        /// Windows Server 2003.
        WindowsServer2003 = "windows-server-2003",
        /// Windows Vista.
        WindowsVista = "windows-vista",
        /// Windows Server 2008.
        WindowsServer2008 = "windows-server-2008",
        /// Windows 7 and newer.
        Windows7 = "windows-7",
    }
}

impl Platform {
    /// Parses an id as produced by [`Platform::id`].
    ///
    /// Errors: [`InputError`] naming `field` and listing the valid ids.
    pub fn from_id(id: &str, field: &str) -> Result<Platform, InputError> {
        Platform::parse_id(id).ok_or_else(|| {
            InputError::new(
                field,
                id,
                format!(
                    "unknown platform; expected one of {}",
                    Platform::IDS.join(", ")
                ),
            )
        })
    }

    /// The bind-behaviour regime. Source: article, "Enhanced Socket Security"
    /// (added with Windows Server 2003).
    pub fn era(self) -> Era {
        if self >= Platform::WindowsServer2003 {
            Era::Server2003AndLater
        } else {
            Era::XpAndEarlier
        }
    }

    /// `SO_REUSEADDR` exists on every platform in the availability table.
    pub fn has_reuseaddr(self) -> bool {
        true
    }

    /// Whether `SO_EXCLUSIVEADDRUSE` exists. Source: availability table
    /// (not on 95/98/Me; NT 4.0 only from SP4).
    pub fn has_exclusiveaddruse(self) -> bool {
        !matches!(
            self,
            Platform::Windows95 | Platform::Windows98 | Platform::WindowsMe | Platform::WindowsNt4
        )
    }

    /// Whether enhanced socket security applies. Source: availability table and
    /// article, "Enhanced Socket Security".
    pub fn has_enhanced_socket_security(self) -> bool {
        self.era() == Era::Server2003AndLater
    }

    /// Whether only members of Administrators may set `SO_EXCLUSIVEADDRUSE`.
    /// Source: article, "Using SO_EXCLUSIVEADDRUSE" (XP and earlier).
    pub fn exclusiveaddruse_needs_admin(self) -> bool {
        self.has_exclusiveaddruse() && self.era() == Era::XpAndEarlier
    }

    /// Row index (0-based) of this platform in the article's availability table
    /// (both NT 4.0 ids share row 3).
    pub fn availability_row(self) -> usize {
        match self {
            Platform::Windows95 => 0,
            Platform::Windows98 => 1,
            Platform::WindowsMe => 2,
            Platform::WindowsNt4 | Platform::WindowsNt4Sp4 => 3,
            Platform::Windows2000 => 4,
            Platform::WindowsXp => 5,
            Platform::WindowsServer2003 => 6,
            Platform::WindowsVista => 7,
            Platform::WindowsServer2008 => 8,
            Platform::Windows7 => 9,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_from_id_and_serde() {
        for &p in Platform::ALL {
            assert_eq!(Platform::from_id(p.id(), "platform").unwrap(), p);
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.id()));
            assert_eq!(serde_json::from_str::<Platform>(&json).unwrap(), p);
        }
    }

    #[test]
    fn unknown_platform_is_rejected_with_the_list_of_ids() {
        let e = Platform::from_id("windows-11", "platform").unwrap_err();
        assert_eq!(e.field, "platform");
        assert_eq!(e.value, "windows-11");
        assert!(e.to_string().contains("windows-7"), "{e}");
    }

    #[test]
    fn availability_matches_the_article() {
        let no_excl = [
            Platform::Windows95,
            Platform::Windows98,
            Platform::WindowsMe,
            Platform::WindowsNt4,
        ];
        for &p in Platform::ALL {
            assert!(p.has_reuseaddr());
            assert_eq!(p.has_exclusiveaddruse(), !no_excl.contains(&p), "{p}");
            assert_eq!(
                p.has_enhanced_socket_security(),
                p >= Platform::WindowsServer2003,
                "{p}"
            );
        }
        assert!(Platform::WindowsXp.exclusiveaddruse_needs_admin());
        assert!(!Platform::Windows7.exclusiveaddruse_needs_admin());
        assert!(!Platform::Windows95.exclusiveaddruse_needs_admin());
    }
}
