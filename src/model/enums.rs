//! The closed vocabularies of the register. Each value has one spelling, used in JSON,
//! in the database and on the command line.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the one spelling; the error lists the accepted values.
            pub fn parse(text: &str) -> Result<Self, String> {
                match text {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!(
                        "unknown value {}, expected one of: {}",
                        crate::text::quoted(other),
                        [$($text),+].join(", ")
                    )),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(OrgKind {
    Commission = "commission",
    Platform = "platform",
    CivilSociety = "civil-society",
    TrustedFlagger = "trusted-flagger",
    FactChecker = "fact-checker",
    Advertising = "advertising",
    Research = "research",
    PublicAuthority = "public-authority",
    Other = "other",
});

vocabulary!(MeetingKind {
    Meeting = "meeting",
    Workshop = "workshop",
    Assembly = "assembly",
    Technical = "technical",
    Roundtable = "roundtable",
    Annual = "annual",
    Call = "call",
});

vocabulary!(MeetingStatus {
    Planned = "planned",
    Held = "held",
    Cancelled = "cancelled",
});

vocabulary!(Attendance {
    Invited = "invited",
    Attended = "attended",
    Excused = "excused",
    Absent = "absent",
});

vocabulary!(Response {
    NeedsAction = "needs-action",
    Accepted = "accepted",
    Tentative = "tentative",
    Declined = "declined",
});

vocabulary!(ParticipantRole {
    Chair = "chair",
    Speaker = "speaker",
    Participant = "participant",
    NoteTaker = "note-taker",
});

vocabulary!(ActionStatus {
    Open = "open",
    InProgress = "in-progress",
    Done = "done",
    Dropped = "dropped",
});

vocabulary!(TransparencyScope {
    InScope = "in-scope",
    Exempt = "exempt",
});

vocabulary!(Unit {
    Percent = "percent",
    Count = "count",
});

// Which way an indicator improves.
vocabulary!(Better {
    Higher = "higher",
    Lower = "lower",
});

// Written by hand because the variants come from a macro; the defaults are those of the spec.
#[allow(clippy::derivable_impls)]
impl Default for Attendance {
    fn default() -> Self {
        Attendance::Invited
    }
}

#[allow(clippy::derivable_impls)]
impl Default for Response {
    fn default() -> Self {
        Response::NeedsAction
    }
}

#[allow(clippy::derivable_impls)]
impl Default for ParticipantRole {
    fn default() -> Self {
        ParticipantRole::Participant
    }
}

impl ActionStatus {
    /// Open and in-progress actions are still owed; they can become overdue.
    pub fn is_pending(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}
