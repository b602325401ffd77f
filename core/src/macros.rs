//! One small macro for the enums that are written as a list of variants with stable ids.

/// Declares a fieldless enum whose every variant has a stable string id, and generates from
/// that one list: `ALL` (in declaration order), `IDS`, `id()`, `parse_id()` (`None` if
/// unknown), `Display` (the id) and serde (serialized as the id; an unknown id is refused
/// with serde's "unknown variant …, expected one of …" message).
///
/// Two optional switches go first, as `#[id_enum(…)]`:
/// - `array`: `ALL` is an array `[Self; N]` (iterated by value) instead of a `&'static [Self]`;
/// - `no_display`: no `Display` impl (the type writes its own, e.g. with the error number).
///
/// Variant attributes (docs, `#[default]`) and type attributes (docs, extra derives such as
/// `Default`) pass through; `Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord` are
/// always derived.
#[macro_export]
#[doc(hidden)]
macro_rules! id_enum {
    (#[id_enum(array, no_display)] $($rest:tt)*) => {
        $crate::id_enum!(@def [array] [] $($rest)*);
    };
    (#[id_enum(array)] $($rest:tt)*) => {
        $crate::id_enum!(@def [array] [display] $($rest)*);
    };
    (#[id_enum(no_display)] $($rest:tt)*) => {
        $crate::id_enum!(@def [slice] [] $($rest)*);
    };
    (@all [slice] $name:ident $($variant:ident)*) => {
        /// Every variant, in declaration order.
        pub const ALL: &'static [$name] = &[$($name::$variant),*];
    };
    (@all [array] $name:ident $($variant:ident)*) => {
        /// Every variant, in declaration order.
        pub const ALL: [$name; [$($name::$variant),*].len()] = [$($name::$variant),*];
    };
    (@display [] $name:ident) => {};
    (@display [display] $name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.id())
            }
        }
    };
    (
        @def [$all:ident] [$($display:ident)?]
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$doc:meta])* $variant:ident = $id:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$doc])* $variant, )*
        }

        impl $name {
            $crate::id_enum!(@all [$all] $name $($variant)*);

            /// Every id, in declaration order.
            pub const IDS: &'static [&'static str] = &[$($id),*];

            /// The stable id used in JSON, links and catalog keys.
            pub fn id(self) -> &'static str {
                match self {
                    $( $name::$variant => $id, )*
                }
            }

            /// The variant with this id, or `None`.
            pub fn parse_id(id: &str) -> Option<$name> {
                match id {
                    $( $id => Some($name::$variant), )*
                    _ => None,
                }
            }
        }

        $crate::id_enum!(@display [$($display)?] $name);

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let id = <::std::borrow::Cow<'de, str>>::deserialize(d)?;
                $name::parse_id(&id)
                    .ok_or_else(|| ::serde::de::Error::unknown_variant(&id, $name::IDS))
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($body:tt)* }
    ) => {
        $crate::id_enum!(@def [slice] [display] $(#[$meta])* pub enum $name { $($body)* });
    };
}

#[cfg(test)]
mod tests {
    use crate::{AddressKind, BindResult, OptionState, Protocol, TableId};

    /// Each id round-trips through `parse_id` and serde, and the wire ids are the ones links,
    /// verdict JSON and `bind-tables.json` have always used.
    #[test]
    fn ids_round_trip_and_stay_as_published() {
        fn check<T>(all: &[T], ids: &[&str])
        where
            T: Copy + PartialEq + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
        {
            assert_eq!(all.len(), ids.len());
            for (v, id) in all.iter().zip(ids) {
                assert_eq!(serde_json::to_string(v).unwrap(), format!("\"{id}\""));
                assert_eq!(serde_json::from_str::<T>(&format!("\"{id}\"")).unwrap(), *v);
            }
            let err = serde_json::from_str::<T>("\"nope\"")
                .unwrap_err()
                .to_string();
            assert!(err.contains("unknown variant `nope`"), "{err}");
        }
        check(
            &BindResult::ALL,
            &[
                "success",
                "WSAEADDRINUSE",
                "WSAEACCES",
                "WSAENOPROTOOPT",
                "WSAEINVAL",
                "WSAENOTSOCK",
                "WSAEOPNOTSUPP",
            ],
        );
        check(
            &TableId::ALL,
            &[
                "xp_and_earlier",
                "2003_and_later_same_user",
                "2003_and_later_different_user",
            ],
        );
        check(
            &OptionState::ALL,
            &["default", "reuseaddr", "exclusiveaddruse"],
        );
        check(&AddressKind::ALL, &["wildcard", "specific"]);
        check(&Protocol::ALL, &["tcp", "udp"]);
        assert_eq!(Protocol::default(), Protocol::Tcp);
        assert_eq!(BindResult::Access.to_string(), "WSAEACCES (10013)");
        assert_eq!(TableId::XpAndEarlier.to_string(), "xp_and_earlier");
        for t in TableId::ALL {
            assert_eq!(TableId::ALL[t.index()], t);
        }
    }
}
