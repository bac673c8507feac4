//! The user's settings, kept in the register they concern: who I am (organiser of the
//! meetings I create, sender of my flashes) and the footer lines of the flash.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::keys::{slug, KeySpace};
use super::Store;
use crate::error::{Error, Result};
use crate::model::{Document, Person};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// My name as it appears in running text.
    pub name: String,
    pub email: String,
    /// My organisation (a key of the directory): `just-c2`, a unit of the Commission.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// May my name appear in documents released to the public?
    pub public: bool,
    /// The window asked for my identity once (answered or skipped): it does not ask again.
    pub identity_asked: bool,
    /// My unit, as written in signatures: `CNECT.I.4`, `JUST.C.2`.
    pub unit: String,
    /// Footer lines of the flash.
    pub footer_institution: String,
    pub footer_directorate: String,
    pub footer_unit: String,
    /// The directory's record of me, created from name and e-mail on the first save.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
}

const SETTINGS: &str = "settings";

impl Store {
    pub fn settings(&self) -> Result<Settings> {
        let text: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE name = ?1")?
            .query_row([SETTINGS], |r| r.get(0))
            .optional()?;
        match text {
            None => Ok(Settings { footer_institution: "European Commission".into(), ..Settings::default() }),
            Some(text) => serde_json::from_str(&text).map_err(|e| Error::Malformed(format!("stored settings: {e}"))),
        }
    }

    /// Stores `settings`; with a name, also keeps my record in the directory up to date
    /// (created on the first save, its name and e-mail updated after).
    pub fn save_settings(&mut self, mut settings: Settings) -> Result<Settings> {
        settings.name = settings.name.trim().to_string();
        settings.email = settings.email.trim().to_string();
        if !settings.email.is_empty() && !settings.email.contains('@') {
            return Err(Error::invalid("email", "an e-mail address has an @"));
        }
        settings.organisation = settings.organisation.filter(|o| !o.trim().is_empty());
        settings.identity_asked = true;
        let previous = self.settings()?.person;
        let known = match previous.as_deref() {
            Some(key) => self.people()?.into_iter().find(|p| p.key == key),
            None => None,
        };
        if !settings.name.is_empty() {
            let mut me = match known {
                Some(p) => p,
                None => Person {
                    key: self.mint_key(KeySpace::People, &slug(&settings.name), &[])?,
                    name: String::new(),
                    family_name: None,
                    organisation: None,
                    role: None,
                    email: None,
                    public: false,
                    extra: None,
                },
            };
            me.name = settings.name.clone();
            me.email = Some(settings.email.clone()).filter(|e| !e.is_empty());
            me.organisation = settings.organisation.clone();
            me.public = settings.public;
            settings.person = Some(me.key.clone());
            let doc = Document { people: vec![me], ..Document::default() };
            // The person's problems are the settings' own fields (name, email, organisation).
            self.import(doc).map_err(|e| super::edit::within("people[0].", e))?;
        } else {
            settings.person = previous;
        }
        let text = serde_json::to_string(&settings).map_err(|e| Error::Malformed(e.to_string()))?;
        self.conn
            .prepare_cached(
                "INSERT INTO settings (name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = ?2",
            )?
            .execute([SETTINGS, &text])?;
        Ok(settings)
    }
}

/// The transparency settings, kept apart from [`Settings`] (which the window saves whole) so
/// that saving one never resets the other.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct TransparencySettings {
    /// "Name of DG/Cabinet", the first column of the publication list: `DG JUST`.
    pub dg_cabinet: String,
    /// The day the reminder was last shown (`YYYY-MM-DD`): it is shown at most once a day.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reminder_shown: Option<String>,
}

const TRANSPARENCY: &str = "transparency";

impl Store {
    pub fn transparency_settings(&self) -> Result<TransparencySettings> {
        let text: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE name = ?1")?
            .query_row([TRANSPARENCY], |r| r.get(0))
            .optional()?;
        match text {
            None => Ok(TransparencySettings::default()),
            Some(text) => {
                serde_json::from_str(&text).map_err(|e| Error::Malformed(format!("stored transparency settings: {e}")))
            }
        }
    }

    fn store_transparency_settings(&mut self, settings: &TransparencySettings) -> Result<()> {
        let text = serde_json::to_string(settings).map_err(|e| Error::Malformed(e.to_string()))?;
        self.conn
            .prepare_cached(
                "INSERT INTO settings (name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = ?2",
            )?
            .execute([TRANSPARENCY, &text])?;
        Ok(())
    }

    /// Stores the "Name of DG/Cabinet" of the publication list (one line, at most 200
    /// characters; empty to give it back to my organisation's name).
    pub fn set_dg_cabinet(&mut self, name: &str) -> Result<TransparencySettings> {
        let name = name.trim();
        if name.chars().count() > 200 {
            return Err(Error::invalid("dgCabinet", "the name of the DG or Cabinet is at most 200 characters"));
        }
        if name.chars().any(crate::text::is_control) {
            return Err(Error::invalid("dgCabinet", "the name of the DG or Cabinet is one line of text"));
        }
        let mut settings = self.transparency_settings()?;
        settings.dg_cabinet = name.to_string();
        self.store_transparency_settings(&settings)?;
        Ok(settings)
    }

    /// The "Name of DG/Cabinet" of the publication list: the setting, else the acronym (or name)
    /// of my organisation, else nothing.
    pub fn dg_cabinet(&self) -> Result<String> {
        let stored = self.transparency_settings()?.dg_cabinet;
        if !stored.trim().is_empty() {
            return Ok(stored);
        }
        let Some(mine) = self.settings()?.organisation else { return Ok(String::new()) };
        Ok(self
            .organisations()?
            .into_iter()
            .find(|o| o.key == mine)
            .map(|o| o.acronym.unwrap_or(o.name))
            .unwrap_or_default())
    }

    /// The day the reminder was last shown.
    pub fn reminder_shown(&self) -> Result<Option<chrono::NaiveDate>> {
        Ok(self
            .transparency_settings()?
            .reminder_shown
            .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
    }

    /// Records that the reminder was shown on `today`.
    pub fn mark_reminder_shown(&mut self, today: chrono::NaiveDate) -> Result<()> {
        let mut settings = self.transparency_settings()?;
        settings.reminder_shown = Some(today.format("%Y-%m-%d").to_string());
        self.store_transparency_settings(&settings)
    }
}
