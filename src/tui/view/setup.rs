//! A guided setup step (menu path, search shortcut, checklist, warnings, the fields pasted there)
//! and the credentials form of the "test what I already have" path.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{fields, wrap_prefixed};
use crate::check::Api;
use crate::tui::app::{App, FORM_FIELDS, Focus, Row};
use crate::tui::components::form::FORM_APIS;
use crate::tui::field::TextField;
use crate::tui::guide::guide;
use crate::tui::hits::{Hit, Target};
use crate::tui::theme;

/// Click regions of the fields drawn from the top of `area` (one row each, plus its note).
fn field_hits(hits: &mut Vec<Hit>, area: Rect, fs: &[&TextField]) {
    let mut y = area.y;
    for (i, f) in fs.iter().enumerate() {
        let n = usize::from(fields::height(&[*f], area.width));
        hits.push(Hit::row(area, y, n, Target::Field(i)));
        y = y.saturating_add(n as u16);
    }
}

/// Draws setup step `s`.
#[allow(clippy::too_many_lines, reason = "TUI-owned; left to the TUI rework")]
pub fn render(frame: &mut Frame, area: Rect, app: &App, s: usize) {
    let t = theme::current();
    let step = &guide().steps[s];
    let w = usize::from(area.width);

    let items: Vec<usize> = app
        .rows(s)
        .iter()
        .filter_map(|r| match r {
            Row::Item(k) => Some(*k),
            Row::Api(_) => None,
        })
        .collect();
    let done = items.iter().filter(|k| app.setup.ticked[s][**k]).count();
    let progress = if items.is_empty() {
        String::new()
    } else {
        format!("  ({done}/{} done)", items.len())
    };
    let mut head = wrap_prefixed(
        &format!("Step {}/{} · ", s + 1, guide().steps.len()),
        &format!("{}{progress}", step.title),
        w,
        t.title(),
    );
    head.extend(wrap_prefixed("Menu    ", &step.menu, w, t.strong()));
    if !step.search.is_empty() {
        // The explanation only where it fits beside the shortcut.
        let mut spans = vec![
            Span::raw("Search  "),
            Span::styled(step.search.clone(), t.strong()),
        ];
        if 8 + step.search.chars().count() + 26 <= w {
            spans.push(Span::styled("  (NetSuite global search)", t.dim()));
        }
        head.push(Line::from(spans));
    }

    let warnings: Vec<Line> = step
        .warnings
        .iter()
        .filter(|x| x.applies(&app.shared.apis))
        .flat_map(|x| wrap_prefixed("⚠ ", &x.text, w, t.warn()))
        .collect();

    let ids = app.screen_fields();
    let fs: Vec<&TextField> = ids.iter().map(|id| app.field(*id)).collect();
    let fields_h = fields::height(&fs, area.width);

    let mut list: Vec<Line> = wrap_prefixed("", &step.intro, w, t.dim());
    let mut selected_line = None;
    let mut spans_of_rows = Vec::new();
    for (i, row) in app.rows(s).iter().enumerate() {
        let focused = app.setup.focus == Focus::List && i == app.setup.row;
        let (prefix, text) = match row {
            Row::Api(api) => {
                let on = app.shared.apis.contains(api);
                (
                    format!("{} ", if on { "[x]" } else { "[ ]" }),
                    format!("I will use {}", api_name(*api)),
                )
            }
            Row::Item(k) => {
                let on = app.setup.ticked[s][*k];
                (
                    format!("{} ", if on { "[x]" } else { "[ ]" }),
                    step.items[*k].text.replace(
                        "{callback}",
                        &crate::tui::flow::callback_url(app.shared.callback_port),
                    ),
                )
            }
        };
        let style = if focused { t.selected() } else { Style::new() };
        let item = wrap_prefixed(&prefix, &text, w, style);
        if focused {
            selected_line = Some((list.len(), item.len()));
        }
        spans_of_rows.push((list.len(), item.len(), i));
        list.extend(item);
    }
    // The warnings scroll with the checklist, so a short terminal still shows the selected item.
    let gap = u16::from(warnings.is_empty());
    if !warnings.is_empty() {
        list.push(Line::raw(""));
        list.extend(warnings);
    }
    // The last step shows what the typed account id means right under its field.
    let extra = if s + 1 == guide().steps.len() {
        account_preview(app, w)
    } else {
        vec![]
    };

    // Top-down and compact: the fields sit right under the checklist and warnings, not at the
    // bottom of a tall terminal; the checklist scrolls when space runs out.
    // A blank line under the heading only when there is room for it.
    let head_h = head.len() as u16 + u16::from(area.height > 20);
    let fixed = head_h + fields_h + extra.len() as u16;
    let list_h = (list.len() as u16 + gap)
        .min(area.height.saturating_sub(fixed))
        .max(1);
    let [h, l, f, x, _] = Layout::vertical([
        Constraint::Length(head_h),
        Constraint::Length(list_h),
        Constraint::Length(fields_h),
        Constraint::Length(extra.len() as u16),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(extra), x);
    frame.render_widget(Paragraph::new(head), h);
    let (offset, text) = if app.setup.focus == Focus::List {
        render_scrolled(frame, l, list, selected_line)
    } else {
        // j/k are text in a field: the marker names the key that gets back to the list.
        let o = selected_line.map_or(0, |(k, n)| {
            offset_showing(list.len(), usize::from(l.height), k, n)
        });
        render_at(
            frame,
            l,
            list,
            o,
            (
                "more items (Shift-Tab to the list)",
                "more items (Shift-Tab to the list)",
            ),
        )
    };
    let mut hits = app.hits.borrow_mut();
    for (k, n, i) in spans_of_rows {
        hits.extend(Hit::list_line(text, offset, k, n, Target::SetupRow(i)));
    }
    field_hits(&mut hits, f, &fs);
    drop(hits);
    let focused = match app.setup.focus {
        Focus::Field(i) if app.overlays.is_empty() => Some(i),
        _ => None,
    };
    fields::render(frame, f, &fs, focused);
}

/// Draws the credentials form.
pub fn render_form(frame: &mut Frame, area: Rect, app: &App) {
    let t = theme::current();
    let w = usize::from(area.width);
    let mut head = vec![Line::styled(guide().text.form_title.clone(), t.title())];
    // Which profile the form holds: a loaded one stops being it once a value is edited.
    let holds = match &app.shared.profile {
        Some(name) => format!("Profile: {name}"),
        None => "Profile: none (Ctrl-S saves one)".to_string(),
    };
    head.extend(wrap_prefixed("", &holds, w, t.strong()));
    let fs: Vec<&TextField> = FORM_FIELDS.iter().map(|id| app.field(*id)).collect();
    // The interface choice is one compact line: Tab reaches it, ↑↓ pick, Space toggles.
    let marker = if app.form.focus == Focus::List {
        "›"
    } else {
        " "
    };
    // Narrow terminals: a short label, so all three interfaces fit on the line.
    let (label, label_w) = if w >= 60 {
        ("Interfaces", 16)
    } else {
        ("APIs", 6)
    };
    let mut spans = vec![Span::styled(format!("{marker}{label:<label_w$}"), t.dim())];
    for (i, api) in FORM_APIS.iter().enumerate() {
        let focused = app.form.focus == Focus::List && i == app.form.row && app.overlays.is_empty();
        let on = if app.shared.apis.contains(api) {
            "[x]"
        } else {
            "[ ]"
        };
        let style = if focused { t.selected() } else { Style::new() };
        spans.push(Span::styled(format!("{on} {}", api_short(*api)), style));
        spans.push(Span::raw("  "));
    }
    let mut below = vec![Line::from(spans)];
    below.extend(account_preview(app, w));
    // The intro (its hints are in help too) only when everything else still fits: the fields
    // and the hosts derived from the account matter more.
    let intro = wrap_prefixed("", &guide().text.form_intro, w, t.dim());
    let fields_h = usize::from(fields::height(&fs, area.width));
    let need = head.len() + intro.len() + 1 + fields_h + 1 + below.len();
    let roomy = need <= usize::from(area.height);
    if roomy {
        head.extend(intro);
    }
    let [h, f, b] = Layout::vertical([
        Constraint::Length(head.len() as u16 + u16::from(roomy)),
        Constraint::Length(fields::height(&fs, area.width) + 1),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(head), h);
    let focused = match app.form.focus {
        Focus::Field(i) if app.overlays.is_empty() => Some(i),
        _ => None,
    };
    fields::render(frame, f, &fs, focused);
    frame.render_widget(Paragraph::new(below), b);
    let mut hits = app.hits.borrow_mut();
    field_hits(&mut hits, f, &fs);
    // The interfaces row: each "[x] NAME" is a click target of its own.
    let mut x = b.x + 1 + label_w as u16;
    for (i, api) in FORM_APIS.iter().enumerate() {
        let wdt = 4 + api_short(*api).len() as u16;
        if x + wdt <= b.right() && b.height > 0 {
            hits.push(Hit {
                area: Rect::new(x, b.y, wdt, 1),
                target: Target::Interface(i),
            });
        }
        x += wdt + 2;
    }
}

/// Realm, environment and hosts derived live from the typed account id.
fn account_preview(app: &App, w: usize) -> Vec<Line<'static>> {
    let t = theme::current();
    match app.account_preview() {
        None => vec![],
        Some(Err(_)) => vec![Line::styled(
            "Realm, environment and hosts appear here once the account id is valid.",
            t.dim(),
        )],
        Some(Ok(id)) => {
            let env = id.environment();
            let mut v = vec![
                Line::raw(""),
                Line::from(vec![
                    Span::styled("Realm       ", t.dim()),
                    Span::styled(id.realm(), t.strong()),
                    Span::styled("  (OAuth realm / SOAP account)", t.dim()),
                ]),
                Line::from(vec![
                    Span::styled("Environment ", t.dim()),
                    Span::styled(env.label(), t.strong()),
                ]),
                Line::from(vec![
                    Span::styled("REST, SOAP  ", t.dim()),
                    Span::raw(id.rest_base()),
                ]),
                Line::from(vec![
                    Span::styled("RESTlets    ", t.dim()),
                    Span::raw(id.restlet_base()),
                ]),
                Line::from(vec![
                    Span::styled("NetSuite UI ", t.dim()),
                    Span::raw(id.app_base()),
                ]),
            ];
            if env.is_refreshable() {
                v.extend(wrap_prefixed(
                    "⚠ ",
                    "Tokens are per account: a refresh of this account deletes its tokens; create new ones inside it.",
                    w,
                    t.warn(),
                ));
            }
            v
        }
    }
}

fn api_short(api: Api) -> &'static str {
    match api {
        Api::Rest => "REST",
        Api::Soap => "SOAP",
        Api::Restlet => "RESTlets",
    }
}

