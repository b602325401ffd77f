//! One small macro for the enums that are written as a list of variants with stable ids.

/// Declares a fieldless enum whose every variant has a stable string id, and generates from
/// that one list: `ALL` (in declaration order), `id()`, `parse_id()` (`None` if unknown),
/// `Display` (the id) and serde (serialized as the id).
#[macro_export]
#[doc(hidden)]
macro_rules! id_enum {
    (
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
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

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

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.id())
            }
        }

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
}
