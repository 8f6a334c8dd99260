//! Styles. The mono theme (NO_COLOR, `--color never`) uses modifiers only; in colour,
//! colour only repeats what glyphs, words, bold and reverse already say.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub mono: bool,
}

impl Theme {
    pub const COLOR: Theme = Theme { mono: false };
    pub const MONO: Theme = Theme { mono: true };

    fn pick(&self, modifiers: Modifier, color: Style) -> Style {
        let base = Style::new().add_modifier(modifiers);
        if self.mono { base } else { base.patch(color) }
    }

    pub fn plain(&self) -> Style {
        Style::new()
    }

    pub fn title(&self) -> Style {
        self.pick(Modifier::BOLD, Style::new().fg(Color::Cyan))
    }

    pub fn header(&self) -> Style {
        self.pick(
            Modifier::BOLD | Modifier::UNDERLINED,
            Style::new().fg(Color::Gray),
        )
    }

    pub fn selected(&self) -> Style {
        self.pick(Modifier::REVERSED | Modifier::BOLD, Style::new())
    }

    /// The selected matrix column: underlined so it shows inside a reversed row too.
    pub fn column(&self) -> Style {
        self.pick(
            Modifier::UNDERLINED | Modifier::BOLD,
            Style::new().fg(Color::Cyan),
        )
    }

    pub fn dim(&self) -> Style {
        self.pick(Modifier::DIM, Style::new().fg(Color::DarkGray))
    }

    pub fn bad(&self) -> Style {
        self.pick(Modifier::BOLD, Style::new().fg(Color::Red))
    }

    pub fn warn(&self) -> Style {
        self.pick(Modifier::BOLD, Style::new().fg(Color::Yellow))
    }

    pub fn good(&self) -> Style {
        self.pick(Modifier::empty(), Style::new().fg(Color::Green))
    }

    pub fn accent(&self) -> Style {
        self.pick(Modifier::BOLD, Style::new().fg(Color::Magenta))
    }

    pub fn banner(&self) -> Style {
        self.pick(Modifier::REVERSED, Style::new().fg(Color::Yellow))
    }

    pub fn tab(&self, active: bool) -> Style {
        if active {
            self.pick(
                Modifier::REVERSED | Modifier::BOLD,
                Style::new().fg(Color::Cyan),
            )
        } else {
            self.plain()
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.pick(Modifier::BOLD, Style::new().fg(Color::Cyan))
        } else {
            self.pick(Modifier::empty(), Style::new().fg(Color::DarkGray))
        }
    }

    pub fn key(&self) -> Style {
        self.pick(Modifier::BOLD, Style::new().fg(Color::Cyan))
    }

    /// Style of a severity word (critical, major, …).
    pub fn severity(&self, impact: &str) -> Style {
        match impact {
            "critical" => self.bad(),
            "major" => self.warn(),
            _ => self.plain(),
        }
    }
}