fn api_name(api: Api) -> &'static str {
    match api {
        Api::Rest => "REST web services",
        Api::Soap => "SOAP web services",
        Api::Restlet => "RESTlets",
    }
}

/// Draws `lines` into `area`, scrolled so the lines `keep` (first line, count) are visible.
pub(crate) fn render_scrolled(
    frame: &mut Frame,
    area: Rect,
    lines: Vec<Line>,
    keep: Option<(usize, usize)>,
) -> (usize, Rect) {
    let offset = keep.map_or(0, |(k, n)| {
        offset_showing(lines.len(), usize::from(area.height), k, n)
    });
    render_at(frame, area, lines, offset, ("j", "k"))
}

/// The smallest scroll offset that shows lines `k..k + n` of `total` in a window of `h` lines
/// whose first and last lines are taken by "more" markers when the text goes on beyond them.
pub(crate) fn offset_showing(total: usize, h: usize, k: usize, n: usize) -> usize {
    if total <= h || h < 2 {
        return k.min(total.saturating_sub(h));
    }
    if h == 2 {
        return k.min(total - 1);
    }
    // From the top: no upper marker, the lower one takes a line.
    if k + n < h {
        return 0;
    }
    // At the end: only the upper marker.
    let max = total - (h - 1);
    (k + n).saturating_sub(h - 2).min(max).min(k)
}

