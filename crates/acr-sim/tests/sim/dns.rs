use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use acr_sim::Scenario;
use hickory_proto::op::{Message, Query, ResponseCode};
use hickory_proto::rr::{Name, RData, RecordType};
use tokio::net::UdpSocket;

use crate::util::sim;

/// Ask `server` one question; `None` when no answer comes within `wait`.
async fn ask(server: SocketAddr, name: &str, rtype: RecordType, wait: Duration) -> Option<Message> {
    let mut query = Message::query();
    query.metadata.recursion_desired = true;
    query.add_query(Query::query(Name::from_ascii(name).unwrap(), rtype));
    let socket = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    socket
        .send_to(&query.to_vec().unwrap(), server)
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let (len, _) = tokio::time::timeout(wait, socket.recv_from(&mut buf))
        .await
        .ok()?
        .ok()?;
    let reply = Message::from_vec(&buf[..len]).unwrap();
    assert_eq!(reply.metadata.id, query.metadata.id);
    Some(reply)
}

const WAIT: Duration = Duration::from_secs(2);

fn answers(m: &Message) -> Vec<String> {
    m.answers
        .iter()
        .map(|r| match &r.data {
            RData::A(a) => format!("A {}", a.0),
            RData::CNAME(c) => format!("CNAME {}", c.0),
            other => format!("{:?}", other.record_type()),
        })
        .collect()
}

#[tokio::test]
async fn healthy_names() {
    let sim = sim(Scenario::Healthy).await;
    let dns = sim.dns_addr();
    assert!(dns.ip().is_loopback());
    let reply = ask(dns, "simregistry.azurecr.io.", RecordType::A, WAIT)
        .await
        .unwrap();
    assert_eq!(reply.metadata.response_code, ResponseCode::NoError);
    assert_eq!(
        answers(&reply),
        ["CNAME sim-eus-1.cloudapp.azurecr.io.", "A 127.0.0.1"]
    );
    let reply = ask(dns, "SimRegistry.AzureCR.io.", RecordType::AAAA, WAIT)
        .await
        .unwrap();
    assert_eq!(reply.metadata.response_code, ResponseCode::NoError);
    assert!(reply.answers.is_empty());
    let reply = ask(
        dns,
        "simregistry.eastus.data.azurecr.io.",
        RecordType::A,
        WAIT,
    )
    .await
    .unwrap();
    assert_eq!(answers(&reply), ["A 127.0.0.1"]);
    let reply = ask(dns, "evil.example.test.", RecordType::A, WAIT)
        .await
        .unwrap();
    assert_eq!(answers(&reply), ["A 127.0.0.1"]);
    let reply = ask(dns, "unknown.example.test.", RecordType::A, WAIT)
        .await
        .unwrap();
    assert_eq!(reply.metadata.response_code, ResponseCode::NXDomain);
    assert_eq!(
        sim.dns_queries(),
        [
            ("simregistry.azurecr.io".to_string(), "A".to_string()),
            ("simregistry.azurecr.io".to_string(), "AAAA".to_string()),
            (
                "simregistry.eastus.data.azurecr.io".to_string(),
                "A".to_string()
            ),
            ("evil.example.test".to_string(), "A".to_string()),
            ("unknown.example.test".to_string(), "A".to_string()),
        ]
    );
}

#[tokio::test]
async fn dns_fault_scenarios() {
    for (scenario, code) in [
        (Scenario::DnsNxdomain, ResponseCode::NXDomain),
        (Scenario::DnsServfail, ResponseCode::ServFail),
        (Scenario::DnsEmpty, ResponseCode::NoError),
    ] {
        let sim = sim(scenario).await;
        let reply = ask(
            sim.dns_addr(),
            "simregistry.azurecr.io.",
            RecordType::A,
            WAIT,
        )
        .await
        .unwrap();
        assert_eq!(reply.metadata.response_code, code, "{scenario}");
        assert!(reply.answers.is_empty(), "{scenario}");
        // Other names still resolve.
        let other = ask(
            sim.dns_addr(),
            "simregistry.eastus.data.azurecr.io.",
            RecordType::A,
            WAIT,
        )
        .await
        .unwrap();
        assert_eq!(answers(&other), ["A 127.0.0.1"]);
    }
    let sim = sim(Scenario::DnsTimeout).await;
    let reply = ask(
        sim.dns_addr(),
        "simregistry.azurecr.io.",
        RecordType::A,
        Duration::from_millis(300),
    )
    .await;
    assert!(reply.is_none());
    assert_eq!(sim.dns_queries().len(), 1);
}

#[tokio::test]
async fn privatelink_chain() {
    let sim = sim(Scenario::Privatelink).await;
    let reply = ask(
        sim.dns_addr(),
        "simregistry.azurecr.io.",
        RecordType::A,
        WAIT,
    )
    .await
    .unwrap();
    assert_eq!(
        answers(&reply),
        ["CNAME simregistry.privatelink.azurecr.io.", "A 127.0.0.1"]
    );
    let reply = ask(
        sim.dns_addr(),
        "simregistry.azurecr.io.",
        RecordType::CNAME,
        WAIT,
    )
    .await
    .unwrap();
    assert_eq!(
        answers(&reply),
        ["CNAME simregistry.privatelink.azurecr.io."]
    );
}

