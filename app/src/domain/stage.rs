//! The journey of a program: stage codes, the event log and the rules that govern it.
//!
//! A program's history is an append-only list of dated [`StageEvent`]s (recorded in this
//! order; the database keeps them in `stage_events`). [`derive_state`] replays them into a
//! [`ProgramState`]; [`check_event`] says whether a proposed event may be added (with
//! [`Warning`]s that do not block); [`allowed_actions`] lists what a form should offer.
//!
//! # Rules
//! Each stage is a milestone reached at most once. Every program starts in `research`
//! (a `research` event may date it, but only before any other stage).
//!
//! PMD Act programs (`pmd_act`):
//! - `trial_notified` and the clinical phases (`phase1`, `phase1_2`, `phase2`, `phase2_3`,
//!   `phase3`) only in increasing rank: never a stage ranked at or below the current one
//!   (no `phase1` once `phase2` is reached; skipping is fine);
//! - `applied` needs at least one clinical phase (Phase III is not required);
//! - `approved_conditional` needs `applied` and no full approval yet;
//! - `approved` needs `applied` (it may follow `approved_conditional`, even after `launched`);
//! - `launched` needs `approved` or `approved_conditional`; `implemented` needs `launched`.
//!
//! Safety Act programs (`safety_act`, 再生医療等安全性確保法): `plan_submitted` from research,
//! `providing` needs `plan_submitted`. Stages of the other track are refused.
//!
//! Side exits: an `exit` event sets the program's status. While it is not active no stage may
//! be reached and no other exit recorded, except `discontinued`, which may also end a
//! suspended, not-granted or withdrawn program. `resumed` returns to active from
//! `suspended`, `not_granted` or `withdrawn` (the re-application path: `applied` still
//! stands, so `approved` may follow); `discontinued` and `expired` are terminal.
//! `expired` needs `approved_conditional` and no full approval; `not_granted` needs
//! `applied` and no full approval; `withdrawn` needs `applied`.
//!
//! Dates: a month- or year-precision date stands for the first day of its period
//! ([`StageEvent::compare_date`]); all derived dates are such first days. An event may not
//! be dated before the program's latest effective event nor after today (in Japan).
//!
//! Retraction: any effective event (neither retracted nor itself a retraction) may be
//! retracted with a non-empty reason, provided that the remaining effective events still
//! replay without error (so `applied` cannot be retracted while `approved` stands). Its
//! date follows the same date rules.

use super::validation::{FieldError, ToFieldError};
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

code_enum! {
    /// A milestone of a program's journey (`programs.current_stage`, `stage_events.stage`).
    /// `Ord` is the display order of [`Stage::ALL`]; use [`Stage::rank`] for progress.
    pub enum Stage ("stage") {
        /// 研究 (university or company research; the starting point of both tracks).
        Research = "research",
        /// 治験計画届出.
        TrialNotified = "trial_notified",
        /// Phase I.
        Phase1 = "phase1",
        /// Phase I/II.
        Phase1_2 = "phase1_2",
        /// Phase II.
        Phase2 = "phase2",
        /// Phase II/III.
        Phase2_3 = "phase2_3",
        /// Phase III.
        Phase3 = "phase3",
        /// 承認申請.
        Applied = "applied",
        /// 条件及び期限付承認.
        ApprovedConditional = "approved_conditional",
        /// 承認 (full).
        Approved = "approved",
        /// 上市 / 製品化.
        Launched = "launched",
        /// 社会実装.
        Implemented = "implemented",
        /// 再生医療等提供計画の提出 (Safety Act).
        PlanSubmitted = "plan_submitted",
        /// 再生医療等の提供 (Safety Act).
        Providing = "providing",
    }
}

code_enum! {
    /// Which law a program's journey runs under (`programs.track`).
    pub enum Track ("track") {
        /// 医薬品医療機器等法 (PMD Act): products.
        PmdAct = "pmd_act",
        /// 再生医療等安全性確保法: treatment and clinical research in medical institutions.
        SafetyAct = "safety_act",
    }
}

code_enum! {
    /// A side exit from the journey (`stage_events.exit_kind`).
    pub enum ExitKind ("exit_kind") {
        /// Paused; may be resumed.
        Suspended = "suspended",
        /// Ended for good.
        Discontinued = "discontinued",
        /// Approval refused; may be resumed (re-application).
        NotGranted = "not_granted",
        /// A conditional approval's term ran out; final.
        Expired = "expired",
        /// Application withdrawn; may be resumed.
        Withdrawn = "withdrawn",
    }
}

code_enum! {
    /// A program's status (`programs.status`): active or the latest exit.
    pub enum ProgramStatus ("program_status") {
        /// In development or on the market.
        Active = "active",
        /// See [`ExitKind::Suspended`].
        Suspended = "suspended",
        /// See [`ExitKind::Discontinued`].
        Discontinued = "discontinued",
        /// See [`ExitKind::NotGranted`].
        NotGranted = "not_granted",
        /// See [`ExitKind::Expired`].
        Expired = "expired",
        /// See [`ExitKind::Withdrawn`].
        Withdrawn = "withdrawn",
    }
}

code_enum! {
    /// The kind of a stage event (`stage_events.kind`).
    pub enum EventKind ("event_kind") {
        /// A milestone reached.
        Stage = "stage",
        /// A side exit.
        Exit = "exit",
        /// Back to active after a resumable exit.
        Resumed = "resumed",
        /// Cancels an earlier event, with a reason.
        Retraction = "retraction",
    }
}

code_enum! {
    /// How precise an event's date is (`stage_events.date_precision`).
    pub enum DatePrecision ("date_precision") {
        /// The exact day.
        Day = "day",
        /// Only the month is known.
        Month = "month",
        /// Only the year is known.
        Year = "year",
    }
}

impl Stage {
    /// Progress order: research 0, plan_submitted 5, providing 6, trial_notified 10,
    /// phase1 20, phase1_2 25, phase2 30, phase2_3 35, phase3 40, applied 50,
    /// approved_conditional 60, approved 70, launched 80, implemented 90
    /// (`programs.current_stage_rank`).
    pub const fn rank(self) -> i32 {
        match self {
            Stage::Research => 0,
            Stage::PlanSubmitted => 5,
            Stage::Providing => 6,
            Stage::TrialNotified => 10,
            Stage::Phase1 => 20,
            Stage::Phase1_2 => 25,
            Stage::Phase2 => 30,
            Stage::Phase2_3 => 35,
            Stage::Phase3 => 40,
            Stage::Applied => 50,
            Stage::ApprovedConditional => 60,
            Stage::Approved => 70,
            Stage::Launched => 80,
            Stage::Implemented => 90,
        }
    }

    /// The track the stage belongs to; `None` for `research`, which starts both.
    pub const fn track(self) -> Option<Track> {
        match self {
            Stage::Research => None,
            Stage::PlanSubmitted | Stage::Providing => Some(Track::SafetyAct),
            _ => Some(Track::PmdAct),
        }
    }

    /// Whether programs of `track` can reach this stage.
    pub fn belongs_to(self, track: Track) -> bool {
        self.track().is_none_or(|t| t == track)
    }

    /// `trial_notified` … `applied`: the stages the two-year "no development reported" rule
    /// watches.
    pub const fn is_clinical(self) -> bool {
        matches!(self.rank(), 10..=50)
    }

    /// The trial phases `phase1` … `phase3` (including the combined ones).
    pub const fn is_clinical_phase(self) -> bool {
        matches!(self.rank(), 20..=40)
    }

    /// The clinical phases, in rank order.
    pub const CLINICAL_PHASES: [Stage; 5] = [
        Stage::Phase1,
        Stage::Phase1_2,
        Stage::Phase2,
        Stage::Phase2_3,
        Stage::Phase3,
    ];
}

impl Track {
    /// The stages of this track, in display order (research first).
    pub fn stages(self) -> &'static [Stage] {
        match self {
            Track::PmdAct => &Stage::ALL[..12],
            Track::SafetyAct => &[Stage::Research, Stage::PlanSubmitted, Stage::Providing],
        }
    }
}

impl ExitKind {
    /// `discontinued` and `expired`: nothing can follow.
    pub const fn is_terminal(self) -> bool {
        matches!(self, ExitKind::Discontinued | ExitKind::Expired)
    }
}

impl ProgramStatus {
    /// Whether stages may be reached.
    pub const fn is_active(self) -> bool {
        matches!(self, ProgramStatus::Active)
    }

    /// `suspended`, `not_granted`, `withdrawn`: a `resumed` event may follow.
    pub const fn is_resumable(self) -> bool {
        matches!(
            self,
            ProgramStatus::Suspended | ProgramStatus::NotGranted | ProgramStatus::Withdrawn
        )
    }

    /// The exit that produced this status (`None` when active).
    pub const fn exit_kind(self) -> Option<ExitKind> {
        match self {
            ProgramStatus::Active => None,
            ProgramStatus::Suspended => Some(ExitKind::Suspended),
            ProgramStatus::Discontinued => Some(ExitKind::Discontinued),
            ProgramStatus::NotGranted => Some(ExitKind::NotGranted),
            ProgramStatus::Expired => Some(ExitKind::Expired),
            ProgramStatus::Withdrawn => Some(ExitKind::Withdrawn),
        }
    }
}

