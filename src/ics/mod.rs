//! iCalendar (RFC 5545): writing the register's meetings and actions as .ics files that Outlook,
//! Google and Thunderbird accept, and reading invitations and replies made elsewhere.