#[tokio::test]
async fn garbage_datagrams_do_not_stop_the_responder() {
    let sim = sim(Scenario::Healthy).await;
    let socket = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    for junk in [
        &b""[..],
        b"\x01",
        b"\x12\x34\xff\xff\xff\xff",
        &[0xffu8; 600],
    ] {
        socket.send_to(junk, sim.dns_addr()).await.unwrap();
    }
    let reply = ask(
        sim.dns_addr(),
        "simregistry.azurecr.io.",
        RecordType::A,
        WAIT,
    )
    .await
    .unwrap();
    assert_eq!(reply.metadata.response_code, ResponseCode::NoError);
}

/// The responder as acr-health sees it: through hickory-resolver.
mod through_hickory_resolver {
    use std::net::IpAddr;
    use std::time::Duration;

    use acr_sim::Scenario;
    use hickory_resolver::config::{
        ConnectionConfig, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts,
    };
    use hickory_resolver::net::runtime::TokioRuntimeProvider;
    use hickory_resolver::{Resolver, TokioResolver};

    use crate::util::sim;

    fn resolver(sim: &acr_sim::Sim) -> TokioResolver {
        let mut udp = ConnectionConfig::udp();
        udp.port = sim.dns_addr().port();
        let server = NameServerConfig::new(sim.dns_addr().ip(), true, vec![udp]);
        let mut opts = ResolverOpts::default();
        opts.timeout = Duration::from_millis(300);
        opts.attempts = 1;
        opts.use_hosts_file = ResolveHosts::Never;
        Resolver::builder_with_config(
            ResolverConfig::from_name_servers(vec![server]),
            TokioRuntimeProvider::default(),
        )
        .with_options(opts)
        .build()
        .expect("resolver builds")
    }

    async fn ips(scenario: Scenario) -> Result<Vec<IpAddr>, String> {
        let sim = sim(scenario).await;
        resolver(&sim)
            .lookup_ip("simregistry.azurecr.io.")
            .await
            .map(|l| l.iter().collect())
            .map_err(|e| e.to_string())
    }

    #[tokio::test]
    async fn lookups() {
        assert_eq!(
            ips(Scenario::Healthy).await,
            Ok(vec!["127.0.0.1".parse().unwrap()])
        );
        assert_eq!(
            ips(Scenario::Privatelink).await,
            Ok(vec!["127.0.0.1".parse().unwrap()])
        );
        for scenario in [
            Scenario::DnsNxdomain,
            Scenario::DnsServfail,
            Scenario::DnsEmpty,
            Scenario::DnsTimeout,
        ] {
            assert!(ips(scenario).await.is_err(), "{scenario}");
        }
    }
}

#[tokio::test]
async fn dual_stack_and_regional_names() {
    let sim = sim(Scenario::DualStack).await;
    let dns = sim.dns_addr();
    let aaaa = |m: &Message| -> Vec<String> {
        m.answers
            .iter()
            .map(|r| match &r.data {
                RData::AAAA(a) => format!("AAAA {}", a.0),
                RData::CNAME(c) => format!("CNAME {}", c.0),
                other => format!("{:?}", other.record_type()),
            })
            .collect()
    };
    let reply = ask(dns, "simregistry.azurecr.io.", RecordType::AAAA, WAIT)
        .await
        .unwrap();
    assert_eq!(
        aaaa(&reply),
        ["CNAME sim-eus-1.cloudapp.azurecr.io.", "AAAA ::1"]
    );
    let reply = ask(
        dns,
        "simregistry.eastus.data.azurecr.io.",
        RecordType::AAAA,
        WAIT,
    )
    .await
    .unwrap();
    assert_eq!(aaaa(&reply), ["AAAA ::1"]);
    // The geo names exist only where ARM lists them.
    let reply = ask(
        dns,
        "simregistry.eastus.geo.azurecr.io.",
        RecordType::A,
        WAIT,
    )
    .await
    .unwrap();
    assert_eq!(reply.metadata.response_code, ResponseCode::NXDomain);

    let sim = crate::util::sim(Scenario::RegionalEndpoints).await;
    let reply = ask(
        sim.dns_addr(),
        "simregistry.westus.geo.azurecr.io.",
        RecordType::A,
        WAIT,
    )
    .await
    .unwrap();
    assert_eq!(answers(&reply), ["A 127.0.0.1"]);

    // A domain name label: the plain name does not exist, the labelled one does.
    let sim = crate::util::sim(Scenario::DnlTenantReuse).await;
    let reply = ask(
        sim.dns_addr(),
        "simregistry.azurecr.io.",
        RecordType::A,
        WAIT,
    )
    .await
    .unwrap();
    assert_eq!(reply.metadata.response_code, ResponseCode::NXDomain);
    let reply = ask(
        sim.dns_addr(),
        "simregistry-exfrbuffaye7ceag.azurecr.io.",
        RecordType::A,
        WAIT,
    )
    .await
    .unwrap();
    assert_eq!(
        answers(&reply),
        ["CNAME sim-eus-1.cloudapp.azurecr.io.", "A 127.0.0.1"]
    );

    // The plain name taken by another registry: both resolve.
    let sim = crate::util::sim(Scenario::DnlNameTaken).await;
    assert_eq!(
        sim.registry_host(),
        "simregistry-exfrbuffaye7ceag.azurecr.io"
    );
    for name in [
        "simregistry.azurecr.io.",
        "simregistry-exfrbuffaye7ceag.azurecr.io.",
    ] {
        let reply = ask(sim.dns_addr(), name, RecordType::A, WAIT)
            .await
            .unwrap();
        assert_eq!(
            answers(&reply),
            ["CNAME sim-eus-1.cloudapp.azurecr.io.", "A 127.0.0.1"],
            "{name}"
        );
    }
}