impl From<ExitKind> for ProgramStatus {
    fn from(kind: ExitKind) -> Self {
        match kind {
            ExitKind::Suspended => ProgramStatus::Suspended,
            ExitKind::Discontinued => ProgramStatus::Discontinued,
            ExitKind::NotGranted => ProgramStatus::NotGranted,
            ExitKind::Expired => ProgramStatus::Expired,
            ExitKind::Withdrawn => ProgramStatus::Withdrawn,
        }
    }
}

impl DatePrecision {
    /// The first day of the period `date` stands for (the date itself for `day`).
    pub fn first_day(self, date: NaiveDate) -> NaiveDate {
        match self {
            DatePrecision::Day => date,
            DatePrecision::Month => date.with_day(1).unwrap_or(date),
            DatePrecision::Year => date.with_ordinal(1).unwrap_or(date),
        }
    }

    /// The last day of the period `date` stands for.
    pub fn last_day(self, date: NaiveDate) -> NaiveDate {
        let first = self.first_day(date);
        let months = match self {
            DatePrecision::Day => return date,
            DatePrecision::Month => 1,
            DatePrecision::Year => 12,
        };
        first
            .checked_add_months(Months::new(months))
            .and_then(|d| d.pred_opt())
            .unwrap_or(date)
    }

    /// `2024-07-15`, `2024-07` or `2024`.
    pub fn format_iso(self, date: NaiveDate) -> String {
        match self {
            DatePrecision::Day => date.format("%Y-%m-%d").to_string(),
            DatePrecision::Month => date.format("%Y-%m").to_string(),
            DatePrecision::Year => date.format("%Y").to_string(),
        }
    }

    /// `2024年7月15日`, `2024年7月` or `2024年`.
    pub fn format_ja(self, date: NaiveDate) -> String {
        match self {
            DatePrecision::Day => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
            DatePrecision::Month => format!("{}年{}月", date.year(), date.month()),
            DatePrecision::Year => format!("{}年", date.year()),
        }
    }
}

/// What an event says. Serialised with a `kind` tag matching [`EventKind`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventBody {
    /// A milestone reached.
    Stage {
        /// The stage.
        stage: Stage,
    },
    /// A side exit.
    Exit {
        /// The exit.
        exit_kind: ExitKind,
    },
    /// Back to active.
    Resumed,
    /// Cancels an earlier event.
    Retraction {
        /// The event cancelled.
        retracts_event_id: Uuid,
        /// Why (required, non-blank).
        reason: String,
    },
}

impl EventBody {
    /// The event's kind code.
    pub fn kind(&self) -> EventKind {
        match self {
            EventBody::Stage { .. } => EventKind::Stage,
            EventBody::Exit { .. } => EventKind::Exit,
            EventBody::Resumed => EventKind::Resumed,
            EventBody::Retraction { .. } => EventKind::Retraction,
        }
    }
}

/// One entry of a program's stage history (a row of `stage_events`, minus bookkeeping such as
/// source, note and who recorded it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StageEvent {
    /// The event's id (UUID v7).
    pub id: Uuid,
    /// The date as entered (see [`StageEvent::compare_date`]).
    pub occurred_on: NaiveDate,
    /// How precise `occurred_on` is.
    pub precision: DatePrecision,
    /// What happened.
    #[serde(flatten)]
    pub body: EventBody,
}

impl StageEvent {
    /// An event with a day-precision date.
    pub fn new(id: Uuid, occurred_on: NaiveDate, body: EventBody) -> Self {
        Self {
            id,
            occurred_on,
            precision: DatePrecision::Day,
            body,
        }
    }

    /// A stage reached on `occurred_on`.
    pub fn stage(id: Uuid, occurred_on: NaiveDate, stage: Stage) -> Self {
        Self::new(id, occurred_on, EventBody::Stage { stage })
    }

    /// A side exit on `occurred_on`.
    pub fn exit(id: Uuid, occurred_on: NaiveDate, exit_kind: ExitKind) -> Self {
        Self::new(id, occurred_on, EventBody::Exit { exit_kind })
    }

    /// A resumption on `occurred_on`.
    pub fn resumed(id: Uuid, occurred_on: NaiveDate) -> Self {
        Self::new(id, occurred_on, EventBody::Resumed)
    }

    /// A retraction of `retracts_event_id`.
    pub fn retraction(
        id: Uuid,
        occurred_on: NaiveDate,
        retracts_event_id: Uuid,
        reason: impl Into<String>,
    ) -> Self {
        Self::new(
            id,
            occurred_on,
            EventBody::Retraction {
                retracts_event_id,
                reason: reason.into(),
            },
        )
    }

    /// The same event with another date precision.
    #[must_use]
    pub fn with_precision(mut self, precision: DatePrecision) -> Self {
        self.precision = precision;
        self
    }

    /// The event's kind code.
    pub fn kind(&self) -> EventKind {
        self.body.kind()
    }

    /// The date used for ordering and for every derived date: the first day of the period
    /// for month and year precision.
    pub fn compare_date(&self) -> NaiveDate {
        self.precision.first_day(self.occurred_on)
    }
}

/// When and by which event a stage was reached (a row of `program_milestones`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    /// The event's [`compare_date`](StageEvent::compare_date).
    pub reached_on: NaiveDate,
    /// The event's date precision.
    pub precision: DatePrecision,
    /// The event that reached it.
    pub event_id: Uuid,
}

/// Why an event was refused. Each variant carries what the message needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// A stage of the other track.
    #[error("stage {stage} does not belong to track {track}")]
    WrongTrack {
        /// The proposed stage.
        stage: Stage,
        /// The program's track.
        track: Track,
    },
    /// The program is not active (and the event is not allowed in its status).
    #[error("the program is {0}, not active")]
    NotActive(ProgramStatus),
    /// The stage was reached before.
    #[error("stage {stage} was already reached on {on}")]
    AlreadyReached {
        /// The proposed stage.
        stage: Stage,
        /// When it was reached.
        on: NaiveDate,
    },
    /// A stage ranked at or below the current one (clinical stages and research only move
    /// forward).
    #[error("stage {stage} cannot follow the current stage {current}")]
    BehindCurrent {
        /// The proposed stage.
        stage: Stage,
        /// The current stage.
        current: Stage,
    },
    /// A prerequisite is missing: one of `requires` must have been reached.
    #[error("stage {stage} requires one of {requires:?}")]
    RequiresStage {
        /// The proposed stage.
        stage: Stage,
        /// Any one of these is enough.
        requires: Vec<Stage>,
    },
    /// A stage that contradicts one already reached (conditional approval after full).
    #[error("stage {stage} cannot follow {reached}")]
    ConflictsWith {
        /// The proposed stage.
        stage: Stage,
        /// The stage already reached.
        reached: Stage,
    },
    /// An exit whose prerequisite stage was not reached.
    #[error("exit {exit} requires stage {requires}")]
    ExitRequiresStage {
        /// The proposed exit.
        exit: ExitKind,
        /// The stage it needs.
        requires: Stage,
    },
    /// An exit that contradicts a stage reached (not granted after full approval).
    #[error("exit {exit} cannot follow stage {reached}")]
    ExitConflictsWith {
        /// The proposed exit.
        exit: ExitKind,
        /// The stage already reached.
        reached: Stage,
    },
    /// `resumed` from active, discontinued or expired.
    #[error("a {0} program cannot be resumed")]
    CannotResume(ProgramStatus),
    /// Dated before the latest effective event.
    #[error("the date is before the previous event's date {previous}")]
    DateBeforePrevious {
        /// The latest effective event's date.
        previous: NaiveDate,
    },
    /// Dated after today.
    #[error("the date is after today ({today})")]
    DateInFuture {
        /// Today in Japan.
        today: NaiveDate,
    },
    /// A retraction without a reason.
    #[error("a retraction needs a reason")]
    EmptyReason,
    /// A retraction of an event that is not in the program's history.
    #[error("event {0} is not in this program's history")]
    UnknownEvent(Uuid),
    /// A retraction of a retraction.
    #[error("event {0} is a retraction and cannot be retracted")]
    NotRetractable(Uuid),
    /// A retraction of an event already retracted.
    #[error("event {0} is already retracted")]
    AlreadyRetracted(Uuid),
    /// Retracting would leave an invalid history: `event` would fail with `cause`.
    #[error("retracting {retracted} would invalidate event {event}: {cause}")]
    RetractionBreaks {
        /// The event proposed for retraction.
        retracted: Uuid,
        /// The first remaining event that would no longer be valid.
        event: Uuid,
        /// Why it would not be valid.
        cause: Box<TransitionError>,
    },
    /// An event id that is already in the history.
    #[error("event {0} is already recorded")]
    DuplicateEvent(Uuid),
}

