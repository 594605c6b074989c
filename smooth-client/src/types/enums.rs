//! String enums that still decode values the service adds later.

/// Declares an enum serialized as a string, with an `Other` variant that keeps any value
/// this version does not know, so a new status or device never breaks decoding.
macro_rules! open_string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this version of the SDK does not know yet.
            Other(String),
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Other(other) => other,
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(match value {
                    $($wire => $name::$variant,)*
                    other => $name::Other(other.to_owned()),
                })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(value.parse().unwrap_or_else(|never| match never {}))
            }
        }
    };
}

open_string_enum! {
    /// Where a task is in its life.
    ///
    /// ```
    /// use smooth_client::types::TaskStatus;
    /// let status: TaskStatus = serde_json::from_str("\"paused\"").unwrap();
    /// assert_eq!(status, TaskStatus::Other("paused".into()));
    /// assert!(!status.is_finished());
    /// ```
    TaskStatus {
        /// Queued, no browser yet.
        Waiting = "waiting",
        /// The agent is working.
        Running = "running",
        /// Finished successfully.
        Done = "done",
        /// Finished with an error.
        Failed = "failed",
        /// Cancelled by the user.
        Cancelled = "cancelled",
    }
}

impl TaskStatus {
    /// Whether the task has ended (done, failed or cancelled).
    pub fn is_finished(&self) -> bool {
        matches!(self, TaskStatus::Done | TaskStatus::Failed | TaskStatus::Cancelled)
    }
}

open_string_enum! {
    /// The browser's device profile.
    Device {
        /// A desktop browser (the default).
        Desktop = "desktop",
        /// A mobile browser.
        Mobile = "mobile",
        /// A large desktop screen.
        DesktopLg = "desktop-lg",
    }
}

// The enum is declared by `open_string_enum!`, which cannot place `#[default]`.
#[allow(clippy::derivable_impls)]
impl Default for Device {
    fn default() -> Self {
        Device::Desktop
    }
}

open_string_enum! {
    /// Which agent runs the task.
    Agent {
        /// The full agent (the default).
        Smooth = "smooth",
        /// The faster, lighter agent.
        SmoothLite = "smooth-lite",
    }
}

#[allow(clippy::derivable_impls)]
impl Default for Agent {
    fn default() -> Self {
        Agent::Smooth
    }
}
