//! The floor for the benchmarks: replays exactly the requests a pinflow run sent (its
//! `PINFLOW_TRACE_REQUESTS` file) with the same concurrency, and nothing else: no planning,
//! no parsing, no templating. A 503, 429 or reset is retried (from 50 ms, doubling, capped at
//! 1 s), and counted.
//!
//! Usage: replay TRACE.jsonl CONCURRENCY   (PREFECT_API_URL names the server)

use futures::stream::{self, StreamExt};
use serde_json::Value;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let trace = std::fs::read_to_string(&args[1]).expect("a trace file");
    let concurrency: usize = args.get(2).and_then(|c| c.parse().ok()).unwrap_or(4);
    #[allow(clippy::disallowed_methods)] // a benchmark tool, not pinflow
    let base = std::env::var("PREFECT_API_URL").expect("PREFECT_API_URL");
    let origin = base.split("/api").next().unwrap().to_owned();
    let requests: Vec<Value> = trace
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON lines"))
        .collect();
    let client = reqwest::Client::new();
    let started = std::time::Instant::now();
    let busy: usize = stream::iter(requests)
        .map(|r| {
            let (client, origin) = (client.clone(), origin.clone());
            async move {
                let mut url = format!("{origin}{}", r["path"].as_str().unwrap());
                if let Some(q) = r["query"].as_str() {
                    url = format!("{url}?{q}");
                }
                let method =
                    reqwest::Method::from_bytes(r["method"].as_str().unwrap().as_bytes()).unwrap();
                let mut busy = 0;
                loop {
                    let mut req = client
                        .request(method.clone(), &url)
                        .header("X-PREFECT-API-VERSION", "0.8.4");
                    if !r["body"].is_null() {
                        req = req.json(&r["body"]);
                    }
                    // A reset connection from an overloaded server counts as busy, like a 503.
                    let status = req.send().await.map_or(503, |r| r.status().as_u16());
                    if status != 503 && status != 429 {
                        return busy;
                    }
                    if busy >= 60 {
                        eprintln!("{url}: the server stayed busy");
                        std::process::exit(3);
                    }
                    busy += 1;
                    // Exponential from 50 ms, capped at 1 s: the least a fair client must wait.
                    let wait = (50u64 << busy.min(5)).min(1000);
                    tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
                }
            }
        })
        .buffer_unordered(concurrency)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .sum();
    println!(
        "{{\"seconds\": {:.4}, \"requests\": {}, \"busy\": {busy}}}",
        started.elapsed().as_secs_f64(),
        trace.lines().count()
    );
}
