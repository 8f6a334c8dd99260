//! Keys → commands. One table of bindings generates the key handling, the help overlay
//! and the footer hints, so they can never disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::state::View;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    NextView,
    PrevView,
    Show(View),
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Filter,
    Sort,
    Window,
    Refresh,
    Export,
    Help,
    Quit,
    Axis,
    DaysUp,
    DaysDown,
    Percentile,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    Only(View),
}

impl Scope {
    pub fn includes(self, view: View) -> bool {
        match self {
            Self::Everywhere => true,
            Self::Only(v) => v == view,
        }
    }
}

pub struct Binding {
    pub keys: &'static [KeyCode],
    /// How the keys are written in help and footer.
    pub label: &'static str,
    pub command: Command,
    pub help: &'static str,
    /// Short footer hint; `None` keeps the binding out of the footer.
    pub hint: Option<&'static str>,
    pub scope: Scope,
}

const fn bind(
    keys: &'static [KeyCode],
    label: &'static str,
    command: Command,
    help: &'static str,
    hint: Option<&'static str>,
    scope: Scope,
) -> Binding {
    Binding {
        keys,
        label,
        command,
        help,
        hint,
        scope,
    }
}

use KeyCode::{BackTab, Char, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up};
use Scope::{Everywhere, Only};

/// Every key planb knows, in the order help lists them.
pub const BINDINGS: &[Binding] = &[
    bind(
        &[Tab],
        "Tab",
        Command::NextView,
        "next view (Shift-Tab: previous)",
        Some("views"),
        Everywhere,
    ),
    bind(
        &[BackTab],
        "S-Tab",
        Command::PrevView,
        "previous view",
        None,
        Everywhere,
    ),
    bind(
        &[Char('1')],
        "1",
        Command::Show(View::Overview),
        "overview: concentration, ranked vendors, warnings",
        None,
        Everywhere,
    ),
    bind(
        &[Char('2')],
        "2",
        Command::Show(View::Exposure),
        "exposure: capability × vendor/host, blast radius, what-if",
        None,
        Everywhere,
    ),
    bind(
        &[Char('3')],
        "3",
        Command::Show(View::Vendor),
        "vendor: sources, incidents, per-month and duration histograms",
        None,
        Everywhere,
    ),
    bind(
        &[Char('4')],
        "4",
        Command::Show(View::Incident),
        "incident timeline: updates, gaps, longest silence",
        None,
        Everywhere,
    ),
    bind(
        &[Char('5')],
        "5",
        Command::Show(View::Sources),
        "sources: last pull, errors, counts, freshness",
        None,
        Everywhere,
    ),
    bind(
        &[Char('j'), Down],
        "j/↓",
        Command::Down,
        "move down (scroll in the timeline)",
        Some("move"),
        Everywhere,
    ),
    bind(
        &[Char('k'), Up],
        "k/↑",
        Command::Up,
        "move up",
        None,
        Everywhere,
    ),
    bind(
        &[Char('h'), Left],
        "h/←",
        Command::Left,
        "previous column",
        None,
        Only(View::Exposure),
    ),
    bind(
        &[Char('l'), Right],
        "l/→",
        Command::Right,
        "next column",
        Some("column"),
        Only(View::Exposure),
    ),
    bind(
        &[PageDown],
        "PgDn",
        Command::PageDown,
        "page down",
        None,
        Everywhere,
    ),
    bind(
        &[PageUp],
        "PgUp",
        Command::PageUp,
        "page up",
        None,
        Everywhere,
    ),
    bind(
        &[Home, Char('g')],
        "g/Home",
        Command::Top,
        "first row",
        None,
        Everywhere,
    ),
    bind(
        &[End, Char('G')],
        "G/End",
        Command::Bottom,
        "last row",
        None,
        Everywhere,
    ),
    bind(
        &[Enter],
        "Enter",
        Command::Open,
        "drill down: vendor → incident",
        Some("open"),
        Everywhere,
    ),
    bind(
        &[Esc, KeyCode::Backspace],
        "Esc",
        Command::Back,
        "back (or close help / the filter)",
        Some("back"),
        Everywhere,
    ),
    bind(
        &[Char('/')],
        "/",
        Command::Filter,
        "filter the table (Enter keeps, Esc clears)",
        Some("filter"),
        Everywhere,
    ),
    bind(
        &[Char('s')],
        "s",
        Command::Sort,
        "sort by the next column",
        Some("sort"),
        Everywhere,
    ),
    bind(
        &[Char('w')],
        "w",
        Command::Window,
        "window: 30d → 90d → 1y → all",
        Some("window"),
        Everywhere,
    ),
    bind(
        &[Char('p')],
        "p",
        Command::Percentile,
        "list the incidents that set the vendor's p90: ttfc → silence → ttr → all",
        Some("p90"),
        Only(View::Vendor),
    ),
    bind(
        &[Char('a')],
        "a",
        Command::Axis,
        "matrix axis: vendors ↔ hosts",
        Some("axis"),
        Only(View::Exposure),
    ),
    bind(
        &[Char('+'), Char('=')],
        "+",
        Command::DaysUp,
        "what-if: one more day down",
        Some("days"),
        Only(View::Exposure),
    ),
    bind(
        &[Char('-')],
        "-",
        Command::DaysDown,
        "what-if: one day less",
        None,
        Only(View::Exposure),
    ),
    bind(
        &[Char('r')],
        "r",
        Command::Refresh,
        "pull live data in the background (one pull at a time)",
        Some("pull"),
        Everywhere,
    ),
    bind(
        &[Char('e')],
        "e",
        Command::Export,
        "export the table on screen as CSV (current directory)",
        Some("export"),
        Everywhere,
    ),
    bind(
        &[Char('?')],
        "?",
        Command::Help,
        "this help",
        Some("help"),
        Everywhere,
    ),
    bind(
        &[Char('q')],
        "q",
        Command::Quit,
        "quit (also Ctrl-C)",
        Some("quit"),
        Everywhere,
    ),
];

/// The command for a key in `view`, if any.
pub fn lookup(key: &KeyEvent, view: View) -> Option<Command> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return matches!(key.code, Char('c')).then_some(Command::Quit);
    }
    BINDINGS
        .iter()
        .find(|b| b.scope.includes(view) && b.keys.contains(&key.code))
        .map(|b| b.command)
}

/// Footer hints for `view`: (keys, hint), in binding order.
pub fn hints(view: View) -> Vec<(&'static str, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.scope.includes(view))
        // The timeline has nothing to open, filter or sort.
        .filter(|b| {
            !(view == View::Incident
                && matches!(b.command, Command::Open | Command::Filter | Command::Sort))
        })
        .filter_map(|b| b.hint.map(|h| (footer_label(b), h)))
        .collect()
}

fn footer_label(b: &Binding) -> &'static str {
    match b.command {
        Command::Down => "j/k",
        Command::Right => "h/l",
        Command::DaysUp => "+/-",
        _ => b.label,
    }
}
