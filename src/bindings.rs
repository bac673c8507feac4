//! The TypeScript declarations of every type that crosses the desktop's IPC boundary,
//! generated from these Rust types (ts-rs) into `ui/src/lib/bindings/`. A test compares the
//! committed files with a fresh generation, so the UI never drifts from the core.

use std::path::Path;

use ts_rs::TS;

use crate::error::{Error, Problem, Result};
use crate::files::{BackupSummary, Progress};
use crate::ics::saved::{CalendarDrop, CalendarSaved, CalendarSent};
use crate::model::*;
use crate::monitoring::table::MonitoringTable;
use crate::monitoring::view::{ExerciseFigures, MonitoringCode, MonitoringView, OrganisationIndicator};
use crate::store::{
    ActionFilter, ActionPage, ActionRow, CodeOverview, Directory, HomeView, ImportSummary, MeetingFilter, MeetingPage,
    MeetingSave, RegisterInfo, SearchHit, Settings, Timeline,
};
use crate::zones::ZoneChoice;

/// Writes one `.ts` file per type (and per type they use) into `dir`.
pub fn write_bindings(dir: &Path) -> Result<()> {
    let fail = |e: ts_rs::ExportError| Error::io(dir, std::io::Error::other(e.to_string()));
    macro_rules! export {
        ($($t:ty),+ $(,)?) => { $( <$t as TS>::export_all_to(dir).map_err(fail)?; )+ };
    }
    export!(
        Document,
        Code,
        Organisation,
        Person,
        Meeting,
        Participant,
        Point,
        Action,
        FollowUp,
        Flash,
        Transparency,
        Exercise,
        Indicator,
        MonitoringResult,
        Breakdown,
        Unit,
        Better,
        MonitoringTable,
        MonitoringCode,
        MonitoringView,
        OrganisationIndicator,
        ExerciseFigures,
        MeetingKind,
        MeetingStatus,
        OrgKind,
        Attendance,
        Response,
        ParticipantRole,
        ActionStatus,
        TransparencyScope,
        MeetingFilter,
        MeetingPage,
        ActionFilter,
        ActionRow,
        ActionPage,
        SearchHit,
        HomeView,
        Directory,
        Timeline,
        CodeOverview,
        Settings,
        RegisterInfo,
        ImportSummary,
        BackupSummary,
        Progress,
        Problem,
        MeetingSave,
        ZoneChoice,
        CalendarSaved,
        CalendarSent,
        CalendarDrop,
        crate::flash::FlashView,
        crate::flash::FlashSaved,
        crate::store::transparency::PendingPublication,
        crate::store::transparency::MeetingTransparency,
        crate::store::transparency::TransparencySection,
        crate::transparency::PublicationSaved,
        crate::brief::BriefSaved,
    );
    write_in_scope_kinds(dir)
}

/// The kinds of organisation that represent interests, as a TypeScript constant beside the
/// types: the window flags an unregistered organisation (one of these kinds without a
/// Transparency Register number) by the core's own list, in the Directory and the pickers.
fn write_in_scope_kinds(dir: &Path) -> Result<()> {
    let kinds: Vec<String> =
        crate::transparency::IN_SCOPE_KINDS.iter().map(|k| format!("  {},", serde_json::json!(k))).collect();
    let text = format!(
        "// Generated from the Rust list `transparency::IN_SCOPE_KINDS` (src/bindings.rs). Do not edit.\n\
         import type {{ OrgKind }} from \"./OrgKind\";\n\n\
         /** The kinds of organisation whose meetings with the Commission are published. */\n\
         export const IN_SCOPE_KINDS: readonly OrgKind[] = [\n{}\n];\n",
        kinds.join("\n")
    );
    let path = dir.join("InScopeKinds.ts");
    std::fs::write(&path, text).map_err(|e| Error::io(&path, e))
}
