//! Applying a filter through the host, latest request wins: while one apply
//! runs, newer requests replace each other and only the newest runs next; an
//! answer that is no longer the newest request's is dropped, so a slow old
//! answer never overwrites a newer picture. Applies never overlap, so the
//! host's `HookRan` events seen during one belong to it.

use std::cell::RefCell;
use std::rc::Rc;

use annex_runtime::events::EventKind;
use annex_runtime::protocol::api::filter::Filter;
use annex_runtime::protocol::manifest::HookName;
use annex_runtime::protocol::PluginId;
use annex_runtime::{Error, PluginHost, RgbaImage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlCanvasElement;

use super::choice::Choice;
use super::hook_panel::{HookRunView, Report, StepView};
use super::params;
use crate::shell::canvas;
use crate::shell::status_line::Status;
use crate::shell::track::Tracker;

/// The test image's size.
pub const WIDTH: u32 = 480;
/// The test image's size.
pub const HEIGHT: u32 = 300;

/// A filter with its slider values.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// Which plugin and filter.
    pub choice: Choice,
    /// The parameters, in `params::specs` order.
    pub values: Vec<f64>,
}

impl Request {
    /// `Image filters · box_blur: radius 4`.
    pub fn describe(&self) -> String {
        format!(
            "{} · {}",
            self.choice.plugin_name,
            params::describe(&self.choice.filter, &self.values)
        )
    }
}

/// Where the results go.
#[derive(Clone, Copy)]
pub struct Outputs {
    /// The status line.
    pub status: RwSignal<Status>,
    /// The hook panel's last report.
    pub report: RwSignal<Option<Report>>,
    /// For the `filter_applied` analytics event.
    pub tracker: Tracker,
}

#[derive(Debug, Default)]
struct Queue {
    running: bool,
    latest: u64,
    pending: Option<(u64, Request)>,
}

/// Runs requests one at a time, newest first (see the module docs).
pub struct Applier {
    host: PluginHost,
    after: HtmlCanvasElement,
    outputs: Outputs,
    queue: RefCell<Queue>,
}

/// How one apply ended.
enum Ended {
    Applied { image: RgbaImage, ms: f64, by: String },
    Stopped { by: String, hook: String, reason: String },
    Failed(String),
}

impl Applier {
    /// An applier drawing into `after`.
    pub fn new(host: PluginHost, after: HtmlCanvasElement, outputs: Outputs) -> Rc<Self> {
        Rc::new(Self { host, after, outputs, queue: RefCell::default() })
    }

    /// Asks for `request`; it runs now, or after the apply under way (unless
    /// a newer request replaces it first).
    pub fn request(self: &Rc<Self>, request: Request) {
        let mut queue = self.queue.borrow_mut();
        queue.latest += 1;
        let seq = queue.latest;
        self.outputs
            .status
            .try_set(Status::Working(format!("Running {} in its worker…", request.describe())));
        if queue.running {
            queue.pending = Some((seq, request));
            return;
        }
        queue.running = true;
        drop(queue);
        let this = Rc::clone(self);
        spawn_local(async move { this.drain(seq, request).await });
    }

    async fn drain(self: Rc<Self>, seq: u64, request: Request) {
        let mut next = Some((seq, request));
        while let Some((seq, request)) = next {
            let (ended, runs, notes) = self.run(&request).await;
            if seq == self.queue.borrow().latest {
                self.publish(seq, &request, ended, runs, notes);
            }
            let mut queue = self.queue.borrow_mut();
            next = queue.pending.take();
            queue.running = next.is_some();
        }
    }

    /// One apply: the plugin (activated from the catalog if needed), the
    /// filter, and the hook runs the host reported meanwhile.
    async fn run(&self, request: &Request) -> (Ended, Vec<HookRunView>, Vec<String>) {
        let filter = params::build(&request.choice.filter, &request.values);
        let id: PluginId = match request.choice.plugin.parse() {
            Ok(id) => id,
            Err(error) => return (Ended::Failed(format!("{error}")), Vec::new(), Vec::new()),
        };
        let runs = Rc::new(RefCell::new(Vec::new()));
        let seen = Rc::clone(&runs);
        let host = self.host.clone();
        let subscription = self.host.events().subscribe(move |event| {
            if let EventKind::HookRan { hook, trace } = &event.kind {
                if hook.as_str().starts_with("filter.") {
                    let steps = trace.iter().map(|step| StepView::new(&host, step)).collect();
                    seen.borrow_mut().push(HookRunView { hook: hook.to_string(), steps });
                }
            }
        });
        let started = now_ms();
        let ended = self.apply(&id, &filter).await;
        let ms = now_ms() - started;
        drop(subscription);
        let runs = runs.take();
        let modified = runs.iter().flat_map(|r| &r.steps).any(|s| s.outcome == "modified");
        let notes = if modified { self.notes(&id, &filter).await } else { Vec::new() };
        let ended = match ended {
            Ok((image, by)) => Ended::Applied { image, ms, by },
            Err(Error::HookStopped { hook, by, reason, .. }) => Ended::Stopped {
                by: self.name_of(&by),
                hook: hook.to_string(),
                reason: reason.unwrap_or_else(|| "no reason given".into()),
            },
            Err(error) => Ended::Failed(error.to_string()),
        };
        (ended, runs, notes)
    }

