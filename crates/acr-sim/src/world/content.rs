//! The one image the registry holds: `hello`, under several tags (`latest`, `v1`, …), a
//! config blob and a layer blob with real sha256 digests.

use crate::wire::jwt::sha256_hex;

pub(crate) const REPOSITORY: &str = "hello";
/// Every tag of `hello`, in the lexical order a registry lists them in; all name the
/// one manifest.
pub(crate) const TAGS: &[&str] = &[
    "1.0", "latest", "stable", "v1", "v1.1", "v1.2", "v2", "v2.0.1",
];
pub(crate) const MANIFEST_MEDIA_TYPE: &str = "application/vnd.docker.distribution.manifest.v2+json";
const CONFIG_MEDIA_TYPE: &str = "application/vnd.docker.container.image.v1+json";
const LAYER_MEDIA_TYPE: &str = "application/vnd.docker.image.rootfs.diff.tar.gzip";

pub(crate) struct Blob {
    pub digest: String,
    pub bytes: Vec<u8>,
}

pub(crate) struct Content {
    pub manifest: Vec<u8>,
    pub manifest_digest: String,
    pub blobs: Vec<Blob>,
}

fn blob(bytes: Vec<u8>) -> Blob {
    Blob {
        digest: format!("sha256:{}", sha256_hex(&bytes)),
        bytes,
    }
}

impl Content {
    pub(crate) fn new() -> Content {
        let layer = blob(b"acr-sim layer: hello from the loopback registry\n".to_vec());
        let config = blob(
            serde_json::json!({
                "architecture": "amd64",
                "os": "linux",
                "config": {"Cmd": ["/hello"]},
                "rootfs": {"type": "layers", "diff_ids": [layer.digest]},
            })
            .to_string()
            .into_bytes(),
        );
        let manifest = serde_json::to_vec_pretty(&serde_json::json!({
            "schemaVersion": 2,
            "mediaType": MANIFEST_MEDIA_TYPE,
            "config": {
                "mediaType": CONFIG_MEDIA_TYPE,
                "size": config.bytes.len(),
                "digest": config.digest,
            },
            "layers": [{
                "mediaType": LAYER_MEDIA_TYPE,
                "size": layer.bytes.len(),
                "digest": layer.digest,
            }],
        }))
        .unwrap_or_default();
        Content {
            manifest_digest: format!("sha256:{}", sha256_hex(&manifest)),
            manifest,
            blobs: vec![config, layer],
        }
    }

    pub(crate) fn blob(&self, digest: &str) -> Option<&Blob> {
        self.blobs.iter().find(|b| b.digest == digest)
    }
}
