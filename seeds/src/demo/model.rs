//! The shapes of the demo tables. Dates are written as text: `YYYY-MM-DD` (day precision),
//! `YYYY-MM` (month precision) or `YYYY` (year precision) where a stage event allows it, full
//! dates everywhere else. Ventures, programs and support records refer to each other by key.

use app::domain::approval::{ApprovalOutcome, ApprovalType};
use app::domain::stage::{ExitKind, Stage, Track};

/// A fictional venture.
#[derive(Debug, Clone, Copy)]
pub struct VentureDef {
    /// Key used by the other tables (also the website path).
    pub key: &'static str,
    pub name_ja: &'static str,
    pub name_en: &'static str,
    /// Katakana reading without the corporate designator.
    pub name_kana: &'static str,
    /// The twelve digits after the check digit (the check digit is computed), or `None`.
    pub corp: Option<&'static str>,
    pub founded: &'static str,
    /// Located in the prefecture (the KPI date); `None` when not known yet.
    pub located: Option<&'static str>,
    /// Hub code of the first tenancy (from `located`, or `founded` when not located yet).
    pub hub: &'static str,
    /// Later moves between hubs.
    pub moves: &'static [Move],
    /// Left the prefecture on this date (the last tenancy ends then).
    pub left: Option<&'static str>,
    pub origin: &'static str,
    /// Modality code (schema list).
    pub modality: &'static str,
    /// Status code: active, acquired, closed, relocated_out.
    pub status: &'static str,
    pub summary: &'static str,
}

/// A move to another hub: the new tenancy starts `on`, the previous one ends the day before.
#[derive(Debug, Clone, Copy)]
pub struct Move {
    pub on: &'static str,
    pub to: &'static str,
    pub note: &'static str,
}

/// Template for [`VentureDef`] literals (`..V`).
pub const V: VentureDef = VentureDef {
    key: "",
    name_ja: "",
    name_en: "",
    name_kana: "",
    corp: None,
    founded: "",
    located: None,
    hub: "",
    moves: &[],
    left: None,
    origin: "",
    modality: "cell_therapy",
    status: "active",
    summary: "",
};

/// What a stage event says.
#[derive(Debug, Clone, Copy)]
pub enum What {
    Stage(Stage),
    Exit(ExitKind),
    Resumed,
    /// Retracts the event at this index of the same program's list.
    Retract {
        target: usize,
        reason: &'static str,
    },
}

/// One stage event, in the order it was recorded.
#[derive(Debug, Clone, Copy)]
pub struct Ev {
    pub on: &'static str,
    pub what: What,
    pub note: &'static str,
    pub source: &'static str,
}

impl Ev {
    pub const fn note(mut self, note: &'static str) -> Self {
        self.note = note;
        self
    }

    pub const fn source(mut self, url: &'static str) -> Self {
        self.source = url;
        self
    }
}

const fn ev(on: &'static str, what: What) -> Ev {
    Ev {
        on,
        what,
        note: "",
        source: "",
    }
}

/// A stage reached.
pub const fn st(on: &'static str, stage: Stage) -> Ev {
    ev(on, What::Stage(stage))
}

/// A side exit.
pub const fn ex(on: &'static str, exit: ExitKind) -> Ev {
    ev(on, What::Exit(exit))
}

/// Back to active.
pub const fn resumed(on: &'static str) -> Ev {
    ev(on, What::Resumed)
}

/// Retraction of the event at index `target` of the same list.
pub const fn retract(on: &'static str, target: usize, reason: &'static str) -> Ev {
    ev(on, What::Retract { target, reason })
}

/// Who sponsored a trial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sponsor {
    /// 企業治験.
    Company,
    /// 医師主導治験.
    Investigator,
}

impl Sponsor {
    pub fn as_str(self) -> &'static str {
        match self {
            Sponsor::Company => "company",
            Sponsor::Investigator => "investigator",
        }
    }
}

/// A trial notification (治験計画届) of a program.
#[derive(Debug, Clone, Copy)]
pub struct TrialDef {
    pub on: &'static str,
    pub sponsor: Sponsor,
    pub registry: &'static str,
    /// A clinical phase (phase1 … phase3).
    pub phase: Stage,
    pub title: &'static str,
    pub note: &'static str,
}

/// Template for [`TrialDef`] literals.
pub const T: TrialDef = TrialDef {
    on: "",
    sponsor: Sponsor::Company,
    registry: "",
    phase: Stage::Phase1,
    title: "",
    note: "",
};

/// An extension of a conditional approval's term.
#[derive(Debug, Clone, Copy)]
pub struct ExtDef {
    pub on: &'static str,
    pub new_expires: &'static str,
    pub note: &'static str,
}

