//! A tiny authoritative DNS responder on a loopback UDP port: the registry's CNAME chain, its
//! data endpoint, the foreign realm host, and the DNS faults.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use hickory_proto::op::{Message, Metadata, OpCode, ResponseCode};
use hickory_proto::rr::rdata::{A, AAAA, CNAME, SOA};
use hickory_proto::rr::{Name, RData, Record, RecordType};
use tokio::net::UdpSocket;
use tokio::sync::watch;

use crate::world::ctx::Ctx;
use crate::world::scenario::Scenario;

const TTL: u32 = 60;
/// Where the public registry name points in healthy mode (a made-up front-end name).
pub(crate) const FRONTEND: &str = "sim-eus-1.cloudapp.azurecr.io";

enum Target {
    Alias(String),
    Address(Ipv4Addr),
}

enum Outcome {
    Records(Vec<Record>),
    NxDomain,
    ServFail,
    Silence,
}

fn table(ctx: &Ctx, name: &str) -> Option<Target> {
    let registry = ctx.registry_host.as_str();
    let storage = ctx.storage_host.as_str();
    let replica = ctx.replica_storage_host.as_str();
    let private = matches!(
        ctx.scenario,
        Scenario::Privatelink
            | Scenario::PrivatelinkDnsMismatch
            | Scenario::PrivatelinkUnresolvable
            | Scenario::PrivatelinkServfail
    );
    // With the private DNS zone missing, the data endpoint resolves publicly.
    let data_private = ctx.scenario == Scenario::Privatelink;
    let reg_private = format!("{}.privatelink.azurecr.io", ctx.registry_name);
    let data_private_name = format!("{}.eastus.data.privatelink.azurecr.io", ctx.registry_name);
    Some(match name {
        n if n == registry && private => Target::Alias(reg_private),
        n if n == registry => Target::Alias(FRONTEND.to_string()),
        n if n == storage && data_private => Target::Alias(data_private_name.clone()),
        // Its record missing from the private zone: nobody knows the name.
        n if n == storage && ctx.scenario == Scenario::PrivatelinkUnresolvable => return None,
        n if n == storage => Target::Address(Ipv4Addr::LOCALHOST),
        // The second region's data endpoint: NXDOMAIN where the scenario says it does not
        // resolve, as for a name nobody registered.
        n if n == replica && ctx.scenario == Scenario::DataEndpointUnresolvable => return None,
        n if n == replica => Target::Address(Ipv4Addr::LOCALHOST),
        // The regional endpoints, where ARM lists them: the login server's listener.
        n if ctx.scenario == Scenario::RegionalEndpoints
            && ctx.regional_hosts.iter().any(|h| h == n) =>
        {
            Target::Address(Ipv4Addr::LOCALHOST)
        }
        // `dnl-name-taken`: the plain name is another tenant's registry, on
        // the same front end.
        n if ctx.scenario == Scenario::DnlNameTaken
            && n == format!("{}.azurecr.io", ctx.registry_name) =>
        {
            Target::Alias(FRONTEND.to_string())
        }
        FRONTEND => Target::Address(Ipv4Addr::LOCALHOST),
        crate::wire::tls::OTHER_REALM_HOST => Target::Address(Ipv4Addr::LOCALHOST),
        // Loopback behind the privatelink name: the tool connects to what DNS says,
        // and tests must never connect anywhere but 127.0.0.0/8.
        n if private && n == reg_private => Target::Address(Ipv4Addr::LOCALHOST),
        n if data_private && n == data_private_name => Target::Address(Ipv4Addr::new(127, 0, 0, 5)),
        _ => return None,
    })
}

fn name(text: &str) -> Option<Name> {
    Name::from_ascii(format!("{text}.")).ok()
}

