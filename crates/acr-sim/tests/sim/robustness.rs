use std::time::Duration;

use acr_sim::{Scenario, Sim, SimOptions};
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::util::*;

#[tokio::test]
async fn odd_requests_get_answers_not_panics() {
    let sim = sim(Scenario::Healthy).await;
    let c = client(&sim);
    let host = sim.registry_host();
    let odd: Vec<reqwest::RequestBuilder> = vec![
        c.get(login_url(&sim, "/v2/../../etc/passwd")),
        c.get(login_url(&sim, "/v2/hello/manifests/")),
        c.get(login_url(&sim, "/v2/%ff%fe/blobs/%00")),
        c.delete(login_url(&sim, "/v2/hello/manifests/latest")),
        c.post(login_url(&sim, "/oauth2/exchange"))
            .body("%%%&&&==="),
        c.post(login_url(&sim, "/oauth2/exchange"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(vec![0xffu8, 0xfe, b'=', 0x00]),
        c.post(login_url(&sim, "/oauth2/token"))
            .form(&[("grant_type", "magic")]),
        c.post(login_url(&sim, "/oauth2/token"))
            .form(&[("grant_type", "password"), ("service", host.as_str())]),
        c.get(login_url(&sim, "/oauth2/token?scope=%%%")),
        c.get(login_url(&sim, "/v2/hello/manifests/latest"))
            .header("authorization", "Bearer"),
        c.get(login_url(&sim, "/v2/hello/manifests/latest"))
            .header("authorization", "Basic !!!"),
        c.get(login_url(&sim, "/v2/hello/manifests/latest"))
            .header("authorization", "Bearer a.b"),
        c.get(format!(
            "https://{}:{}/blob/x?se=abc&sig=%%",
            sim.storage_host(),
            sim.storage_port()
        )),
        c.get(format!(
            "https://{}:{}/nothing",
            sim.storage_host(),
            sim.storage_port()
        )),
        c.post(format!("{}/x/oauth2/v2.0/token", sim.authority_host()))
            .body("\u{0}"),
        c.get(format!(
            "{}/subscriptions/{}/resourceGroups",
            sim.arm_endpoint(),
            sim.subscription_id()
        )),
        c.get(format!("{}/msi/token", sim.authority_host()))
            .header("x-identity-header", sim.identity_header()),
        c.get(format!("{}/", sim.authority_host())),
    ];
    for req in odd {
        let resp = req.send().await.expect("an answer");
        assert!(resp.status().is_client_error(), "{}", resp.status());
    }
    // A form body over the limit is refused, not buffered without end.
    let big = vec![b'a'; 2 << 20];
    // The server may answer 413 and close while the client is still writing
    // the body; a broken pipe then is the same refusal, seen from our side.
    match c
        .post(login_url(&sim, "/oauth2/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await
    {
        Ok(resp) => assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE),
        Err(e) => {
            let text = format!("{e:?}");
            assert!(
                text.contains("BodyWrite") || text.contains("BrokenPipe") || text.contains("reset"),
                "{text}"
            );
        }
    }

    // Plain text on the TLS port: the handshake fails, the server carries on.
    let mut raw = TcpStream::connect(("127.0.0.1", sim.login_port()))
        .await
        .unwrap();
    raw.write_all(b"GET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut sink = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(2), raw.read_to_end(&mut sink)).await;

    let resp = c.get(login_url(&sim, "/v2/")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_registry_name_is_an_error_and_custom_name_works() {
    let err = Sim::start(SimOptions {
        registry_name: "bad name!".into(),
        ..SimOptions::default()
    })
    .await
    .unwrap_err();
    assert!(err.to_string().contains("bad name!"));
    let sim = Sim::start(SimOptions {
        registry_name: "Contoso".into(),
        ..SimOptions::default()
    })
    .await
    .unwrap();
    assert_eq!(sim.registry_host(), "contoso.azurecr.io");
    assert_eq!(sim.storage_host(), "contoso.eastus.data.azurecr.io");
    let c = client(&sim);
    let resp = c.get(login_url(&sim, "/v2/")).send().await.unwrap();
    assert!(header(&resp, "www-authenticate").contains("service=\"contoso.azurecr.io\""));
}

#[tokio::test]
async fn shutdown_closes_the_listeners() {
    let sim = sim(Scenario::Healthy).await;
    let port = sim.login_port();
    sim.shutdown().await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(TcpStream::connect(("127.0.0.1", port)).await.is_err());
}

/// One blocking DNS round trip with std's UDP socket: the calling thread is stuck meanwhile.
fn blocking_dns_query(server: std::net::SocketAddr) -> Option<hickory_proto::op::Message> {
    use hickory_proto::op::{Message, Query};
    use hickory_proto::rr::{Name, RecordType};
    let mut query = Message::query();
    query.add_query(Query::query(
        Name::from_ascii("simregistry.azurecr.io.").ok()?,
        RecordType::A,
    ));
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").ok()?;
    socket.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    socket.send_to(&query.to_vec().ok()?, server).ok()?;
    let mut buf = [0u8; 1024];
    let (len, _) = socket.recv_from(&mut buf).ok()?;
    Message::from_vec(&buf[..len]).ok()
}

#[tokio::test]
async fn the_sim_answers_while_the_test_thread_blocks() {
    // A current-thread test runtime that blocks (as a test running the tool with
    // `Command::output()` does) must not freeze the simulator.
    let sim = sim(Scenario::Healthy).await;
    let reply = blocking_dns_query(sim.dns_addr()).expect("reply while blocked");
    assert_eq!(reply.answers.len(), 2);
}

#[test]
fn start_blocking_works_without_a_runtime() {
    let sim = Sim::start_blocking(SimOptions::default()).expect("starts");
    let reply = blocking_dns_query(sim.dns_addr()).expect("reply");
    assert_eq!(reply.answers.len(), 2);
    let port = sim.login_port();
    drop(sim);
    std::thread::sleep(Duration::from_millis(100));
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[tokio::test]
async fn the_delaying_network_counts_a_first_request_as_three_round_trips() {
    // Not a timing of anything: the forwarder's count is computed from the
    // spans it holds each chunk for, so it holds under load. TCP (1), TLS
    // 1.3 (1) and the request (1) on a new connection; then one more on the
    // same connection.
    let sim = Sim::start(SimOptions {
        rtt: Some(Duration::from_millis(100)),
        ..SimOptions::default()
    })
    .await
    .unwrap();
    let mark_url = sim
        .latency_endpoint()
        .expect("a latency endpoint with --rtt");
    let plain = plain_client();
    let mark = || async {
        let (status, v) = json(plain.get(&mark_url).send().await.unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        v
    };
    mark().await;
    let c = client(&sim);
    let resp = c.get(login_url(&sim, "/v2/")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let _ = resp.bytes().await.unwrap();
    let first = mark().await;
    assert_eq!(first["connections"], 1, "{first}");
    assert_eq!(first["rttMs"], 100.0, "{first}");
    let rt = first["roundTrips"].as_f64().unwrap();
    assert!((2.5..=3.6).contains(&rt), "{first}");
    let resp = c.get(login_url(&sim, "/v2/")).send().await.unwrap();
    let _ = resp.bytes().await.unwrap();
    let second = mark().await;
    assert_eq!(
        second["connections"], 0,
        "the connection is reused: {second}"
    );
    let rt = second["roundTrips"].as_f64().unwrap();
    assert!((0.9..=1.6).contains(&rt), "{second}");
    // Without --rtt there is no network and no counter.
    assert!(
        crate::util::sim(Scenario::Healthy)
            .await
            .latency_endpoint()
            .is_none()
    );
}