    async fn apply(&self, id: &PluginId, filter: &Filter) -> Result<(RgbaImage, String), Error> {
        let plugin = self.host.activate(id).await?;
        let image = RgbaImage::from_bytes(WIDTH, HEIGHT, &canvas::test_image(WIDTH, HEIGHT))?;
        let out = plugin.canvas_filter()?.apply(image, filter).await?;
        let m = plugin.manifest();
        Ok((out, format!("{} {}", m.name, m.version)))
    }

    /// Why the chain changed a request: the `notes` its plugins add. The
    /// trace only says *that* a plugin modified the data, so the same
    /// request is run through the `filter.pre_apply` chain once more (the
    /// example hooks keep no state) and its notes are read.
    async fn notes(&self, id: &PluginId, filter: &Filter) -> Vec<String> {
        let Ok(hook) = "filter.pre_apply".parse::<HookName>() else { return Vec::new() };
        let data =
            serde_json::json!({"plugin": id, "filter": filter, "width": WIDTH, "height": HEIGHT});
        match self.host.run_hook(&hook, data).await {
            Ok(run) => run.data["notes"]
                .as_array()
                .map(|notes| notes.iter().filter_map(|n| n.as_str().map(str::to_owned)).collect())
                .unwrap_or_default(),
            Err(error) => vec![format!("could not ask the chain why: {error}")],
        }
    }

    fn draw(&self, image: &RgbaImage) -> Result<(), String> {
        let data = image.to_image_data().map_err(|e| e.to_string())?;
        canvas::draw(&self.after, &data)
    }

    fn name_of(&self, id: &PluginId) -> String {
        match self.host.plugin(id) {
            Some(plugin) => format!("{} ({id})", plugin.manifest().name),
            None => id.to_string(),
        }
    }

    fn publish(
        &self,
        seq: u64,
        request: &Request,
        ended: Ended,
        runs: Vec<HookRunView>,
        notes: Vec<String>,
    ) {
        let filter = params::describe(&request.choice.filter, &request.values);
        let changed = if notes.is_empty() {
            String::new()
        } else {
            format!(" The hook chain changed the request: {}.", notes.join("; "))
        };
        let (status, verdict) = match ended {
            Ended::Applied { image, ms, by } => match self.draw(&image) {
                Ok(()) => {
                    let data = serde_json::json!({
                        "plugin": request.choice.plugin,
                        "filter": request.choice.filter,
                        "ms": ms.round(),
                    });
                    self.outputs.tracker.track("filter_applied", data);
                    let text = format!(
                        "Filtered by {by} ({filter}) in {ms:.1} ms, hooks and worker round \
                         trip included.{changed}"
                    );
                    let verdict = if notes.is_empty() {
                        "Applied as asked."
                    } else {
                        "Applied with the chain's changes."
                    };
                    (Status::Done(text), verdict.to_owned())
                }
                Err(error) => {
                    (Status::Failed(format!("Could not draw the result: {error}")), error)
                }
            },
            Ended::Stopped { by, hook, reason } => (
                Status::Failed(format!(
                    "Stopped by {by} at {hook} ({filter}): {reason}. The filter plugin was not \
                     called; the picture is unchanged."
                )),
                format!("Stopped by {by}: {reason}"),
            ),
            Ended::Failed(error) => {
                (Status::Failed(format!("Could not apply {}: {error}", request.describe())), error)
            }
        };
        let _ = self.outputs.status.try_set(status);
        let _ = self.outputs.report.try_set(Some(Report {
            seq,
            request: request.describe(),
            runs,
            notes,
            verdict,
        }));
    }
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