impl TransitionError {
    /// The form field the error belongs to: `stage`, `exit_kind`, `kind`, `occurred_on`,
    /// `reason` or `retracts_event_id`.
    pub fn default_field(&self) -> &'static str {
        match self {
            Self::WrongTrack { .. }
            | Self::AlreadyReached { .. }
            | Self::BehindCurrent { .. }
            | Self::RequiresStage { .. }
            | Self::ConflictsWith { .. } => "stage",
            Self::ExitRequiresStage { .. } | Self::ExitConflictsWith { .. } => "exit_kind",
            Self::NotActive(_) | Self::CannotResume(_) | Self::DuplicateEvent(_) => "kind",
            Self::DateBeforePrevious { .. } | Self::DateInFuture { .. } => "occurred_on",
            Self::EmptyReason => "reason",
            Self::UnknownEvent(_)
            | Self::NotRetractable(_)
            | Self::AlreadyRetracted(_)
            | Self::RetractionBreaks { .. } => "retracts_event_id",
        }
    }

    /// The message code, `transition.<variant>`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::WrongTrack { .. } => "transition.wrong_track",
            Self::NotActive(_) => "transition.not_active",
            Self::AlreadyReached { .. } => "transition.already_reached",
            Self::BehindCurrent { .. } => "transition.behind_current",
            Self::RequiresStage { .. } => "transition.requires_stage",
            Self::ConflictsWith { .. } => "transition.conflicts_with",
            Self::ExitRequiresStage { .. } => "transition.exit_requires_stage",
            Self::ExitConflictsWith { .. } => "transition.exit_conflicts_with",
            Self::CannotResume(_) => "transition.cannot_resume",
            Self::DateBeforePrevious { .. } => "transition.date_before_previous",
            Self::DateInFuture { .. } => "transition.date_in_future",
            Self::EmptyReason => "transition.empty_reason",
            Self::UnknownEvent(_) => "transition.unknown_event",
            Self::NotRetractable(_) => "transition.not_retractable",
            Self::AlreadyRetracted(_) => "transition.already_retracted",
            Self::RetractionBreaks { .. } => "transition.retraction_breaks",
            Self::DuplicateEvent(_) => "transition.duplicate_event",
        }
    }

    fn params(&self) -> Vec<(String, String)> {
        fn p(k: &str, v: impl ToString) -> (String, String) {
            (k.to_owned(), v.to_string())
        }
        match self {
            Self::WrongTrack { stage, track } => vec![p("stage", stage), p("track", track)],
            Self::NotActive(s) | Self::CannotResume(s) => vec![p("status", s)],
            Self::AlreadyReached { stage, on } => vec![p("stage", stage), p("on", on)],
            Self::BehindCurrent { stage, current } => {
                vec![p("stage", stage), p("current", current)]
            }
            Self::RequiresStage { stage, requires } => vec![
                p("stage", stage),
                p(
                    "requires",
                    requires
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                ),
            ],
            Self::ConflictsWith { stage, reached } => {
                vec![p("stage", stage), p("reached", reached)]
            }
            Self::ExitRequiresStage { exit, requires } => {
                vec![p("exit", exit), p("requires", requires)]
            }
            Self::ExitConflictsWith { exit, reached } => {
                vec![p("exit", exit), p("reached", reached)]
            }
            Self::DateBeforePrevious { previous } => vec![p("previous", previous)],
            Self::DateInFuture { today } => vec![p("today", today)],
            Self::EmptyReason => Vec::new(),
            Self::UnknownEvent(id)
            | Self::NotRetractable(id)
            | Self::AlreadyRetracted(id)
            | Self::DuplicateEvent(id) => vec![p("event", id)],
            Self::RetractionBreaks {
                retracted,
                event,
                cause,
            } => {
                let mut params = vec![
                    p("retracted", retracted),
                    p("event", event),
                    p("cause", cause.code()),
                ];
                params.extend(
                    cause
                        .params()
                        .into_iter()
                        .map(|(k, v)| (format!("cause_{k}"), v)),
                );
                params
            }
        }
    }
}

impl ToFieldError for ReplayError {
    /// The inner error's field error, plus param `event_id` (the stored event refused).
    fn field_error(&self, field: &str) -> FieldError {
        self.error
            .field_error(field)
            .with_param("event_id", self.event_id)
    }
}

impl ToFieldError for TransitionError {
    /// Code from [`TransitionError::code`]; params name the stages, exits, statuses, dates
    /// and event ids involved (`RetractionBreaks` adds `cause` and `cause_*` params).
    fn field_error(&self, field: &str) -> FieldError {
        FieldError {
            field: field.to_owned(),
            code: self.code().to_owned(),
            params: self.params(),
        }
    }
}

/// A replayed event was refused ([`derive_state`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event {event_id} cannot be replayed: {error}")]
pub struct ReplayError {
    /// The refused event.
    pub event_id: Uuid,
    /// Why.
    pub error: TransitionError,
}

/// Something worth a second look that does not block the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// A stage after research dated entirely before the venture was founded (plausible for
    /// investigator-initiated trials, so only a warning).
    BeforeFounding {
        /// The proposed stage.
        stage: Stage,
        /// The venture's founding date.
        founded_on: NaiveDate,
    },
}

impl ToFieldError for Warning {
    /// Code `warning.before_founding`, params `stage`, `founded_on`.
    fn field_error(&self, field: &str) -> FieldError {
        match self {
            Warning::BeforeFounding { stage, founded_on } => {
                FieldError::new(field, "warning.before_founding")
                    .with_param("stage", stage)
                    .with_param("founded_on", founded_on)
            }
        }
    }
}

/// What a form may offer next for a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Record reaching a stage.
    Reach {
        /// The stage.
        stage: Stage,
    },
    /// Record a side exit.
    Exit {
        /// The exit.
        exit_kind: ExitKind,
    },
    /// Record a resumption.
    Resume,
    /// Retract an event (replaying the rest stays valid).
    Retract {
        /// The event.
        event_id: Uuid,
    },
}

/// What the checks need besides the program's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckContext {
    /// Today in Japan (see `clock::Clock::today`).
    pub today: NaiveDate,
    /// The venture's founding date, for the [`Warning::BeforeFounding`] check.
    pub founded_on: Option<NaiveDate>,
}

impl CheckContext {
    /// A context for `today`, founding date unknown.
    pub fn new(today: NaiveDate) -> Self {
        Self {
            today,
            founded_on: None,
        }
    }

    /// The same context with the venture's founding date.
    #[must_use]
    pub fn with_founded_on(mut self, founded_on: Option<NaiveDate>) -> Self {
        self.founded_on = founded_on;
        self
    }
}

/// A program's position derived from its events (the denormalised columns of `programs` and
/// the rows of `program_milestones`), plus the history it was derived from.
///
/// Build it with [`ProgramState::new`] / [`derive_state`]; it is serialisable so that the
/// browser can show [`allowed_actions`], but the server must derive its own from the events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramState {
    track: Track,
    current_stage: Stage,
    status: ProgramStatus,
    stage_reached_on: Option<NaiveDate>,
    milestones: BTreeMap<Stage, Milestone>,
    last_event_on: Option<NaiveDate>,
    history: Vec<StageEvent>,
}

impl ProgramState {
    /// A program with no events: research, active.
    pub fn new(track: Track) -> Self {
        Self {
            track,
            current_stage: Stage::Research,
            status: ProgramStatus::Active,
            stage_reached_on: None,
            milestones: BTreeMap::new(),
            last_event_on: None,
            history: Vec::new(),
        }
    }

    /// The program's track.
    pub fn track(&self) -> Track {
        self.track
    }

    /// The most advanced stage reached (`programs.current_stage`).
    pub fn current_stage(&self) -> Stage {
        self.current_stage
    }

    /// Its rank (`programs.current_stage_rank`).
    pub fn current_rank(&self) -> i32 {
        self.current_stage.rank()
    }

    /// Active or the latest exit (`programs.status`).
    pub fn status(&self) -> ProgramStatus {
        self.status
    }

    /// When the current stage was reached (`programs.stage_reached_on`); `None` for an
    /// undated research start.
    pub fn stage_reached_on(&self) -> Option<NaiveDate> {
        self.stage_reached_on
    }

    /// Every stage reached, with its date and event (`program_milestones`).
    pub fn milestones(&self) -> &BTreeMap<Stage, Milestone> {
        &self.milestones
    }

    /// When `stage` was reached, if it was.
    pub fn reached_on(&self, stage: Stage) -> Option<NaiveDate> {
        self.milestones.get(&stage).map(|m| m.reached_on)
    }

    /// Whether `stage` was reached.
    pub fn has_reached(&self, stage: Stage) -> bool {
        self.milestones.contains_key(&stage)
    }

    /// The latest effective event's date (`programs.last_event_on`).
    pub fn last_event_on(&self) -> Option<NaiveDate> {
        self.last_event_on
    }

    /// Every event applied, in order, retracted ones and retractions included.
    pub fn history(&self) -> &[StageEvent] {
        &self.history
    }