fn resolve(ctx: &Ctx, qname: &str, qtype: RecordType) -> Outcome {
    if qname == ctx.registry_host {
        match ctx.scenario {
            Scenario::DnsNxdomain => return Outcome::NxDomain,
            Scenario::DnsServfail => return Outcome::ServFail,
            Scenario::DnsEmpty => return Outcome::Records(Vec::new()),
            Scenario::DnsTimeout => return Outcome::Silence,
            _ => {}
        }
    }
    if qname == ctx.storage_host && ctx.scenario == Scenario::PrivatelinkServfail {
        return Outcome::ServFail;
    }
    if table(ctx, qname).is_none() {
        return Outcome::NxDomain;
    }
    // A queries (and CNAME queries, for the first hop) get answers; AAAA ones only in
    // `dual-stack`, where every name with an IPv4 loopback address also has ::1. Any other
    // type is an empty NOERROR, as for a name with IPv4 addresses only.
    let mut records = Vec::new();
    let wanted = match qtype {
        RecordType::A | RecordType::CNAME => true,
        RecordType::AAAA => ctx.dual_stack(),
        _ => false,
    };
    if !wanted {
        return Outcome::Records(records);
    }
    let mut current = qname.to_string();
    for _ in 0..8 {
        let (Some(target), Some(owner)) = (table(ctx, &current), name(&current)) else {
            break;
        };
        match target {
            Target::Alias(next) => {
                let Some(next_name) = name(&next) else { break };
                records.push(Record::from_rdata(
                    owner,
                    TTL,
                    RData::CNAME(CNAME(next_name)),
                ));
                if qtype == RecordType::CNAME {
                    break;
                }
                current = next;
            }
            Target::Address(ip) => {
                match qtype {
                    RecordType::AAAA if ip.is_loopback() => {
                        records.push(Record::from_rdata(
                            owner,
                            TTL,
                            RData::AAAA(AAAA(Ipv6Addr::LOCALHOST)),
                        ));
                    }
                    RecordType::AAAA => {}
                    _ => records.push(Record::from_rdata(owner, TTL, RData::A(A(ip)))),
                }
                break;
            }
        }
    }
    Outcome::Records(records)
}

fn soa(qname: &str) -> Option<Record> {
    let labels: Vec<&str> = qname.split('.').filter(|l| !l.is_empty()).collect();
    let zone = labels[labels.len().saturating_sub(2)..].join(".");
    Some(Record::from_rdata(
        name(&zone)?,
        TTL,
        RData::SOA(SOA::new(
            name("ns1.acr-sim.test")?,
            name("hostmaster.acr-sim.test")?,
            1,
            3600,
            300,
            86400,
            TTL,
        )),
    ))
}

/// Build the reply to one datagram; `None` means stay silent.
fn answer(ctx: &Ctx, packet: &[u8]) -> Option<Vec<u8>> {
    let request = match Message::from_vec(packet) {
        Ok(m) => m,
        Err(_) if packet.len() >= 2 => {
            let id = u16::from_be_bytes([packet[0], packet[1]]);
            return Message::error_msg(id, OpCode::Query, ResponseCode::FormErr)
                .to_vec()
                .ok();
        }
        Err(_) => return None,
    };
    let mut response = Message::response(request.metadata.id, request.metadata.op_code);
    response.metadata = Metadata::response_from_request(&request.metadata);
    response.metadata.authoritative = true;
    response.metadata.recursion_available = true;
    let Some(query) = request.queries.first().cloned() else {
        response.metadata.response_code = ResponseCode::FormErr;
        return response.to_vec().ok();
    };
    let qname = query
        .name()
        .to_ascii()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let qtype = query.query_type();
    ctx.log.push_dns(qname.clone(), qtype.to_string());
    response.add_query(query);
    if request.metadata.op_code != OpCode::Query {
        response.metadata.response_code = ResponseCode::NotImp;
        return response.to_vec().ok();
    }
    match resolve(ctx, &qname, qtype) {
        Outcome::Silence => return None,
        Outcome::ServFail => response.metadata.response_code = ResponseCode::ServFail,
        Outcome::NxDomain => {
            response.metadata.response_code = ResponseCode::NXDomain;
            response.add_authorities(soa(&qname));
        }
        Outcome::Records(records) => {
            if records.is_empty() {
                response.add_authorities(soa(&qname));
            }
            response.add_answers(records);
        }
    }
    response.to_vec().ok()
}

pub(crate) async fn serve(socket: UdpSocket, ctx: Arc<Ctx>, mut shutdown: watch::Receiver<()>) {
    let mut buf = vec![0u8; 4096];
    loop {
        let received = tokio::select! {
            r = socket.recv_from(&mut buf) => r,
            _ = shutdown.changed() => return,
        };
        let (len, peer) = match received {
            Ok(pair) => pair,
            Err(e) => {
                // On some platforms an ICMP port-unreachable from an earlier reply surfaces
                // here; it concerns one peer only, so keep serving.
                tracing::debug!("acr-sim DNS receive: {e}");
                continue;
            }
        };
        if let Some(reply) = answer(&ctx, &buf[..len.min(buf.len())]) {
            let _ = socket.send_to(&reply, peer).await;
        }
    }
}