/// The window of `lines` drawn at `offset` in `h` rows: (clamped offset, text rows, marker above,
/// marker below). Markers get rows of their own, so they never hide text.
pub(crate) fn window(total: usize, h: usize, offset: usize) -> (usize, usize, bool, bool) {
    if total <= h {
        return (0, total, false, false);
    }
    if h == 2 {
        // One text row and one marker: below while there is more, else above.
        let offset = offset.min(total - 1);
        let below = offset + 1 < total;
        return (offset, 1, !below && offset > 0, below);
    }
    if h < 2 {
        // No room to reserve a row: text only, scrolled.
        return (offset.min(total - h), h, false, false);
    }
    let offset = offset.min(total - (h - 1));
    let above = offset > 0;
    let room = h - usize::from(above);
    let below = offset + room < total;
    (offset, room - usize::from(below), above, below)
}

/// The largest offset [`window`] draws differently from the one before it (`lines` of `total` in
/// `h` rows): scrolling further changes nothing on screen.
pub(crate) fn max_offset(total: usize, h: usize) -> usize {
    match h {
        _ if total <= h => 0,
        0 | 1 => total - h,
        2 => total - 1,
        _ => total - (h - 1),
    }
}

/// Draws `lines` from line `offset` (clamped so the end stays on screen), with "more" markers on
/// rows of their own naming the keys that scroll. Returns the offset used and the rows that hold
/// text (for the click regions of what was drawn).
pub(crate) fn render_at(
    frame: &mut Frame,
    area: Rect,
    lines: Vec<Line>,
    offset: usize,
    keys: (&str, &str),
) -> (usize, Rect) {
    let (offset, rows, above, below) = window(lines.len(), usize::from(area.height), offset);
    let text = Rect {
        y: area.y + u16::from(above),
        height: rows as u16,
        ..area
    };
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), text);
    let t = crate::tui::theme::current();
    let mark = |frame: &mut Frame, y: u16, text: &str| {
        let w = (text.chars().count() as u16).min(area.width);
        frame.render_widget(
            Paragraph::new(Line::styled(text.to_string(), t.key())),
            Rect::new(area.right() - w, y, w, 1),
        );
    };
    // A bare key becomes "more (j)"; a phrase is shown as it is.
    let say = |arrow: &str, k: &str| {
        if k.contains(' ') {
            format!(" {arrow} {k} ")
        } else {
            format!(" {arrow} more ({k}) ")
        }
    };
    if below {
        mark(frame, area.bottom() - 1, &say("↓", keys.0));
    }
    if above {
        mark(frame, area.y, &say("↑", keys.1));
    }
    (offset, text)
}

