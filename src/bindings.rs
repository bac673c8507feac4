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
    );
    Ok(())
}
