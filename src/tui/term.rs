//! The real terminal: raw mode, alternate screen and mouse on the way in, all undone on
//! the way out (and on panic). One channel carries input events and job results to the
//! single `update`; each effect runs on a worker thread so the screen stays responsive.

use std::io::stdout;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use super::app::App;
use super::jobs::Jobs;
use super::msg::{Effect, Msg};
use super::theme::Theme;

pub fn run(jobs: Jobs, theme: Theme) -> anyhow::Result<()> {
    // The mono theme has no colours to suppress; crossterm's own NO_COLOR handling would
    // instead turn "default colour" into a bare SGR reset that also drops bold and reverse.
    ratatui::crossterm::style::force_color_output(true);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        previous(info);
    }));
    let mut terminal = ratatui::try_init()?;
    execute!(stdout(), EnableMouseCapture)?;
    let result = event_loop(&mut terminal, jobs, theme);
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    jobs: Jobs,
    theme: Theme,
) -> anyhow::Result<()> {
    let (tx, rx) = mpsc::channel::<Msg>();
    let input = tx.clone();
    std::thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(Event::Key(key)) if key.kind != KeyEventKind::Release => Msg::Key(key),
                Ok(Event::Mouse(mouse)) => Msg::Mouse(mouse),
                Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
                Ok(_) => continue,
                Err(_) => break,
            };
            if input.send(msg).is_err() {
                break;
            }
        }
    });
    let size = terminal.size()?;
    let mut app = App::new(
        jobs.loader.origin.clone(),
        theme,
        jobs.loader.now,
        Rect::new(0, 0, size.width, size.height),
    );
    let jobs = Arc::new(jobs);
    follow_store(&jobs, &tx);
    spawn(&jobs, &tx, app.start());
    loop {
        terminal.draw(|frame| super::render(frame, &app))?;
        let Ok(msg) = rx.recv() else { break };
        let mut effects = app.update(msg);
        // Apply whatever queued up meanwhile before drawing again (fast key repeat).
        while !app.quit {
            match rx.try_recv() {
                Ok(msg) => effects.extend(app.update(msg)),
                Err(_) => break,
            }
        }
        if app.quit {
            break;
        }
        spawn(&jobs, &tx, effects);
    }
    Ok(())
}

/// How often the dashboard looks for a change of the store under it.
const STORE_CHECK: Duration = Duration::from_secs(2);

/// Tell the app when the store changes under it (a watch, or a pull elsewhere).
fn follow_store(jobs: &Arc<Jobs>, tx: &mpsc::Sender<Msg>) {
    if jobs.loader.origin.is_demo() {
        return;
    }
    let (jobs, tx) = (Arc::clone(jobs), tx.clone());
    std::thread::spawn(move || {
        let mut seen = jobs.store_stamp();
        loop {
            std::thread::sleep(STORE_CHECK);
            let now = jobs.store_stamp();
            if now != seen {
                seen = now;
                if tx.send(Msg::StoreChanged).is_err() {
                    break;
                }
            }
        }
    });
}

fn spawn(jobs: &Arc<Jobs>, tx: &mpsc::Sender<Msg>, effects: Vec<Effect>) {
    for effect in effects {
        let (jobs, tx) = (Arc::clone(jobs), tx.clone());
        std::thread::spawn(move || jobs.run(effect, &|msg| drop(tx.send(msg))));
    }
}
