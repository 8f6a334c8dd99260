//! Where events go: one line each on the output (readable, or JSON with `--json`), one
//! post each to every webhook, one count each in the metrics.

use std::io::Write;
use std::sync::Arc;

use super::context::{Contexts, SourceContext};
use super::events::Event;
use super::live::Counters;
use super::webhook::Webhooks;

pub struct Emitter {
    contexts: Arc<Contexts>,
    json: bool,
    out: Box<dyn Write + Send>,
    webhooks: Option<Webhooks>,
    counters: Arc<Counters>,
}

impl Emitter {
    pub fn new(
        contexts: Arc<Contexts>,
        json: bool,
        out: Box<dyn Write + Send>,
        webhooks: Option<Webhooks>,
        counters: Arc<Counters>,
    ) -> Self {
        Self {
            contexts,
            json,
            out,
            webhooks,
            counters,
        }
    }

    pub fn emit(&mut self, event: &Event) {
        let fallback;
        let context = match self.contexts.get(&event.source_id) {
            Some(context) => context,
            None => {
                fallback = SourceContext {
                    source_id: event.source_id.clone(),
                    vendor: event.source_id.clone(),
                    service: event.source_id.clone(),
                    uses: Vec::new(),
                };
                &fallback
            }
        };
        let value = super::text::json(event, context);
        let body = value.to_string();
        let printed = if self.json {
            body.clone()
        } else {
            super::text::line(event, context)
        };
        // A closed stdout must not stop the watch: the webhooks and metrics go on.
        let _ = writeln!(self.out, "{printed}").and_then(|()| self.out.flush());
        if let Some(hooks) = &self.webhooks {
            hooks.post(&body);
        }
        self.counters.event(&event.change);
    }

    /// The webhooks, to drain at exit.
    pub fn take_webhooks(&mut self) -> Option<Webhooks> {
        self.webhooks.take()
    }
}