    /// The events that count: neither retracted nor retractions.
    pub fn effective_events(&self) -> impl Iterator<Item = &StageEvent> + '_ {
        self.history.iter().filter(move |e| {
            !matches!(e.body, EventBody::Retraction { .. }) && !self.is_retracted(e.id)
        })
    }

    /// Whether a retraction of event `id` has been applied.
    pub fn is_retracted(&self, id: Uuid) -> bool {
        self.history.iter().any(|e| {
            matches!(e.body, EventBody::Retraction { retracts_event_id, .. } if retracts_event_id == id)
        })
    }

    /// The event with this id, if it is in the history.
    pub fn event(&self, id: Uuid) -> Option<&StageEvent> {
        self.history.iter().find(|e| e.id == id)
    }

    /// Checks the rules and the date order (not "today": the past is replayed as recorded)
    /// and applies the event.
    pub fn apply(&mut self, event: StageEvent) -> Result<(), TransitionError> {
        if self.event(event.id).is_some() {
            return Err(TransitionError::DuplicateEvent(event.id));
        }
        let replayed = self.check_rules(&event.body)?;
        self.check_date_order(&event)?;
        let date = event.compare_date();
        match &event.body {
            EventBody::Stage { stage } => {
                self.milestones.insert(
                    *stage,
                    Milestone {
                        reached_on: date,
                        precision: event.precision,
                        event_id: event.id,
                    },
                );
                self.refresh_current();
                self.last_event_on = Some(date);
            }
            EventBody::Exit { exit_kind } => {
                self.status = (*exit_kind).into();
                self.last_event_on = Some(date);
            }
            EventBody::Resumed => {
                self.status = ProgramStatus::Active;
                self.last_event_on = Some(date);
            }
            EventBody::Retraction { .. } => {
                let replayed = replayed.expect("a retraction check returns the replayed state");
                self.current_stage = replayed.current_stage;
                self.status = replayed.status;
                self.stage_reached_on = replayed.stage_reached_on;
                self.milestones = replayed.milestones;
                self.last_event_on = replayed.last_event_on;
            }
        }
        self.history.push(event);
        Ok(())
    }

    fn refresh_current(&mut self) {
        match self.milestones.iter().max_by_key(|(s, _)| s.rank()) {
            Some((&stage, m)) => {
                self.current_stage = stage;
                self.stage_reached_on = Some(m.reached_on);
            }
            None => {
                self.current_stage = Stage::Research;
                self.stage_reached_on = None;
            }
        }
    }

    fn check_date_order(&self, event: &StageEvent) -> Result<(), TransitionError> {
        match self.last_event_on {
            Some(previous) if event.compare_date() < previous => {
                Err(TransitionError::DateBeforePrevious { previous })
            }
            _ => Ok(()),
        }
    }

    /// The date-free rules. For a retraction, returns the state replayed without the target.
    fn check_rules(&self, body: &EventBody) -> Result<Option<ProgramState>, TransitionError> {
        match body {
            EventBody::Stage { stage } => self.check_stage(*stage).map(|()| None),
            EventBody::Exit { exit_kind } => self.check_exit(*exit_kind).map(|()| None),
            EventBody::Resumed => {
                if self.status.is_resumable() {
                    Ok(None)
                } else {
                    Err(TransitionError::CannotResume(self.status))
                }
            }
            EventBody::Retraction {
                retracts_event_id,
                reason,
            } => self.check_retraction(*retracts_event_id, reason).map(Some),
        }
    }

    fn requires(&self, stage: Stage, any_of: &[Stage]) -> Result<(), TransitionError> {
        if any_of.iter().any(|s| self.has_reached(*s)) {
            Ok(())
        } else {
            Err(TransitionError::RequiresStage {
                stage,
                requires: any_of.to_vec(),
            })
        }
    }

    fn check_stage(&self, stage: Stage) -> Result<(), TransitionError> {
        if !stage.belongs_to(self.track) {
            return Err(TransitionError::WrongTrack {
                stage,
                track: self.track,
            });
        }
        if !self.status.is_active() {
            return Err(TransitionError::NotActive(self.status));
        }
        if let Some(m) = self.milestones.get(&stage) {
            return Err(TransitionError::AlreadyReached {
                stage,
                on: m.reached_on,
            });
        }
        let behind = || TransitionError::BehindCurrent {
            stage,
            current: self.current_stage,
        };
        match stage {
            Stage::Research => {
                if self.milestones.is_empty() {
                    Ok(())
                } else {
                    Err(behind())
                }
            }
            Stage::TrialNotified
            | Stage::Phase1
            | Stage::Phase1_2
            | Stage::Phase2
            | Stage::Phase2_3
            | Stage::Phase3 => {
                if stage.rank() > self.current_rank() {
                    Ok(())
                } else {
                    Err(behind())
                }
            }
            Stage::Applied => self.requires(stage, &Stage::CLINICAL_PHASES),
            Stage::ApprovedConditional => {
                self.requires(stage, &[Stage::Applied])?;
                if self.has_reached(Stage::Approved) {
                    return Err(TransitionError::ConflictsWith {
                        stage,
                        reached: Stage::Approved,
                    });
                }
                Ok(())
            }
            Stage::Approved => self.requires(stage, &[Stage::Applied]),
            Stage::Launched => self.requires(stage, &[Stage::Approved, Stage::ApprovedConditional]),
            Stage::Implemented => self.requires(stage, &[Stage::Launched]),
            Stage::PlanSubmitted => Ok(()),
            Stage::Providing => self.requires(stage, &[Stage::PlanSubmitted]),
        }
    }

    fn check_exit(&self, exit: ExitKind) -> Result<(), TransitionError> {
        let allowed_here = self.status.is_active()
            || (exit == ExitKind::Discontinued && self.status.is_resumable());
        if !allowed_here {
            return Err(TransitionError::NotActive(self.status));
        }
        let (requires, conflicts) = match exit {
            ExitKind::Suspended | ExitKind::Discontinued => (None, None),
            ExitKind::NotGranted => (Some(Stage::Applied), Some(Stage::Approved)),
            ExitKind::Withdrawn => (Some(Stage::Applied), None),
            ExitKind::Expired => (Some(Stage::ApprovedConditional), Some(Stage::Approved)),
        };
        if let Some(requires) = requires.filter(|s| !self.has_reached(*s)) {
            return Err(TransitionError::ExitRequiresStage { exit, requires });
        }
        if let Some(reached) = conflicts.filter(|s| self.has_reached(*s)) {
            return Err(TransitionError::ExitConflictsWith { exit, reached });
        }
        Ok(())
    }

    fn check_retraction(
        &self,
        target: Uuid,
        reason: &str,
    ) -> Result<ProgramState, TransitionError> {
        if reason.trim().is_empty() {
            return Err(TransitionError::EmptyReason);
        }
        let event = self
            .event(target)
            .ok_or(TransitionError::UnknownEvent(target))?;
        if matches!(event.body, EventBody::Retraction { .. }) {
            return Err(TransitionError::NotRetractable(target));
        }
        if self.is_retracted(target) {
            return Err(TransitionError::AlreadyRetracted(target));
        }
        let mut replayed = ProgramState::new(self.track);
        for e in self.effective_events().filter(|e| e.id != target) {
            replayed
                .apply(e.clone())
                .map_err(|cause| TransitionError::RetractionBreaks {
                    retracted: target,
                    event: e.id,
                    cause: Box::new(cause),
                })?;
        }
        Ok(replayed)
    }
}

/// Replays a program's events, in the order they were recorded, into its state; retractions
/// are applied as they come. Dates are checked for order but not against today.
pub fn derive_state<I>(track: Track, events: I) -> Result<ProgramState, ReplayError>
where
    I: IntoIterator<Item = StageEvent>,
{
    let mut state = ProgramState::new(track);
    for event in events {
        let event_id = event.id;
        state
            .apply(event)
            .map_err(|error| ReplayError { event_id, error })?;
    }
    Ok(state)
}

/// Whether `event` may be added to the program now: the rules, then the dates (not before the
/// latest effective event, not after `ctx.today`). On success returns the warnings to show.
pub fn check_event(
    state: &ProgramState,
    event: &StageEvent,
    ctx: &CheckContext,
) -> Result<Vec<Warning>, TransitionError> {
    if state.event(event.id).is_some() {
        return Err(TransitionError::DuplicateEvent(event.id));
    }
    state.check_rules(&event.body)?;
    if event.compare_date() > ctx.today {
        return Err(TransitionError::DateInFuture { today: ctx.today });
    }
    state.check_date_order(event)?;
    let mut warnings = Vec::new();
    if let (EventBody::Stage { stage }, Some(founded_on)) = (&event.body, ctx.founded_on) {
        let after_research = *stage != Stage::Research && stage.track() == Some(Track::PmdAct);
        if after_research && event.precision.last_day(event.occurred_on) < founded_on {
            warnings.push(Warning::BeforeFounding {
                stage: *stage,
                founded_on,
            });
        }
    }
    Ok(warnings)
}

/// What a form should offer: the stages that may be reached, the exits, resumption and the
/// events that may be retracted. Dates are not considered (the form asks for one).
pub fn allowed_actions(state: &ProgramState) -> Vec<Action> {
    let mut actions: Vec<Action> = state
        .track
        .stages()
        .iter()
        .filter(|&&stage| state.check_stage(stage).is_ok())
        .map(|&stage| Action::Reach { stage })
        .collect();
    actions.extend(
        ExitKind::ALL
            .iter()
            .filter(|&&exit| state.check_exit(exit).is_ok())
            .map(|&exit_kind| Action::Exit { exit_kind }),
    );
    if state.status.is_resumable() {
        actions.push(Action::Resume);
    }
    actions.extend(
        state
            .effective_events()
            .filter(|e| state.check_retraction(e.id, "-").is_ok())
            .map(|e| Action::Retract { event_id: e.id }),
    );
    actions
}

/// "No development reported": an active program whose current stage is clinical
/// (`trial_notified` … `applied`) and whose latest effective event is two full calendar years
/// or more before `today` (i.e. on or before `today` minus 24 months; after an event on
/// 29 February 2024 the flag rises on 1 March 2026, not on 28 February).
pub fn no_development_reported(state: &ProgramState, today: NaiveDate) -> bool {
    is_no_development_reported(
        state.current_stage,
        state.status,
        state.last_event_on,
        today,
    )
}

