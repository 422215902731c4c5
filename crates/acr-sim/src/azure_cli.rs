//! The Azure CLI's on-disk login state (`~/.azure`, `AZURE_CONFIG_DIR`) for the simulator.

/// The Azure CLI's public client id: every user token az holds was issued to it.
pub const AZURE_CLI_CLIENT_ID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