#[cfg(test)]
mod tests {
    use super::{offset_showing, window};

    #[test]
    fn markers_take_rows_of_their_own() {
        // 10 lines in 5 rows from the top: 4 text rows and the lower marker.
        assert_eq!(window(10, 5, 0), (0, 4, false, true));
        // In the middle: both markers, 3 text rows.
        assert_eq!(window(10, 5, 3), (3, 3, true, true));
        // At the end: the upper marker, the last 4 lines.
        assert_eq!(window(10, 5, 99), (6, 4, true, false));
        assert_eq!(window(3, 5, 2), (0, 3, false, false));
        // Two rows still say there is more (the translator's answer at 44×12).
        assert_eq!(window(10, 2, 0), (0, 1, false, true));
        assert_eq!(window(10, 2, 99), (9, 1, true, false));
    }

    #[test]
    fn the_kept_lines_are_inside_the_text_rows() {
        for total in 1..30 {
            for h in 3..12 {
                for k in 0..total {
                    for n in 1..=(total - k).min(h - 2) {
                        let o = offset_showing(total, h, k, n);
                        let (o, rows, _, _) = window(total, h, o);
                        assert!(
                            o <= k && k + n <= o + rows,
                            "{total} {h} {k} {n}: {o} {rows}"
                        );
                    }
                }
            }
        }
    }
}
