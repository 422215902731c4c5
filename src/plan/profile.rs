//! The compatibility profile: which tool's behaviour a run reproduces. `-o
//! az` picks az 2.91's; every other format ours. The profile decides, at plan
//! time, which checks exist, when the docker checks stop and which lines are
//! kept; the checks themselves receive only the `Rules` switch.

use crate::engine::finding::{Finding, Status};
use crate::probe::settings::Rules;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Profile {
    /// Every check, our own lines beside az's.
    #[default]
    Own,
    /// az 2.91's checks and lines, nothing more (for scripts written against az).
    Az,
}

impl Profile {
    /// The switch the checks take.
    pub fn rules(self) -> Rules {
        match self {
            Profile::Own => Rules::Own,
            Profile::Az => Rules::Az,
        }
    }

    /// Checks az 2.91 does not have: notary, `docker info`, docker's stored
    /// logins and the daemon's route to the registry. Under the az profile
    /// they are not planned at all (hiding their lines would not hide an
    /// error, which would still stop a strict run).
    pub fn beyond_az_checks(self) -> bool {
        self == Profile::Own
    }

    /// az's docker checks end at a daemon failure, so under its profile the
    /// version step waits for the daemon step; ours shows the client's
    /// version even when the daemon is down.
    pub fn version_waits_for_daemon(self) -> bool {
        self == Profile::Az
    }

    /// Whether a finding is part of this profile's report: az's keeps its
    /// errors and its own lines, not our extra facts (`beyond_az`).
    pub fn keeps(self, f: &Finding) -> bool {
        match self {
            Profile::Own => true,
            Profile::Az => !f.beyond_az || (f.status == Status::Error && f.failure.is_some()),
        }
    }
}
