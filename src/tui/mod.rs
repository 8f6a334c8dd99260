//! The dashboard. Keys become commands (`command`), commands and background results
//! change the state in one place (`App::update`), and drawing (`views`) is a pure function
//! of the state. Work that touches the store or the network runs on worker threads
//! (`jobs`) and reports back as messages. `term` owns the real terminal.

pub mod app;
pub mod command;
pub mod fmt;
mod input;
pub mod jobs;
pub mod lists;
pub mod live;
pub mod msg;
pub mod state;
pub mod table;
pub mod term;
pub mod theme;
pub mod views;

pub use app::App;
pub use msg::{Effect, Msg};
pub use state::View;
pub use theme::Theme;
pub use views::render;