/// The same rule on the stored columns of a program (current stage, status, last event date).
pub fn is_no_development_reported(
    stage: Stage,
    status: ProgramStatus,
    last_event_on: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    if !status.is_active() || !stage.is_clinical() {
        return false;
    }
    match (last_event_on, today.checked_sub_months(Months::new(24))) {
        (Some(last), Some(cutoff)) => last <= cutoff,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    /// Builds a history with ids 1, 2, 3… one month apart from 2015-01-01.
    struct Journey {
        track: Track,
        events: Vec<StageEvent>,
    }

    impl Journey {
        fn pmd() -> Self {
            Self {
                track: Track::PmdAct,
                events: Vec::new(),
            }
        }

        fn safety() -> Self {
            Self {
                track: Track::SafetyAct,
                events: Vec::new(),
            }
        }

        fn next_date(&self) -> NaiveDate {
            d(2015, 1, 1)
                .checked_add_months(Months::new(self.events.len() as u32))
                .unwrap()
        }

        fn next_id(&self) -> Uuid {
            id(self.events.len() as u128 + 1)
        }

        fn push(mut self, body: EventBody) -> Self {
            let e = StageEvent::new(self.next_id(), self.next_date(), body);
            self.events.push(e);
            self
        }

        fn stage(self, stage: Stage) -> Self {
            self.push(EventBody::Stage { stage })
        }

        fn exit(self, exit_kind: ExitKind) -> Self {
            self.push(EventBody::Exit { exit_kind })
        }

        fn resumed(self) -> Self {
            self.push(EventBody::Resumed)
        }

        fn retract(self, n: u128) -> Self {
            self.push(EventBody::Retraction {
                retracts_event_id: id(n),
                reason: "entered by mistake".into(),
            })
        }

        fn state(&self) -> ProgramState {
            derive_state(self.track, self.events.clone()).expect("valid journey")
        }

        /// Checks `body` as the next event, dated after everything, today far ahead.
        fn check(&self, body: EventBody) -> Result<Vec<Warning>, TransitionError> {
            let state = self.state();
            let e = StageEvent::new(id(999), self.next_date(), body);
            check_event(&state, &e, &CheckContext::new(d(2100, 1, 1)))
        }

        fn check_stage(&self, stage: Stage) -> Result<Vec<Warning>, TransitionError> {
            self.check(EventBody::Stage { stage })
        }

        fn check_exit(&self, exit_kind: ExitKind) -> Result<Vec<Warning>, TransitionError> {
            self.check(EventBody::Exit { exit_kind })
        }
    }

    // ---- codes -------------------------------------------------------------------------

    #[test]
    fn codes_match_the_schema() {
        let stages: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            stages,
            [
                "research",
                "trial_notified",
                "phase1",
                "phase1_2",
                "phase2",
                "phase2_3",
                "phase3",
                "applied",
                "approved_conditional",
                "approved",
                "launched",
                "implemented",
                "plan_submitted",
                "providing"
            ]
        );
        let codes = |all: &[&str]| all.join(",");
        assert_eq!(
            codes(&Track::ALL.iter().map(|t| t.as_str()).collect::<Vec<_>>()),
            "pmd_act,safety_act"
        );
        assert_eq!(
            codes(&ExitKind::ALL.iter().map(|t| t.as_str()).collect::<Vec<_>>()),
            "suspended,discontinued,not_granted,expired,withdrawn"
        );
        assert_eq!(
            codes(
                &ProgramStatus::ALL
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
            ),
            "active,suspended,discontinued,not_granted,expired,withdrawn"
        );
        assert_eq!(
            codes(
                &EventKind::ALL
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
            ),
            "stage,exit,resumed,retraction"
        );
        assert_eq!(
            codes(
                &DatePrecision::ALL
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
            ),
            "day,month,year"
        );
    }

    #[test]
    fn codes_round_trip_through_from_str_and_serde() {
        for &s in Stage::ALL {
            assert_eq!(s.as_str().parse::<Stage>(), Ok(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
            assert_eq!(serde_json::from_str::<Stage>(&json).unwrap(), s);
        }
        for &e in ExitKind::ALL {
            assert_eq!(ProgramStatus::from(e).as_str(), e.as_str());
            assert_eq!(ProgramStatus::from(e).exit_kind(), Some(e));
        }
        let err = "phase4".parse::<Stage>().unwrap_err();
        assert_eq!((err.kind, err.value.as_str()), ("stage", "phase4"));
        assert!(serde_json::from_str::<Stage>("\"Phase1\"").is_err());
        assert!("PMD_ACT".parse::<Track>().is_err());
    }

    #[test]
    fn ranks_and_tracks() {
        let ranks: Vec<i32> = Stage::ALL.iter().map(|s| s.rank()).collect();
        assert_eq!(ranks, [0, 10, 20, 25, 30, 35, 40, 50, 60, 70, 80, 90, 5, 6]);
        assert_eq!(Stage::Research.track(), None);
        assert_eq!(Stage::Phase2_3.track(), Some(Track::PmdAct));
        assert_eq!(Stage::Providing.track(), Some(Track::SafetyAct));
        assert!(Stage::Research.belongs_to(Track::SafetyAct));
        assert!(!Stage::Phase1.belongs_to(Track::SafetyAct));
        assert!(!Stage::PlanSubmitted.belongs_to(Track::PmdAct));
        assert_eq!(Track::PmdAct.stages().len(), 12);
        assert_eq!(Track::PmdAct.stages().last(), Some(&Stage::Implemented));
        assert!(Track::PmdAct
            .stages()
            .iter()
            .all(|s| s.belongs_to(Track::PmdAct)));
        assert_eq!(
            Track::SafetyAct.stages(),
            [Stage::Research, Stage::PlanSubmitted, Stage::Providing]
        );
        let clinical: Vec<Stage> = Stage::ALL
            .iter()
            .copied()
            .filter(|s| s.is_clinical())
            .collect();
        assert_eq!(clinical.first(), Some(&Stage::TrialNotified));
        assert_eq!(clinical.last(), Some(&Stage::Applied));
        assert_eq!(clinical.len(), 7);
        assert!(!Stage::TrialNotified.is_clinical_phase());
        assert!(ExitKind::Expired.is_terminal() && !ExitKind::Withdrawn.is_terminal());
    }

    #[test]
    fn date_precision_periods_and_formats() {
        let date = d(2024, 7, 15);
        assert_eq!(DatePrecision::Day.first_day(date), date);
        assert_eq!(DatePrecision::Month.first_day(date), d(2024, 7, 1));
        assert_eq!(DatePrecision::Year.first_day(date), d(2024, 1, 1));
        assert_eq!(DatePrecision::Month.last_day(date), d(2024, 7, 31));
        assert_eq!(
            DatePrecision::Month.last_day(d(2024, 2, 10)),
            d(2024, 2, 29)
        );
        assert_eq!(DatePrecision::Year.last_day(date), d(2024, 12, 31));
        assert_eq!(DatePrecision::Month.format_iso(date), "2024-07");
        assert_eq!(DatePrecision::Year.format_iso(date), "2024");
        assert_eq!(DatePrecision::Day.format_ja(date), "2024年7月15日");
        assert_eq!(DatePrecision::Month.format_ja(date), "2024年7月");
    }

    #[test]
    fn event_serde_shape_matches_columns() {
        let e = StageEvent::stage(id(1), d(2024, 7, 1), Stage::Phase1_2)
            .with_precision(DatePrecision::Month);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"], "stage");
        assert_eq!(json["stage"], "phase1_2");
        assert_eq!(json["precision"], "month");
        assert_eq!(json["occurred_on"], "2024-07-01");
        let back: StageEvent = serde_json::from_value(json).unwrap();
        assert_eq!(back, e);
        let r = StageEvent::retraction(id(2), d(2024, 8, 1), id(1), "typo");
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["kind"], "retraction");
        assert_eq!(json["retracts_event_id"], id(1).to_string());
        assert_eq!(r.kind(), EventKind::Retraction);
    }

    // ---- PMD Act rules -----------------------------------------------------------------

    #[test]
    fn fresh_program_is_active_research() {
        let s = ProgramState::new(Track::PmdAct);
        assert_eq!(s.current_stage(), Stage::Research);
        assert_eq!(s.current_rank(), 0);
        assert_eq!(s.status(), ProgramStatus::Active);
        assert_eq!(s.stage_reached_on(), None);
        assert_eq!(s.last_event_on(), None);
        assert!(s.milestones().is_empty());
    }

    #[test]
    fn full_journey_derives_state_and_milestones() {
        let j = Journey::pmd()
            .stage(Stage::Research)
            .stage(Stage::TrialNotified)
            .stage(Stage::Phase1)
            .stage(Stage::Phase2)
            .stage(Stage::Phase3)
            .stage(Stage::Applied)
            .stage(Stage::Approved)
            .stage(Stage::Launched)
            .stage(Stage::Implemented);
        let s = j.state();
        assert_eq!(s.current_stage(), Stage::Implemented);
        assert_eq!(s.current_rank(), 90);
        assert_eq!(s.milestones().len(), 9);
        assert_eq!(s.reached_on(Stage::Phase1), Some(d(2015, 3, 1)));
        assert_eq!(s.stage_reached_on(), Some(d(2015, 9, 1)));
        assert_eq!(s.last_event_on(), Some(d(2015, 9, 1)));
        assert_eq!(s.milestones()[&Stage::Phase2].event_id, id(4));
    }

    #[test]
    fn clinical_stages_only_move_forward_but_may_skip() {
        let j = Journey::pmd().stage(Stage::Phase2);
        assert_eq!(
            j.check_stage(Stage::Phase1),
            Err(TransitionError::BehindCurrent {
                stage: Stage::Phase1,
                current: Stage::Phase2
            })
        );
        assert!(matches!(
            j.check_stage(Stage::TrialNotified),
            Err(TransitionError::BehindCurrent { .. })
        ));
        assert!(matches!(
            j.check_stage(Stage::Phase1_2),
            Err(TransitionError::BehindCurrent { .. })
        ));
        assert_eq!(j.check_stage(Stage::Phase2_3), Ok(vec![]));
        assert_eq!(j.check_stage(Stage::Phase3), Ok(vec![]));
        // Skipping straight from research to a combined phase.
        assert_eq!(Journey::pmd().check_stage(Stage::Phase1_2), Ok(vec![]));
        // Research only as the first milestone.
        assert!(matches!(
            Journey::pmd()
                .stage(Stage::TrialNotified)
                .check_stage(Stage::Research),
            Err(TransitionError::BehindCurrent { .. })
        ));
        // No new trial phase after the application.
        let applied = Journey::pmd().stage(Stage::Phase2).stage(Stage::Applied);
        assert!(matches!(
            applied.check_stage(Stage::Phase3),
            Err(TransitionError::BehindCurrent { .. })
        ));
    }

    #[test]
    fn each_stage_is_reached_once() {
        let j = Journey::pmd().stage(Stage::Phase1);
        assert_eq!(
            j.check_stage(Stage::Phase1),
            Err(TransitionError::AlreadyReached {
                stage: Stage::Phase1,
                on: d(2015, 1, 1)
            })
        );
        let r = Journey::pmd().stage(Stage::Research);
        assert!(matches!(
            r.check_stage(Stage::Research),
            Err(TransitionError::AlreadyReached { .. })
        ));
    }

    #[test]
    fn application_needs_a_clinical_phase_but_not_phase3() {
        assert_eq!(
            Journey::pmd().check_stage(Stage::Applied),
            Err(TransitionError::RequiresStage {
                stage: Stage::Applied,
                requires: Stage::CLINICAL_PHASES.to_vec()
            })
        );
        assert!(matches!(
            Journey::pmd()
                .stage(Stage::TrialNotified)
                .check_stage(Stage::Applied),
            Err(TransitionError::RequiresStage { .. })
        ));
        // Delytact-like: one Phase II is enough.
        let j = Journey::pmd()
            .stage(Stage::Phase2)
            .stage(Stage::Applied)
            .stage(Stage::ApprovedConditional);
        assert_eq!(j.state().current_stage(), Stage::ApprovedConditional);
        assert_eq!(
            Journey::pmd()
                .stage(Stage::Phase1_2)
                .check_stage(Stage::Applied),
            Ok(vec![])
        );
    }

    #[test]
    fn approvals_and_launch() {
        let applied = Journey::pmd().stage(Stage::Phase2).stage(Stage::Applied);
        assert_eq!(
            Journey::pmd()
                .stage(Stage::Phase3)
                .check_stage(Stage::Approved),
            Err(TransitionError::RequiresStage {
                stage: Stage::Approved,
                requires: vec![Stage::Applied]
            })
        );
        assert!(matches!(
            Journey::pmd()
                .stage(Stage::Phase3)
                .check_stage(Stage::ApprovedConditional),
            Err(TransitionError::RequiresStage { .. })
        ));
        assert_eq!(
            applied.check_stage(Stage::Launched),
            Err(TransitionError::RequiresStage {
                stage: Stage::Launched,
                requires: vec![Stage::Approved, Stage::ApprovedConditional]
            })
        );
        // Conditional approval after full approval is refused.
        let full = Journey::pmd()
            .stage(Stage::Phase3)
            .stage(Stage::Applied)
            .stage(Stage::Approved);
        assert_eq!(
            full.check_stage(Stage::ApprovedConditional),
            Err(TransitionError::ConflictsWith {
                stage: Stage::ApprovedConditional,
                reached: Stage::Approved
            })
        );
        assert_eq!(full.check_stage(Stage::Launched), Ok(vec![]));
        assert!(matches!(
            full.check_stage(Stage::Implemented),
            Err(TransitionError::RequiresStage { .. })
        ));
    }

    #[test]
    fn full_approval_may_follow_launch_under_conditional_approval() {
        let j = Journey::pmd()
            .stage(Stage::Phase2)
            .stage(Stage::Applied)
            .stage(Stage::ApprovedConditional)
            .stage(Stage::Launched)
            .stage(Stage::Approved);
        let s = j.state();
        // The current stage stays the most advanced one.
        assert_eq!(s.current_stage(), Stage::Launched);
        assert_eq!(s.stage_reached_on(), Some(d(2015, 4, 1)));
        assert_eq!(s.reached_on(Stage::Approved), Some(d(2015, 5, 1)));
        assert_eq!(s.last_event_on(), Some(d(2015, 5, 1)));
    }

    // ---- tracks ------------------------------------------------------------------------

    #[test]
    fn safety_act_track() {
        let j = Journey::safety();
        assert_eq!(
            j.check_stage(Stage::Providing),
            Err(TransitionError::RequiresStage {
                stage: Stage::Providing,
                requires: vec![Stage::PlanSubmitted]
            })
        );
        assert_eq!(
            j.check_stage(Stage::Phase1),
            Err(TransitionError::WrongTrack {
                stage: Stage::Phase1,
                track: Track::SafetyAct
            })
        );
        let s = j
            .stage(Stage::PlanSubmitted)
            .stage(Stage::Providing)
            .state();
        assert_eq!(s.current_stage(), Stage::Providing);
        assert_eq!(s.current_rank(), 6);
        assert_eq!(
            Journey::pmd().check_stage(Stage::PlanSubmitted),
            Err(TransitionError::WrongTrack {
                stage: Stage::PlanSubmitted,
                track: Track::PmdAct
            })
        );
        assert_eq!(Journey::safety().check_stage(Stage::Research), Ok(vec![]));
    }

    // ---- exits -------------------------------------------------------------------------

    #[test]
    fn no_stage_while_not_active() {
        let j = Journey::pmd()
            .stage(Stage::Phase1)
            .exit(ExitKind::Suspended);
        assert_eq!(j.state().status(), ProgramStatus::Suspended);
        assert_eq!(
            j.check_stage(Stage::Phase2),
            Err(TransitionError::NotActive(ProgramStatus::Suspended))
        );
        assert_eq!(
            j.check_exit(ExitKind::Suspended),
            Err(TransitionError::NotActive(ProgramStatus::Suspended))
        );
        // A suspended program may be discontinued.
        assert_eq!(j.check_exit(ExitKind::Discontinued), Ok(vec![]));
        // Resumed: stages again.
        let resumed = j.resumed();
        assert_eq!(resumed.state().status(), ProgramStatus::Active);
        assert_eq!(resumed.check_stage(Stage::Phase2), Ok(vec![]));
    }

    #[test]
    fn terminal_exits_cannot_be_resumed() {
        let j = Journey::pmd()
            .stage(Stage::Phase1)
            .exit(ExitKind::Discontinued);
        assert_eq!(
            j.check(EventBody::Resumed),
            Err(TransitionError::CannotResume(ProgramStatus::Discontinued))
        );
        assert_eq!(
            j.check_exit(ExitKind::Discontinued),
            Err(TransitionError::NotActive(ProgramStatus::Discontinued))
        );
        let expired = Journey::pmd()
            .stage(Stage::Phase2)
            .stage(Stage::Applied)
            .stage(Stage::ApprovedConditional)
            .exit(ExitKind::Expired);
        assert_eq!(
            expired.check(EventBody::Resumed),
            Err(TransitionError::CannotResume(ProgramStatus::Expired))
        );
        assert_eq!(
            Journey::pmd().check(EventBody::Resumed),
            Err(TransitionError::CannotResume(ProgramStatus::Active))
        );
    }

    #[test]
    fn exit_prerequisites() {
        let clinical = Journey::pmd().stage(Stage::Phase2);
        assert_eq!(
            clinical.check_exit(ExitKind::NotGranted),
            Err(TransitionError::ExitRequiresStage {
                exit: ExitKind::NotGranted,
                requires: Stage::Applied
            })
        );
        assert_eq!(
            clinical.check_exit(ExitKind::Withdrawn),
            Err(TransitionError::ExitRequiresStage {
                exit: ExitKind::Withdrawn,
                requires: Stage::Applied
            })
        );
        let applied = clinical.stage(Stage::Applied);
        assert_eq!(
            applied.check_exit(ExitKind::Expired),
            Err(TransitionError::ExitRequiresStage {
                exit: ExitKind::Expired,
                requires: Stage::ApprovedConditional
            })
        );
        assert_eq!(applied.check_exit(ExitKind::NotGranted), Ok(vec![]));
        assert_eq!(applied.check_exit(ExitKind::Withdrawn), Ok(vec![]));
        let conditional = applied.stage(Stage::ApprovedConditional);
        assert_eq!(conditional.check_exit(ExitKind::Expired), Ok(vec![]));
        let full = conditional.stage(Stage::Approved);
        assert_eq!(
            full.check_exit(ExitKind::Expired),
            Err(TransitionError::ExitConflictsWith {
                exit: ExitKind::Expired,
                reached: Stage::Approved
            })
        );
        assert!(matches!(
            full.check_exit(ExitKind::NotGranted),
            Err(TransitionError::ExitConflictsWith { .. })
        ));
        assert_eq!(Journey::pmd().check_exit(ExitKind::Suspended), Ok(vec![]));
    }

    #[test]
    fn heartsheet_like_reapplication_path() {
        // Conditional approval, launch, reapplication refused (not granted), resumed,
        // full approval on a later application.
        let j = Journey::pmd()
            .stage(Stage::Phase2)
            .stage(Stage::Applied)
            .stage(Stage::ApprovedConditional)
            .stage(Stage::Launched)
            .exit(ExitKind::NotGranted);
        assert_eq!(j.state().status(), ProgramStatus::NotGranted);
        assert_eq!(
            j.check_stage(Stage::Approved),
            Err(TransitionError::NotActive(ProgramStatus::NotGranted))
        );
        let resumed = j.resumed();
        assert_eq!(resumed.check_stage(Stage::Approved), Ok(vec![]));
        // Collategene-like: withdrawn, then discontinued.
        let w = Journey::pmd()
            .stage(Stage::Phase3)
            .stage(Stage::Applied)
            .stage(Stage::ApprovedConditional)
            .exit(ExitKind::Withdrawn)
            .exit(ExitKind::Discontinued);
        assert_eq!(w.state().status(), ProgramStatus::Discontinued);
    }

    // ---- dates -------------------------------------------------------------------------

    #[test]
    fn dates_may_not_go_backwards_or_into_the_future() {
        let state = Journey::pmd().stage(Stage::Phase1).state(); // 2015-01-01
        let ctx = CheckContext::new(d(2015, 6, 30));
        let before = StageEvent::stage(id(50), d(2014, 12, 31), Stage::Phase2);
        assert_eq!(
            check_event(&state, &before, &ctx),
            Err(TransitionError::DateBeforePrevious {
                previous: d(2015, 1, 1)
            })
        );
        let same_day = StageEvent::stage(id(50), d(2015, 1, 1), Stage::Phase2);
        assert_eq!(check_event(&state, &same_day, &ctx), Ok(vec![]));
        let today = StageEvent::stage(id(50), d(2015, 6, 30), Stage::Phase2);
        assert_eq!(check_event(&state, &today, &ctx), Ok(vec![]));
        let tomorrow = StageEvent::stage(id(50), d(2015, 7, 1), Stage::Phase2);
        assert_eq!(
            check_event(&state, &tomorrow, &ctx),
            Err(TransitionError::DateInFuture {
                today: d(2015, 6, 30)
            })
        );
        // derive_state refuses a backwards history too.
        let events = vec![
            StageEvent::stage(id(1), d(2020, 5, 1), Stage::Phase1),
            StageEvent::stage(id(2), d(2020, 4, 1), Stage::Phase2),
        ];
        assert_eq!(
            derive_state(Track::PmdAct, events),
            Err(ReplayError {
                event_id: id(2),
                error: TransitionError::DateBeforePrevious {
                    previous: d(2020, 5, 1)
                }
            })
        );
    }

    #[test]
    fn imprecise_dates_compare_by_their_first_day() {
        // Previous event known to the month (July 2024): a day later in July is fine.
        let events = vec![StageEvent::stage(id(1), d(2024, 7, 20), Stage::Phase1)
            .with_precision(DatePrecision::Month)];
        let state = derive_state(Track::PmdAct, events).unwrap();
        assert_eq!(state.last_event_on(), Some(d(2024, 7, 1)));
        assert_eq!(state.reached_on(Stage::Phase1), Some(d(2024, 7, 1)));
        let ctx = CheckContext::new(d(2024, 7, 10));
        let e = StageEvent::stage(id(2), d(2024, 7, 5), Stage::Phase2);
        assert_eq!(check_event(&state, &e, &ctx), Ok(vec![]));
        // A month-precision event in the current month is not in the future.
        let e = StageEvent::stage(id(2), d(2024, 7, 31), Stage::Phase2)
            .with_precision(DatePrecision::Month);
        assert_eq!(check_event(&state, &e, &ctx), Ok(vec![]));
        // A year-precision event after a day-precision one in the same year is "before" it.
        let state = derive_state(
            Track::PmdAct,
            vec![StageEvent::stage(id(1), d(2024, 3, 3), Stage::Phase1)],
        )
        .unwrap();
        let e = StageEvent::stage(id(2), d(2024, 1, 1), Stage::Phase2)
            .with_precision(DatePrecision::Year);
        assert_eq!(
            check_event(&state, &e, &CheckContext::new(d(2025, 1, 1))),
            Err(TransitionError::DateBeforePrevious {
                previous: d(2024, 3, 3)
            })
        );
    }

    #[test]
    fn warning_for_clinical_event_before_founding() {
        let state = ProgramState::new(Track::PmdAct);
        let founded = d(2018, 6, 1);
        let ctx = CheckContext::new(d(2025, 1, 1)).with_founded_on(Some(founded));
        let trial = StageEvent::stage(id(1), d(2017, 4, 1), Stage::Phase1);
        assert_eq!(
            check_event(&state, &trial, &ctx),
            Ok(vec![Warning::BeforeFounding {
                stage: Stage::Phase1,
                founded_on: founded
            }])
        );
        // Research before founding is normal.
        let research = StageEvent::stage(id(1), d(2010, 4, 1), Stage::Research);
        assert_eq!(check_event(&state, &research, &ctx), Ok(vec![]));
        // On or after founding: no warning; unknown founding date: no warning.
        let on_day = StageEvent::stage(id(1), founded, Stage::Phase1);
        assert_eq!(check_event(&state, &on_day, &ctx), Ok(vec![]));
        assert_eq!(
            check_event(&state, &trial, &CheckContext::new(d(2025, 1, 1))),
            Ok(vec![])
        );
        // June 2018 (month precision) may be after 1 June: no warning.
        let month = StageEvent::stage(id(1), d(2018, 6, 1), Stage::Phase1)
            .with_precision(DatePrecision::Month);
        let ctx_mid = CheckContext::new(d(2025, 1, 1)).with_founded_on(Some(d(2018, 6, 15)));
        assert_eq!(check_event(&state, &month, &ctx_mid), Ok(vec![]));
        let w = Warning::BeforeFounding {
            stage: Stage::Phase1,
            founded_on: founded,
        }
        .field_error("occurred_on");
        assert_eq!(w.code, "warning.before_founding");
        assert_eq!(w.param("founded_on"), Some("2018-06-01"));
    }

    // ---- retraction --------------------------------------------------------------------

    #[test]
    fn retraction_restores_the_previous_position() {
        let j = Journey::pmd()
            .stage(Stage::Phase1) // 1
            .stage(Stage::Phase2) // 2
            .retract(2); // 3
        let s = j.state();
        assert_eq!(s.current_stage(), Stage::Phase1);
        assert!(!s.has_reached(Stage::Phase2));
        assert_eq!(s.last_event_on(), Some(d(2015, 1, 1)));
        assert!(s.is_retracted(id(2)));
        assert_eq!(s.history().len(), 3);
        assert_eq!(s.effective_events().count(), 1);
        // Phase 2 can now be recorded again, with an earlier date than the retracted one.
        let e = StageEvent::stage(id(10), d(2015, 1, 15), Stage::Phase2);
        assert_eq!(
            check_event(&s, &e, &CheckContext::new(d(2016, 1, 1))),
            Ok(vec![])
        );
    }

    #[test]
    fn retracting_an_exit_reactivates() {
        let j = Journey::pmd()
            .stage(Stage::Phase1)
            .exit(ExitKind::Discontinued)
            .retract(2);
        assert_eq!(j.state().status(), ProgramStatus::Active);
        assert_eq!(j.check_stage(Stage::Phase2), Ok(vec![]));
    }

    #[test]
    fn retraction_refused_when_the_rest_depends_on_it() {
        let j = Journey::pmd()
            .stage(Stage::Phase2) // 1
            .stage(Stage::Applied) // 2
            .stage(Stage::Approved); // 3
        let err = j
            .check(EventBody::Retraction {
                retracts_event_id: id(2),
                reason: "wrong program".into(),
            })
            .unwrap_err();
        assert_eq!(
            err,
            TransitionError::RetractionBreaks {
                retracted: id(2),
                event: id(3),
                cause: Box::new(TransitionError::RequiresStage {
                    stage: Stage::Approved,
                    requires: vec![Stage::Applied]
                })
            }
        );
        let fe = err.field_error(err.default_field());
        assert_eq!(fe.field, "retracts_event_id");
        assert_eq!(fe.code, "transition.retraction_breaks");
        assert_eq!(fe.param("cause"), Some("transition.requires_stage"));
        assert_eq!(fe.param("cause_stage"), Some("approved"));
        // The latest event can be retracted.
        assert_eq!(
            j.check(EventBody::Retraction {
                retracts_event_id: id(3),
                reason: "typo".into()
            }),
            Ok(vec![])
        );
        // Retracting phase 2 would leave `applied` without a clinical phase.
        assert!(matches!(
            j.check(EventBody::Retraction { retracts_event_id: id(1), reason: "x".into() }),
            Err(TransitionError::RetractionBreaks { event, .. }) if event == id(2)
        ));
        // A suspended program may still have its earlier stage retracted.
        let r = Journey::pmd()
            .stage(Stage::Phase1)
            .exit(ExitKind::Suspended)
            .retract(1);
        let s = r.state();
        assert_eq!(s.current_stage(), Stage::Research);
        assert_eq!(s.status(), ProgramStatus::Suspended);
        assert_eq!(s.last_event_on(), Some(d(2015, 2, 1)));
    }

    #[test]
    fn retraction_input_errors() {
        let j = Journey::pmd()
            .stage(Stage::Phase1)
            .stage(Stage::Phase2)
            .retract(2);
        let retract = |target: u128, reason: &str| {
            j.check(EventBody::Retraction {
                retracts_event_id: id(target),
                reason: reason.into(),
            })
        };
        assert_eq!(retract(1, "  \u{3000}"), Err(TransitionError::EmptyReason));
        assert_eq!(retract(42, "x"), Err(TransitionError::UnknownEvent(id(42))));
        assert_eq!(
            retract(2, "x"),
            Err(TransitionError::AlreadyRetracted(id(2)))
        );
        assert_eq!(retract(3, "x"), Err(TransitionError::NotRetractable(id(3))));
        assert_eq!(retract(1, "x"), Ok(vec![]));
        // A retraction may not be dated before the latest effective event.
        let state = j.state();
        let early = StageEvent::retraction(id(20), d(2014, 1, 1), id(1), "x");
        assert_eq!(
            check_event(&state, &early, &CheckContext::new(d(2020, 1, 1))),
            Err(TransitionError::DateBeforePrevious {
                previous: d(2015, 1, 1)
            })
        );
        // Re-using an id is refused.
        let dup = StageEvent::stage(id(1), d(2016, 1, 1), Stage::Phase3);
        assert_eq!(
            check_event(&state, &dup, &CheckContext::new(d(2020, 1, 1))),
            Err(TransitionError::DuplicateEvent(id(1)))
        );
    }

    // ---- allowed actions ---------------------------------------------------------------

    fn reach(actions: &[Action]) -> Vec<Stage> {
        actions
            .iter()
            .filter_map(|a| match a {
                Action::Reach { stage } => Some(*stage),
                _ => None,
            })
            .collect()
    }

    fn exits(actions: &[Action]) -> Vec<ExitKind> {
        actions
            .iter()
            .filter_map(|a| match a {
                Action::Exit { exit_kind } => Some(*exit_kind),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn allowed_actions_for_a_new_program() {
        let a = allowed_actions(&ProgramState::new(Track::PmdAct));
        assert_eq!(
            reach(&a),
            [
                Stage::Research,
                Stage::TrialNotified,
                Stage::Phase1,
                Stage::Phase1_2,
                Stage::Phase2,
                Stage::Phase2_3,
                Stage::Phase3
            ]
        );
        assert_eq!(exits(&a), [ExitKind::Suspended, ExitKind::Discontinued]);
        assert!(!a.contains(&Action::Resume));
        let s = allowed_actions(&ProgramState::new(Track::SafetyAct));
        assert_eq!(reach(&s), [Stage::Research, Stage::PlanSubmitted]);
    }

    #[test]
    fn allowed_actions_after_conditional_approval() {
        let j = Journey::pmd()
            .stage(Stage::Phase2)
            .stage(Stage::Applied)
            .stage(Stage::ApprovedConditional);
        let a = allowed_actions(&j.state());
        assert_eq!(reach(&a), [Stage::Approved, Stage::Launched]);
        assert_eq!(
            exits(&a),
            [
                ExitKind::Suspended,
                ExitKind::Discontinued,
                ExitKind::NotGranted,
                ExitKind::Expired,
                ExitKind::Withdrawn
            ]
        );
        // Only the latest event can be retracted here (each earlier one is needed).
        let retractable: Vec<Action> = a
            .iter()
            .copied()
            .filter(|a| matches!(a, Action::Retract { .. }))
            .collect();
        assert_eq!(retractable, [Action::Retract { event_id: id(3) }]);
    }

    #[test]
    fn allowed_actions_when_suspended_and_terminal() {
        let j = Journey::pmd()
            .stage(Stage::Phase1)
            .exit(ExitKind::Suspended);
        let a = allowed_actions(&j.state());
        assert!(reach(&a).is_empty());
        assert_eq!(exits(&a), [ExitKind::Discontinued]);
        assert!(a.contains(&Action::Resume));
        let t = j.exit(ExitKind::Discontinued);
        let a = allowed_actions(&t.state());
        assert!(reach(&a).is_empty() && exits(&a).is_empty());
        assert!(!a.contains(&Action::Resume));
        // Retracting the discontinuation is still offered.
        assert!(a.contains(&Action::Retract { event_id: id(3) }));
        let json = serde_json::to_string(&Action::Reach {
            stage: Stage::Phase1,
        })
        .unwrap();
        assert_eq!(json, r#"{"action":"reach","stage":"phase1"}"#);
    }

    // ---- no development reported -------------------------------------------------------

    fn single(stage: Stage, on: NaiveDate) -> ProgramState {
        derive_state(Track::PmdAct, vec![StageEvent::stage(id(1), on, stage)]).unwrap()
    }

    #[test]
    fn two_year_rule() {
        let s = single(Stage::Phase2, d(2023, 6, 15));
        assert!(!no_development_reported(&s, d(2025, 6, 14)));
        assert!(no_development_reported(&s, d(2025, 6, 15)));
        assert!(no_development_reported(&s, d(2030, 1, 1)));
        // Applied counts as clinical; approval does not.
        assert!(no_development_reported(
            &single(Stage::TrialNotified, d(2020, 1, 1)),
            d(2024, 1, 1)
        ));
        let applied = Journey::pmd()
            .stage(Stage::Phase2)
            .stage(Stage::Applied)
            .state();
        assert!(no_development_reported(&applied, d(2030, 1, 1)));
        let approved = Journey::pmd()
            .stage(Stage::Phase2)
            .stage(Stage::Applied)
            .stage(Stage::Approved)
            .state();
        assert!(!no_development_reported(&approved, d(2030, 1, 1)));
        assert!(!no_development_reported(
            &ProgramState::new(Track::PmdAct),
            d(2030, 1, 1)
        ));
        assert!(!no_development_reported(
            &single(Stage::Research, d(2000, 1, 1)),
            d(2030, 1, 1)
        ));
        // Not active: not flagged (it has its own status).
        let suspended = Journey::pmd()
            .stage(Stage::Phase1)
            .exit(ExitKind::Suspended)
            .state();
        assert!(!no_development_reported(&suspended, d(2030, 1, 1)));
        // Safety Act stages are never "clinical".
        let safety = Journey::safety().stage(Stage::PlanSubmitted).state();
        assert!(!no_development_reported(&safety, d(2030, 1, 1)));
    }

    #[test]
    fn two_year_rule_on_29_february() {
        let s = single(Stage::Phase1, d(2024, 2, 29));
        assert!(!no_development_reported(&s, d(2026, 2, 27)));
        assert!(!no_development_reported(&s, d(2026, 2, 28)));
        assert!(no_development_reported(&s, d(2026, 3, 1)));
        // Today on 29 February: two years back is 28 February (clamped).
        let t = single(Stage::Phase1, d(2026, 2, 28));
        assert!(no_development_reported(&t, d(2028, 2, 29)));
        let u = single(Stage::Phase1, d(2026, 3, 1));
        assert!(!no_development_reported(&u, d(2028, 2, 29)));
    }

    #[test]
    fn two_year_rule_uses_the_last_effective_event() {
        // A later exit-and-resume counts as development activity; a retracted event does not.
        let j = Journey::pmd().stage(Stage::Phase1).stage(Stage::Phase2); // 2015-01, 2015-02
        assert!(no_development_reported(&j.state(), d(2017, 2, 1)));
        let resumed = j.exit(ExitKind::Suspended).resumed(); // 2015-03, 2015-04
        assert!(!no_development_reported(&resumed.state(), d(2017, 2, 1)));
        assert!(no_development_reported(&resumed.state(), d(2017, 4, 1)));
    }

    #[test]
    fn state_serde_round_trip() {
        let state = Journey::pmd()
            .stage(Stage::Phase1)
            .stage(Stage::Phase2)
            .retract(2)
            .exit(ExitKind::Suspended)
            .state();
        let json = serde_json::to_string(&state).unwrap();
        let back: ProgramState = serde_json::from_str(&json).unwrap();
        assert_eq!(back, state);
        assert_eq!(allowed_actions(&back), allowed_actions(&state));
        let value = serde_json::to_value(&state).unwrap();
        assert_eq!(value["milestones"]["phase1"]["reached_on"], "2015-01-01");
        assert_eq!(value["status"], "suspended");
    }

    #[test]
    fn replay_error_names_the_event() {
        let err = derive_state(
            Track::SafetyAct,
            vec![StageEvent::stage(id(7), d(2020, 1, 1), Stage::Phase1)],
        )
        .unwrap_err();
        assert_eq!(err.event_id, id(7));
        let fe = err.field_error("stage");
        assert_eq!(fe.code, "transition.wrong_track");
        assert_eq!(fe.param("event_id"), Some(id(7).to_string().as_str()));
    }

    #[test]
    fn transition_error_field_errors() {
        let e = TransitionError::RequiresStage {
            stage: Stage::Launched,
            requires: vec![Stage::Approved, Stage::ApprovedConditional],
        };
        let fe = e.field_error(e.default_field());
        assert_eq!(fe.field, "stage");
        assert_eq!(fe.code, "transition.requires_stage");
        assert_eq!(fe.param("requires"), Some("approved,approved_conditional"));
        let e = TransitionError::DateBeforePrevious {
            previous: d(2024, 1, 2),
        };
        assert_eq!(e.default_field(), "occurred_on");
        assert_eq!(
            e.field_error("occurred_on").param("previous"),
            Some("2024-01-02")
        );
        assert_eq!(
            TransitionError::NotActive(ProgramStatus::Expired)
                .field_error("kind")
                .param("status"),
            Some("expired")
        );
        assert_eq!(TransitionError::EmptyReason.default_field(), "reason");
    }
}
