//! The start-up reminder: one desktop notification that sums up the overdue actions and the
//! meetings late for publication, at most once a day, sent from Rust through
//! tauri-plugin-notification (the webview is granted none of its commands).
//!
//! It runs on a thread of its own with a connection of its own, a moment after start-up: the
//! pending list reads the whole table of meetings, and the window's first views must not wait
//! behind it. Nothing about it can stop the window: a register that cannot be read, a system
//! without a notification service (Xvfb), all end in one line on standard error.

use std::path::PathBuf;
use std::time::Duration;

use code_register::store::{OpenMode, Store};
use code_register::transparency::Reminder;
use code_register::Clock;
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::state::Register;

/// How long after start-up the reminder is looked for: the window's first views come first.
const DELAY: Duration = Duration::from_secs(3);

/// The reminder to show on `clock.today`, recorded as shown before it is handed over: a second
/// window opened the same day, or a restart, finds the day taken and shows nothing. `None` when
/// it was shown today already or nothing is late.
pub fn take(store: &mut Store, clock: &Clock) -> code_register::Result<Option<Reminder>> {
    let Some(reminder) = store.reminder(clock.today)? else { return Ok(None) };
    store.mark_reminder_shown(clock.today)?;
    Ok(Some(reminder))
}

/// Looks for the reminder of the day on a thread of its own and shows it, once.
pub fn start<R: Runtime>(app: &AppHandle<R>, register: &Register, clock: Clock) {
    let Some(path) = register.path() else { return };
    let app = app.clone();
    let spawned = std::thread::Builder::new().name("reminder".into()).spawn(move || {
        std::thread::sleep(DELAY);
        if let Err(e) = show(&app, path, &clock) {
            eprintln!("code-register-desktop: no reminder today ({e})");
        }
    });
    if let Err(e) = spawned {
        eprintln!("code-register-desktop: no reminder today ({e})");
    }
}

fn show<R: Runtime>(app: &AppHandle<R>, path: PathBuf, clock: &Clock) -> Result<(), String> {
    let mut store = Store::open(&path, OpenMode::MustExist).map_err(|e| e.to_string())?;
    let Some(reminder) = take(&mut store, clock).map_err(|e| e.to_string())? else { return Ok(()) };
    // The plugin hands the notification to the system's notification service in the background;
    // a system without one (Xvfb) loses it there, quietly.
    app.notification()
        .builder()
        .title("Code Register")
        .body(format!("{}.", reminder.text))
        .show()
        .map_err(|e| format!("the notification could not be sent: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};

    fn clock(day: &str) -> Clock {
        let today = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        Clock { now: Utc.from_utc_datetime(&today.and_hms_opt(8, 0, 0).unwrap()), today }
    }

    fn seeded(dir: &std::path::Path) -> PathBuf {
        let path = dir.join("register.sqlite3");
        let mut store = Store::open(&path, OpenMode::Create).unwrap();
        store.import(code_register::model::parse_document(code_register::sample::SEED).unwrap()).unwrap();
        path
    }

    #[test]
    fn the_reminder_is_taken_once_a_day_and_remembered_in_the_register() {
        let dir = tempfile::tempdir().unwrap();
        let path = seeded(dir.path());
        // The seed's 24 June 2021 meeting was due for publication on 8 July.
        let mut store = Store::open(&path, OpenMode::MustExist).unwrap();
        let first = take(&mut store, &clock("2021-07-10")).unwrap().expect("a reminder on the first start of the day");
        assert_eq!(first.late_publications, 1);
        assert!(first.text.contains("1 meeting late for publication"), "{}", first.text);
        assert_eq!(take(&mut store, &clock("2021-07-10")).unwrap(), None, "not twice the same day");
        drop(store);

        // Another process on the same file (a restart) finds the day taken.
        let mut again = Store::open(&path, OpenMode::MustExist).unwrap();
        assert_eq!(take(&mut again, &clock("2021-07-10")).unwrap(), None);
        // A clock set back shows nothing either; the next day shows it again.
        assert_eq!(take(&mut again, &clock("2021-07-09")).unwrap(), None);
        let next = take(&mut again, &clock("2021-07-11")).unwrap().expect("the next day's reminder");
        assert_eq!(next.text, first.text);
    }

    #[test]
    fn nothing_late_is_no_reminder_and_leaves_the_day_free() {
        let dir = tempfile::tempdir().unwrap();
        let path = seeded(dir.path());
        let mut store = Store::open(&path, OpenMode::MustExist).unwrap();
        // Before the seed's meetings: nothing overdue, nothing to publish.
        assert_eq!(take(&mut store, &clock("2021-01-04")).unwrap(), None);
        assert_eq!(store.reminder_shown().unwrap(), None, "a day with nothing to say is not recorded");
    }
}
