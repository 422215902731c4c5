//! The simulated tenant's fixed identities (made-up values; none is a real credential), and
//! the Azure CLI's public client id, the well-known one its user signs in with.

/// Fixed identities of the simulated tenant. Made-up values; none is a real credential.
pub(crate) struct Ids {
    pub tenant_id: &'static str,
    pub client_id: &'static str,
    pub client_secret: &'static str,
    pub object_id: &'static str,
    pub subscription_id: &'static str,
    pub resource_group: &'static str,
    pub admin_password: &'static str,
    pub identity_header: &'static str,
    pub managed_identity_client_id: &'static str,
    /// The same user-assigned identity's resource id (IMDS's `msi_res_id`).
    pub managed_identity_resource_id: &'static str,
    pub cmk_identity_name: &'static str,
    pub cmk_client_id: &'static str,
    pub cmk_principal_id: &'static str,
    /// The tenant's one user, who signs in to the Azure CLI.
    pub user_name: &'static str,
    pub user_display_name: &'static str,
    pub user_password: &'static str,
    pub user_object_id: &'static str,
    pub tenant_domain: &'static str,
    pub tenant_display_name: &'static str,
}

pub(crate) const IDS: Ids = Ids {
    tenant_id: "5e1f0c2a-7d3b-4c8e-9a61-0d2f4b8c7e11",
    client_id: "3c9a7b1e-2f4d-4e6a-8b0c-91d2e3f4a5b6",
    // Random-looking on purpose: acr-health redacts any 8 characters in a row
    // of a secret, so a secret made of words would hide those words anywhere.
    client_secret: "sim~Q7xK.vR2-mZ9pL_4tWc8nB0yF",
    object_id: "a4b3c2d1-0e9f-4a8b-8c7d-6e5f4a3b2c1d",
    subscription_id: "8d2c4e6f-1a3b-4c5d-9e7f-a0b1c2d3e4f5",
    resource_group: "sim-rg",
    admin_password: "sim+Admin/Pass=w0rd",
    identity_header: "sim-ih-7f3a9c2e41d8b6",
    managed_identity_client_id: "6f5e4d3c-2b1a-4098-8e7d-c6b5a4938271",
    managed_identity_resource_id: "/subscriptions/8d2c4e6f-1a3b-4c5d-9e7f-a0b1c2d3e4f5/resourceGroups/MC_sim-rg_simcluster_eastus/providers/Microsoft.ManagedIdentity/userAssignedIdentities/simcluster-agentpool",
    cmk_identity_name: "simregistry-cmk",
    cmk_client_id: "9b8a7c6d-5e4f-4321-9abc-def012345678",
    cmk_principal_id: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    user_name: "dev@simtenant.onmicrosoft.com",
    user_display_name: "Sim Developer",
    user_password: "sim+User/Pass=w0rd",
    user_object_id: "c7d6e5f4-a3b2-4c1d-9e0f-1a2b3c4d5e6f",
    tenant_domain: "simtenant.onmicrosoft.com",
    tenant_display_name: "acr-sim tenant",
};

/// The Azure CLI's public client id: every user token az holds was issued to it.
pub const AZURE_CLI_CLIENT_ID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