/// A national approval of a program.
#[derive(Debug, Clone, Copy)]
pub struct ApprovalDef {
    pub kind: ApprovalType,
    pub brand: &'static str,
    pub applied: Option<&'static str>,
    pub approved: &'static str,
    /// First term (conditional approvals only).
    pub term_expires: Option<&'static str>,
    pub extensions: &'static [ExtDef],
    pub reapplied: Option<&'static str>,
    pub outcome: ApprovalOutcome,
    pub outcome_on: Option<&'static str>,
    pub shipment_restricted: bool,
    pub restriction_note: &'static str,
    pub sakigake: bool,
    pub orphan: bool,
    pub note: &'static str,
}

/// Template for [`ApprovalDef`] literals.
pub const A: ApprovalDef = ApprovalDef {
    kind: ApprovalType::Full,
    brand: "",
    applied: None,
    approved: "",
    term_expires: None,
    extensions: &[],
    reapplied: None,
    outcome: ApprovalOutcome::InForce,
    outcome_on: None,
    shipment_restricted: false,
    restriction_note: "",
    sakigake: false,
    orphan: false,
    note: "",
};

/// A program (one product candidate for one indication) and its history.
#[derive(Debug, Clone, Copy)]
pub struct ProgramDef {
    pub venture: &'static str,
    pub name: &'static str,
    pub indication: &'static str,
    pub track: Track,
    /// class1 / class2 / class3 (Safety Act programs only).
    pub risk_class: Option<&'static str>,
    /// Modality code; `None` = the venture's.
    pub modality: Option<&'static str>,
    pub events: &'static [Ev],
    pub trials: &'static [TrialDef],
    pub approvals: &'static [ApprovalDef],
}

/// Template for PMD Act programs (`..PMD`).
pub const PMD: ProgramDef = ProgramDef {
    venture: "",
    name: "",
    indication: "",
    track: Track::PmdAct,
    risk_class: None,
    modality: None,
    events: &[],
    trials: &[],
    approvals: &[],
};

/// Template for Safety Act programs (`..SAFETY`; set `risk_class`).
pub const SAFETY: ProgramDef = ProgramDef {
    track: Track::SafetyAct,
    ..PMD
};

/// A RINK support record.
#[derive(Debug, Clone, Copy)]
pub struct LogDef {
    /// Key for fund-support links ("" when none).
    pub key: &'static str,
    pub venture: &'static str,
    /// Working-group code, or "" for none.
    pub wg: &'static str,
    /// "coordinator" or "coordinator2".
    pub by: &'static str,
    pub on: &'static str,
    /// Kind code (consultation, matching, regulatory, evaluation, facility_use,
    /// technology_ip, international, training).
    pub kind: &'static str,
    pub summary: &'static str,
    pub outcome: &'static str,
    pub follow_up: Option<&'static str>,
    /// When the follow-up was done (a date; done at 17:00 JST), and what came of it.
    pub done: Option<(&'static str, &'static str)>,
}

/// Template for [`LogDef`] literals.
pub const L: LogDef = LogDef {
    key: "",
    venture: "",
    wg: "",
    by: "coordinator",
    on: "",
    kind: "consultation",
    summary: "",
    outcome: "",
    follow_up: None,
    done: None,
};

/// A fund support.
#[derive(Debug, Clone, Copy)]
pub struct FundDef {
    /// Fund code (healthcare_fund, ksp_fund, or the private fund of this data set).
    pub fund: &'static str,
    pub venture: &'static str,
    pub on: &'static str,
    pub amount_yen: i64,
    /// equity, convertible, loan, grant, hands_on.
    pub instrument: &'static str,
    pub round: &'static str,
    pub note: &'static str,
    /// Keys of support logs this money goes with.
    pub logs: &'static [&'static str],
}

/// Template for [`FundDef`] literals.
pub const F: FundDef = FundDef {
    fund: "healthcare_fund",
    venture: "",
    on: "",
    amount_yen: 0,
    instrument: "equity",
    round: "",
    note: "",
    logs: &[],
};

/// A working-group member.
#[derive(Debug, Clone, Copy)]
pub enum Member {
    /// A coordinator user ("coordinator" or "coordinator2").
    Coordinator(&'static str),
    /// A venture by key.
    Venture(&'static str),
    /// An outside organisation.
    Organisation(&'static str),
}

/// A working-group membership.
#[derive(Debug, Clone, Copy)]
pub struct MemberDef {
    pub wg: &'static str,
    pub member: Member,
    pub role: &'static str,
    pub joined: &'static str,
    pub left: Option<&'static str>,
}

/// A working-group meeting.
#[derive(Debug, Clone, Copy)]
pub struct MeetingDef {
    pub wg: &'static str,
    pub on: &'static str,
    pub title: &'static str,
    pub agenda: &'static str,
    pub attendees: &'static str,
    pub minutes: &'static str,
}
