//! What the same work costs without Annex: bare workers and a plain JS loop.

use annex_tests::bench::{sample, sample_async, Report, ITERATIONS, RTT_BATCH, WARMUP};
use futures::channel::oneshot;
use js_sys::{Array, Function, Uint8ClampedArray};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, MessageEvent, Url, Worker, WorkerOptions, WorkerType};

pub async fn measure(report: &mut Report) {
    let spawn_url = &blob_url("self.postMessage('ready');");
    let samples = sample_async(WARMUP, ITERATIONS, move || async move {
        let start = annex_tests::now_ms();
        let worker = module_worker(spawn_url);
        next_message(&worker).await;
        let elapsed = annex_tests::now_ms() - start;
        worker.terminate();
        elapsed
    })
    .await;
    report.add("baseline_worker_spawn_ms", "ms", &samples);

    let echo = &module_worker(&blob_url("self.onmessage = (e) => self.postMessage(e.data);"));
    let samples = sample_async(WARMUP, ITERATIONS, move || async move {
        let start = annex_tests::now_ms();
        for _ in 0..RTT_BATCH {
            let reply = next_message(echo);
            echo.post_message(&JsValue::from(1)).unwrap();
            reply.await;
        }
        (annex_tests::now_ms() - start) / RTT_BATCH as f64
    })
    .await;
    echo.terminate();
    report.add("baseline_postmessage_rtt_ms", "ms", &samples);

    let js_grayscale = Function::new_with_args(
        "d",
        "for (let i = 0; i < d.length; i += 4) {
            const y = ((2126 * d[i] + 7152 * d[i + 1] + 722 * d[i + 2] + 5000) / 10000) | 0;
            d[i] = y; d[i + 1] = y; d[i + 2] = y;
        }",
    );
    let (width, height) = annex_tests::bench::FULL_HD;
    let original = annex_tests::test_image(width, height);
    let mut last = Vec::new();
    let samples = sample(WARMUP, ITERATIONS, || {
        let pixels = Uint8ClampedArray::new_with_length(original.len() as u32);
        pixels.copy_from(&original);
        let start = annex_tests::now_ms();
        js_grayscale.call1(&JsValue::NULL, &pixels).unwrap();
        let elapsed = annex_tests::now_ms() - start;
        last = pixels.to_vec();
        elapsed
    });
    assert_eq!(last, annex_tests::reference_grayscale(&original), "JS baseline is wrong");
    report.add("filter_1080p_js_ms", "ms", &samples);
}

fn blob_url(source: &str) -> String {
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let parts = Array::of1(&JsValue::from(source));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).unwrap();
    Url::create_object_url_with_blob(&blob).unwrap()
}

fn module_worker(url: &str) -> Worker {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    Worker::new_with_options(url, &options).unwrap()
}

/// Resolves on the worker's next message.
fn next_message(worker: &Worker) -> impl std::future::Future<Output = ()> {
    let (sender, receiver) = oneshot::channel::<()>();
    let mut sender = Some(sender);
    let closure = Closure::<dyn FnMut(MessageEvent)>::new(move |_event: MessageEvent| {
        if let Some(sender) = sender.take() {
            let _ = sender.send(());
        }
    });
    worker.set_onmessage(Some(closure.as_ref().unchecked_ref()));
    async move {
        let _ = receiver.await;
        drop(closure);
    }
}
