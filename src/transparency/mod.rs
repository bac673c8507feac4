//! Transparency and follow-up: the Commission publishes its meetings with interest
//! representatives within two weeks, and should only meet registered organisations.
//!
//! Pure rules over records, with `today` given (the clock is read at the edges):
//! [`scope`] (which meetings are published, who represented interests, who is unregistered),
//! [`deadline`] (the two-week rule), [`publication`] (the CSV list for the Commission's
//! register), [`minutes`] (the points as released, with [`ascii_words`] for its first pass) and
//! [`reminders`] (the summary of the day).
//! The store's queries over them are in `crate::store` (`Store::transparency_pending`,
//! `Store::publication_csv`, ...).

pub mod ascii_words;
pub mod deadline;
pub mod minutes;
pub mod publication;
pub mod reminders;
pub mod scope;

pub use deadline::{Deadline, PublicationState, PUBLICATION_DAYS};
pub use publication::{PublicationRow, PublicationSaved, COLUMNS};
pub use reminders::Reminder;
pub use scope::{is_unregistered, kind_in_scope, Parties, Representative, ScopeDecision, IN_SCOPE_KINDS};
