//! A network between the simulator's servers and their clients, for
//! scripts/bench.sh's round-trip figures (`acr-sim --rtt MS`).
//!
//! Every accepted TCP connection is forwarded through a pair of pumps, one
//! per direction, that hold each chunk for half the round-trip time before
//! passing it on, in the order it came. Loopback's `connect` returns at once,
//! so the TCP handshake a real network costs is played on the first chunk
//! the client sends: it is delivered no earlier than 1.5 round trips after
//! the accept (SYN, SYN-ACK, then the data with the ACK).
//!
//! What the bench reads is the **network wait**: the union of the times when
//! some byte (or the handshake) is in flight on any connection; a closing
//! connection's end of stream travels like a byte but is not counted. Divided by
//! the round-trip time it counts round trips, and it does not move with CPU
//! load: time the client spends computing between two requests has nothing
//! in flight. `GET /mark` on the control listener returns the wait since the
//! previous mark.
//!
//! DNS (UDP) is not delayed: a resolver near the client answers it.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

/// What the forwarder holds in memory per connection and direction at most
/// is bounded by what the server or client writes; a chunk is this large.
const CHUNK: usize = 64 * 1024;

/// The delaying network, shared by every listener of one simulator.
pub(crate) struct Latency {
    rtt: Duration,
    epoch: Instant,
    flights: Mutex<Flights>,
}

#[derive(Default)]
struct Flights {
    /// Times something was in flight, not yet counted by a mark (offsets
    /// from `epoch`).
    open: Vec<(Duration, Duration)>,
    /// The previous mark.
    since: Duration,
    /// Connections accepted since the previous mark.
    connections: u64,
}

/// The network wait between two marks.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Mark {
    pub rtt_ms: f64,
    /// The union of the times something was in flight, in milliseconds.
    pub network_wait_ms: f64,
    /// `network_wait_ms / rtt_ms`.
    pub round_trips: f64,
    pub connections: u64,
    /// Each span something was in flight, in milliseconds from the
    /// previous mark (overlapping spans are counted once in the wait).
    pub spans_ms: Vec<(f64, f64)>,
}

/// The total length of the union of `spans`, each clipped to `[from, to]`.
fn union_within(spans: &[(Duration, Duration)], from: Duration, to: Duration) -> Duration {
    let mut clipped: Vec<(Duration, Duration)> = spans
        .iter()
        .map(|&(a, b)| (a.max(from), b.min(to)))
        .filter(|(a, b)| a < b)
        .collect();
    clipped.sort();
    let mut total = Duration::ZERO;
    let mut current: Option<(Duration, Duration)> = None;
    for (a, b) in clipped {
        match &mut current {
            Some((_, end)) if a <= *end => *end = (*end).max(b),
            _ => {
                if let Some((s, e)) = current {
                    total += e - s;
                }
                current = Some((a, b));
            }
        }
    }
    if let Some((s, e)) = current {
        total += e - s;
    }
    total
}

