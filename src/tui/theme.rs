//! Styles. Honours `NO_COLOR` (https://no-color.org): without colour, emphasis stays (bold,
//! reverse, underline) so focus and errors remain visible.

use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};

use super::field::NoteKind;

/// The styles the views use.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// A theme with or without colour.
    pub fn new(color: bool) -> Self {
        Theme { color }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// Title bar.
    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Secondary text (menu paths are not dim: they are the point).
    pub fn dim(&self) -> Style {
        self.fg(Color::DarkGray)
    }

    /// A key in the footer.
    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// The selected row of a list.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// A focused text field.
    pub fn focused(&self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }

    /// Emphasis (menu paths, labels).
    pub fn strong(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Pass.
    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }

    /// Warning.
    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// Error.
    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Style for a note.
    pub fn note(&self, kind: NoteKind) -> Style {
        match kind {
            NoteKind::Info => self.fg(Color::Cyan),
            NoteKind::Warn => self.warn(),
            NoteKind::Error => self.error(),
        }
    }
}

/// The process-wide theme: colour unless `NO_COLOR` is set to a non-empty value.
pub fn current() -> Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    *THEME.get_or_init(|| {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(!no_color)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_keeps_emphasis_but_drops_colours() {
        let plain = Theme::new(false);
        assert_eq!(plain.error().fg, None);
        assert!(plain.error().add_modifier.contains(Modifier::BOLD));
        assert!(plain.selected().add_modifier.contains(Modifier::REVERSED));
        assert_eq!(Theme::new(true).error().fg, Some(Color::Red));
    }
}
