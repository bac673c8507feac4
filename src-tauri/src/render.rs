//! How WebKitGTK draws the window on Linux, chosen once before GTK starts.
//!
//! WebKitGTK composites the page with OpenGL. Without a GPU (a virtual machine, a remote
//! desktop, Xvfb), OpenGL is Mesa's software renderer, and compositing through it made a fast
//! scroll of the meeting list take 45 to 65 ms a frame here. WebKit's non-composited mode paints
//! the same page on the CPU at 16 to 25 ms a frame, with keystrokes delivered as promptly (see
//! README, "Rendering"). With a GPU, WebKit's default is kept.
//!
//! A user who sets `WEBKIT_DISABLE_COMPOSITING_MODE` or `WEBKIT_FORCE_COMPOSITING_MODE` decides.

/// What the app does to WebKit's rendering mode.
#[derive(Debug, PartialEq, Eq)]
pub enum Choice {
    /// The user chose through WebKit's own variables.
    UserChose,
    /// A GPU is there: WebKit's default (composited through OpenGL).
    Default,
    /// No GPU: paint on the CPU without compositing.
    NoCompositing,
}

const DISABLE: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
const FORCE: &str = "WEBKIT_FORCE_COMPOSITING_MODE";

/// The choice for a process whose environment has `var` and whose machine has a GPU render
/// node or not. Pure, so the rule is tested without touching the process.
pub fn choose(var: impl Fn(&str) -> bool, has_render_node: bool) -> Choice {
    if var(DISABLE) || var(FORCE) {
        Choice::UserChose
    } else if has_render_node {
        Choice::Default
    } else {
        Choice::NoCompositing
    }
}

/// Applies the choice to this process. Call it first in `main`, before any thread starts:
/// it sets an environment variable that WebKit reads when it starts.
#[cfg(target_os = "linux")]
pub fn configure() {
    let choice = choose(|name| std::env::var_os(name).is_some(), has_render_node());
    if choice == Choice::NoCompositing {
        std::env::set_var(DISABLE, "1");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn configure() {}

/// A DRM render node (`/dev/dri/renderD128`, …) is how Mesa reaches a GPU; without one, OpenGL
/// can only be the software renderer.
#[cfg(target_os = "linux")]
fn has_render_node() -> bool {
    std::fs::read_dir("/dev/dri")
        .is_ok_and(|entries| entries.flatten().any(|entry| entry.file_name().to_string_lossy().starts_with("renderD")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_gpu_compositing_is_turned_off() {
        assert_eq!(choose(|_| false, false), Choice::NoCompositing);
    }

    #[test]
    fn with_a_gpu_webkit_keeps_its_default() {
        assert_eq!(choose(|_| false, true), Choice::Default);
    }

    #[test]
    fn the_users_own_setting_wins_either_way() {
        assert_eq!(choose(|name| name == DISABLE, true), Choice::UserChose);
        assert_eq!(choose(|name| name == FORCE, false), Choice::UserChose);
    }
}