impl Latency {
    pub(crate) fn new(rtt: Duration) -> Arc<Latency> {
        Arc::new(Latency {
            rtt,
            epoch: Instant::now(),
            flights: Mutex::default(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Flights> {
        self.flights.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn in_flight(&self, from: Instant, to: Instant) {
        let span = (from - self.epoch, to - self.epoch);
        self.lock().open.push(span);
    }

    /// The network wait since the previous mark; starts the next period.
    pub(crate) fn mark(&self) -> Mark {
        let now = self.epoch.elapsed();
        let mut f = self.lock();
        let wait = union_within(&f.open, f.since, now);
        let since = f.since;
        let ms = |d: Duration| d.saturating_sub(since).as_secs_f64() * 1000.0;
        let mut spans_ms: Vec<(f64, f64)> = f
            .open
            .iter()
            .filter(|&&(a, b)| b > since && a < now)
            .map(|&(a, b)| (ms(a), ms(b.min(now))))
            .collect();
        spans_ms.sort_by(|a, b| a.0.total_cmp(&b.0));
        // What is still in flight is counted by the next mark, from now.
        f.open.retain(|&(_, end)| end > now);
        f.since = now;
        let connections = std::mem::take(&mut f.connections);
        let rtt_ms = self.rtt.as_secs_f64() * 1000.0;
        let wait_ms = wait.as_secs_f64() * 1000.0;
        Mark {
            rtt_ms,
            network_wait_ms: wait_ms,
            round_trips: if rtt_ms > 0.0 { wait_ms / rtt_ms } else { 0.0 },
            connections,
            spans_ms,
        }
    }

    /// Puts the network between `tcp` (the client) and the server, which
    /// serves the returned stream.
    pub(crate) fn wrap(self: &Arc<Self>, tcp: TcpStream) -> DuplexStream {
        let accepted = Instant::now();
        {
            let mut f = self.lock();
            f.connections += 1;
        }
        // SYN and SYN-ACK.
        self.in_flight(accepted, accepted + self.rtt);
        let (server_side, ours) = tokio::io::duplex(CHUNK);
        let (client_read, client_write) = tcp.into_split();
        let (ours_read, ours_write) = tokio::io::split(ours);
        // The client's first bytes ride with its ACK: 1.5 round trips after the SYN.
        let first = accepted + self.rtt + self.rtt / 2;
        tokio::spawn(pump(self.clone(), client_read, ours_write, Some(first)));
        tokio::spawn(pump(self.clone(), ours_read, client_write, None));
        server_side
    }
}

/// Moves bytes from `src` to `dst`, each chunk half a round trip after it
/// was read (and the first no earlier than `first_not_before`), in order;
/// the end of the stream travels the same way.
async fn pump<R, W>(net: Arc<Latency>, mut src: R, mut dst: W, first_not_before: Option<Instant>)
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (tx, mut rx) = mpsc::unbounded_channel::<(Instant, Option<Vec<u8>>)>();
    let half = net.rtt / 2;
    let reader = {
        let net = net.clone();
        async move {
            let mut floor = first_not_before;
            let mut last = Instant::now();
            let mut buf = vec![0u8; CHUNK];
            loop {
                let n = src.read(&mut buf).await.unwrap_or(0);
                let read_at = Instant::now();
                let mut due = (read_at + half).max(last);
                if let Some(f) = floor.take() {
                    due = due.max(f);
                }
                last = due;
                let chunk = (n > 0).then(|| buf[..n].to_vec());
                let end = chunk.is_none();
                // A closing connection's FIN is nothing anyone waits for:
                // only bytes count.
                if !end {
                    net.in_flight(read_at, due);
                }
                if tx.send((due, chunk)).is_err() || end {
                    return;
                }
            }
        }
    };
    let writer = async move {
        while let Some((due, chunk)) = rx.recv().await {
            tokio::time::sleep_until(due.into()).await;
            let Some(bytes) = chunk else {
                let _ = dst.shutdown().await;
                return;
            };
            if dst.write_all(&bytes).await.is_err() {
                return;
            }
        }
    };
    // The writer ends after the end of the stream, or when `dst` is gone:
    // then nothing more is read either (and `src`'s half is closed).
    let reader = tokio::spawn(reader);
    writer.await;
    reader.abort();
}

/// The control listener's routes (plain HTTP on loopback, never delayed).
pub(crate) fn control_router(net: Arc<Latency>) -> Router {
    Router::new().route(
        "/mark",
        get(move || {
            let net = net.clone();
            async move { axum::Json(net.mark()) }
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_union_counts_overlaps_once_and_clips_to_the_window() {
        let ms = Duration::from_millis;
        let spans = [
            (ms(0), ms(30)),
            (ms(10), ms(40)),
            (ms(50), ms(60)),
            (ms(55), ms(58)),
        ];
        assert_eq!(union_within(&spans, ms(0), ms(100)), ms(50));
        assert_eq!(union_within(&spans, ms(20), ms(55)), ms(25));
        assert_eq!(union_within(&[], ms(0), ms(10)), ms(0));
    }
}
