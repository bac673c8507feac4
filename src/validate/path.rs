//! Where in a document a problem is: `meetings[3].participants[1].person`. Built on the stack
//! as the checks walk the document and spelled out only when a problem is found, so a valid
//! document of a hundred thousand meetings formats no path at all.

use std::fmt;

#[derive(Clone, Copy, Debug)]
pub(crate) enum At<'a> {
    /// The document as a whole.
    Root,
    Field(&'a At<'a>, &'static str),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    pub(crate) fn field(&self, name: &'static str) -> At<'_> {
        At::Field(self, name)
    }

    pub(crate) fn index(&self, index: usize) -> At<'_> {
        At::Index(self, index)
    }
}

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            At::Root => Ok(()),
            At::Field(parent, name) => {
                parent.fmt(f)?;
                if !matches!(parent, At::Root) {
                    f.write_str(".")?;
                }
                f.write_str(name)
            }
            At::Index(parent, index) => {
                parent.fmt(f)?;
                write!(f, "[{index}]")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::At;

    #[test]
    fn paths_read_as_the_format_spells_them() {
        let root = At::Root;
        let meetings = root.field("meetings");
        let meeting = meetings.index(3);
        let participants = meeting.field("participants");
        assert_eq!(participants.index(1).field("person").to_string(), "meetings[3].participants[1].person");
        assert_eq!(root.to_string(), "");
    }
}
