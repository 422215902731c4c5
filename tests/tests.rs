//! All integration tests compile into this one binary (links once): each
//! module is a group of scenarios, `util` the harness they share.

mod util;

mod az_failures;
mod az_grammar;
mod az_http;
mod az_inputs;
mod az_login;
mod beyond_az;
mod cli;
mod credentials;
mod deploy;
mod docker_beyond;
mod environment;
mod fleet;
mod lang;
mod layers;
mod node;
mod registry;
mod registry_today;
mod round_trips;
mod serve;
mod ship;
mod signals;
mod tls;
mod trust;
mod trust_endpoints;
mod trust_files;
