//! RINK (再生医療等産業化ネットワーク): the support log coordinators keep, its follow-ups, and the
//! working groups and sub-committees with their members and meetings. The forms as typed and
//! their checks, run the same in the browser before sending and on the server; what needs the
//! database (a venture or group that exists, a closed group, the version the form showed) is in
//! `ssr::support`.
//!
//! Counting is by Japanese fiscal year ([`super::fiscal::FiscalYear`]); [`SupportSummary`]
//! buckets support by year and by kind with [`FySummary`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::fy_summary::FySummary;
use super::journey_form::parse_date;
use super::text::{validate_text, TextRules};
use super::validation::{FieldError, FieldErrors};

code_enum! {
    /// What kind of support was given (`support_logs.kind`).
    pub enum SupportKind ("support_kind") {
        /// 相談.
        Consultation = "consultation",
        /// 大企業とのマッチング.
        Matching = "matching",
        /// 薬事・PMDA対応の準備.
        Regulatory = "regulatory",
        /// 評価.
        Evaluation = "evaluation",
        /// 施設利用 (LIC's cell-processing and analysis floors).
        FacilityUse = "facility_use",
        /// 技術・知財支援 (KISTEC).
        TechnologyIp = "technology_ip",
        /// 国際連携・MOU.
        International = "international",
        /// 人材育成.
        Training = "training",
    }
}

code_enum! {
    /// A working group or a sub-committee (`working_groups.kind`).
    pub enum GroupKind ("group_kind") {
        WorkingGroup = "working_group",
        SubCommittee = "sub_committee",
    }
}

code_enum! {
    /// Who a member is (`working_group_members.member_kind`).
    pub enum MemberKind ("member_kind") {
        /// A RINK coordinator (a user of the tracker).
        Coordinator = "coordinator",
        /// A venture in the tracker.
        Venture = "venture",
        /// Any other organisation (a hospital, a company, an institute), by name.
        Organisation = "organisation",
    }
}

/// What the support was: required, several lines.
pub const SUMMARY: TextRules = TextRules::multi_line(2000).required();
/// What came of it: optional.
pub const OUTCOME: TextRules = TextRules::multi_line(2000);
/// What came of a follow-up: required when marking it done.
pub const FOLLOW_UP_OUTCOME: TextRules = TextRules::multi_line(1000).required();
/// A group's names.
pub const GROUP_NAME_JA: TextRules = TextRules::single_line(100).required();
pub const GROUP_NAME_EN: TextRules = TextRules::single_line(100);
/// A group's description, a meeting's agenda / attendees / minutes.
pub const LONG_TEXT: TextRules = TextRules::multi_line(4000);
/// A member's role in the group (主担当, 提供機関 …), an organisation's name.
pub const MEMBER_ROLE: TextRules = TextRules::single_line(100);
pub const ORGANISATION: TextRules = TextRules::single_line(200).required();
/// A meeting's title.
pub const MEETING_TITLE: TextRules = TextRules::single_line(200).required();
/// A group's code: 2–40 characters, lower-case letters, digits and `_`, starting with a letter.
pub const CODE_MAX: usize = 40;

fn optional_date(field: &str, raw: &str) -> Result<Option<NaiveDate>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(field, raw).map(Some)
    }
}

fn not_future(field: &str, date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    if date > today {
        Err(FieldError::new(field, "support.date_in_future").with_param("today", today))
    } else {
        Ok(date)
    }
}

fn choice<T: std::str::FromStr>(field: &str, raw: &str) -> Result<T, FieldError> {
    raw.trim()
        .parse::<T>()
        .map_err(|_| FieldError::new(field, format!("{field}.unknown")))
}

fn required_id(field: &str, raw: &str) -> Result<Uuid, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, format!("{field}.required")));
    }
    raw.parse::<Uuid>()
        .map_err(|_| FieldError::new(field, format!("{field}.unknown")))
}

fn text(field: &str, raw: &str, rules: TextRules) -> Result<String, FieldError> {
    validate_text(raw, rules).map_err(|e| super::validation::ToFieldError::field_error(&e, field))
}

/// A date the way the forms show it for typing again: `2026/11/5`.
pub fn typed_date(d: NaiveDate) -> String {
    d.format("%Y/%-m/%-d").to_string()
}

// ---------------------------------------------------------------------------------------------
// The support log

/// The support form as typed (every field text; a field left out is empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SupportForm {
    /// The venture's id.
    pub venture_id: String,
    /// The working group's code, or empty for support outside any group.
    pub working_group: String,
    /// `2026-11-05`, `2026/11/5`, full-width digits too; not after today.
    pub supported_on: String,
    /// A [`SupportKind`] code.
    pub kind: String,
    pub summary: String,
    pub outcome: String,
    /// Optional; not before the support date.
    pub follow_up_on: String,
}

/// A checked support record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidSupport {
    pub venture_id: Uuid,
    /// The group's code (the server looks it up).
    pub working_group: Option<String>,
    pub supported_on: NaiveDate,
    pub kind: SupportKind,
    pub summary: String,
    pub outcome: String,
    pub follow_up_on: Option<NaiveDate>,
}

/// Check the support form; every bad field is reported at once. `today` is today in Japan.
pub fn validate_support(f: &SupportForm, today: NaiveDate) -> Result<ValidSupport, FieldErrors> {
    let mut errors = FieldErrors::new();
    let venture_id = errors.check("venture_id", required_id("venture_id", &f.venture_id));
    let working_group = match f.working_group.trim() {
        "" => Some(None),
        code => errors
            .check("working_group", validate_code("working_group", code))
            .map(Some),
    };
    let supported_on = errors
        .check(
            "supported_on",
            parse_date("supported_on", &f.supported_on)
                .and_then(|d| not_future("supported_on", d, today)),
        )
        .or_else(|| parse_date("supported_on", &f.supported_on).ok());
    let kind = errors.check("kind", choice::<SupportKind>("kind", &f.kind));
    let summary = errors.check(
        "support_summary",
        text("support_summary", &f.summary, SUMMARY),
    );
    let outcome = errors.check(
        "support_outcome",
        text("support_outcome", &f.outcome, OUTCOME),
    );
    let follow_up_on = errors.check(
        "follow_up_on",
        optional_date("follow_up_on", &f.follow_up_on),
    );
    if let (Some(Some(follow)), Some(on)) = (follow_up_on, supported_on) {
        if follow < on {
            errors.push(
                FieldError::new("follow_up_on", "support.follow_up_before_support")
                    .with_param("supported_on", on),
            );
        }
    }
    match (
        venture_id,
        working_group,
        supported_on,
        kind,
        summary,
        outcome,
        follow_up_on,
    ) {
        (
            Some(venture_id),
            Some(working_group),
            Some(supported_on),
            Some(kind),
            Some(summary),
            Some(outcome),
            Some(follow_up_on),
        ) if errors.is_empty() => Ok(ValidSupport {
            venture_id,
            working_group,
            supported_on,
            kind,
            summary,
            outcome,
            follow_up_on,
        }),
        _ => Err(errors),
    }
}

/// Check what came of a follow-up, to mark it done.
pub fn validate_follow_up_done(outcome: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    match errors.check(
        "follow_up_outcome",
        text("follow_up_outcome", outcome, FOLLOW_UP_OUTCOME),
    ) {
        Some(o) if errors.is_empty() => Ok(o),
        _ => Err(errors),
    }
}

/// Whether an open follow-up is overdue: its date is before today in Japan.
pub fn is_overdue(follow_up_on: Option<NaiveDate>, done: bool, today: NaiveDate) -> bool {
    !done && follow_up_on.is_some_and(|d| d < today)
}

/// Support counted by fiscal year, overall and for each kind that occurs (in [`SupportKind`]
/// order).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportSummary {
    pub total: FySummary,
    pub by_kind: Vec<(SupportKind, FySummary)>,
}

impl SupportSummary {
    pub fn of<I: IntoIterator<Item = (NaiveDate, SupportKind)>>(records: I) -> Self {
        let records: Vec<(NaiveDate, SupportKind)> = records.into_iter().collect();
        let total = FySummary::of_dates(records.iter().map(|r| r.0));
        let by_kind = SupportKind::ALL
            .iter()
            .filter_map(|k| {
                let s = FySummary::of_dates(records.iter().filter(|r| r.1 == *k).map(|r| r.0));
                (!s.is_empty()).then_some((*k, s))
            })
            .collect();
        SupportSummary { total, by_kind }
    }

    /// The count of `kind` in fiscal year `fy` (zero if none).
    pub fn count(&self, kind: SupportKind, fy: super::fiscal::FiscalYear) -> u32 {
        self.by_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, s)| s.year(fy))
            .map_or(0, |y| y.count)
    }
}

// ---------------------------------------------------------------------------------------------
// Working groups

/// A group's code: `free_treatment`, `evaluation_sc`.
pub fn validate_code(field: &str, raw: &str) -> Result<String, FieldError> {
    let code = raw.trim().to_ascii_lowercase();
    let ok = (2..=CODE_MAX).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(code)
    } else {
        Err(FieldError::new(field, "group.code_format").with_param("max", CODE_MAX))
    }
}

/// The form of a new working group or sub-committee (administrators).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupForm {
    pub code: String,
    /// A [`GroupKind`] code.
    pub kind: String,
    /// The parent group's code, or empty.
    pub parent: String,
    pub name_ja: String,
    pub name_en: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidGroup {
    pub code: String,
    pub kind: GroupKind,
    pub parent: Option<String>,
    pub name_ja: String,
    pub name_en: String,
    pub description: String,
}

/// Check the new group's form; every bad field at once.
pub fn validate_group(f: &GroupForm) -> Result<ValidGroup, FieldErrors> {
    let mut errors = FieldErrors::new();
    let code = errors.check("code", validate_code("code", &f.code));
    let kind = errors.check("kind", choice::<GroupKind>("group_kind", &f.kind));
    let parent = match f.parent.trim() {
        "" => Some(None),
        p => errors.check("parent", validate_code("parent", p)).map(Some),
    };
    if let (Some(code), Some(Some(parent))) = (&code, &parent) {
        if code == parent {
            errors.push(FieldError::new("parent", "group.parent_self"));
        }
    }
    let name_ja = errors.check("name_ja", text("name_ja", &f.name_ja, GROUP_NAME_JA));
    let name_en = errors.check("name_en", text("name_en", &f.name_en, GROUP_NAME_EN));
    let description = errors.check(
        "description",
        text("description", &f.description, LONG_TEXT),
    );
    match (code, kind, parent, name_ja, name_en, description) {
        (Some(code), Some(kind), Some(parent), Some(name_ja), Some(name_en), Some(description))
            if errors.is_empty() =>
        {
            Ok(ValidGroup {
                code,
                kind,
                parent,
                name_ja,
                name_en,
                description,
            })
        }
        _ => Err(errors),
    }
}

/// Check the date a group is closed on: a valid date, not after today.
pub fn validate_close(closed_on: &str, today: NaiveDate) -> Result<NaiveDate, FieldErrors> {
    let mut errors = FieldErrors::new();
    match errors.check(
        "closed_on",
        parse_date("closed_on", closed_on).and_then(|d| not_future("closed_on", d, today)),
    ) {
        Some(d) if errors.is_empty() => Ok(d),
        _ => Err(errors),
    }
}

// ---------------------------------------------------------------------------------------------
// Members and meetings

/// The form of a new member of a group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberForm {
    /// A [`MemberKind`] code.
    pub member_kind: String,
    /// For a venture member.
    pub venture_id: String,
    /// For a coordinator member.
    pub user_id: String,
    /// For any other organisation.
    pub organisation_name: String,
    pub role: String,
    pub joined_on: String,
    pub left_on: String,
}

/// Who the member is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Member {
    Coordinator(Uuid),
    Venture(Uuid),
    Organisation(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidMember {
    pub member: Member,
    pub role: String,
    pub joined_on: Option<NaiveDate>,
    pub left_on: Option<NaiveDate>,
}

/// Check the member form: who (by kind), role, joined / left (left on or after joined).
pub fn validate_member(f: &MemberForm) -> Result<ValidMember, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = errors.check(
        "member_kind",
        choice::<MemberKind>("member_kind", &f.member_kind),
    );
    let member = match kind {
        Some(MemberKind::Coordinator) => errors
            .check("user_id", required_id("user_id", &f.user_id))
            .map(Member::Coordinator),
        Some(MemberKind::Venture) => errors
            .check("venture_id", required_id("venture_id", &f.venture_id))
            .map(Member::Venture),
        Some(MemberKind::Organisation) => errors
            .check(
                "organisation_name",
                text("organisation_name", &f.organisation_name, ORGANISATION),
            )
            .map(Member::Organisation),
        None => None,
    };
    let role = errors.check("member_role", text("member_role", &f.role, MEMBER_ROLE));
    let joined_on = errors.check("joined_on", optional_date("joined_on", &f.joined_on));
    let left_on = errors.check("left_on", optional_date("left_on", &f.left_on));
    if let (Some(Some(j)), Some(Some(l))) = (joined_on, left_on) {
        if l < j {
            errors.push(
                FieldError::new("left_on", "member.left_before_joined").with_param("joined_on", j),
            );
        }
    }
    match (member, role, joined_on, left_on) {
        (Some(member), Some(role), Some(joined_on), Some(left_on)) if errors.is_empty() => {
            Ok(ValidMember {
                member,
                role,
                joined_on,
                left_on,
            })
        }
        _ => Err(errors),
    }
}

/// The form of a meeting of a group (planned or held).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MeetingForm {
    pub held_on: String,
    pub title: String,
    pub agenda: String,
    pub attendees: String,
    pub minutes_summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidMeeting {
    pub held_on: NaiveDate,
    pub title: String,
    pub agenda: String,
    pub attendees: String,
    pub minutes_summary: String,
}

/// Check the meeting form; a meeting may be dated ahead (it is planned).
pub fn validate_meeting(f: &MeetingForm) -> Result<ValidMeeting, FieldErrors> {
    let mut errors = FieldErrors::new();
    let held_on = errors.check("held_on", parse_date("held_on", &f.held_on));
    let title = errors.check(
        "meeting_title",
        text("meeting_title", &f.title, MEETING_TITLE),
    );
    let agenda = errors.check("agenda", text("agenda", &f.agenda, LONG_TEXT));
    let attendees = errors.check("attendees", text("attendees", &f.attendees, LONG_TEXT));
    let minutes = errors.check(
        "minutes_summary",
        text("minutes_summary", &f.minutes_summary, LONG_TEXT),
    );
    match (held_on, title, agenda, attendees, minutes) {
        (Some(held_on), Some(title), Some(agenda), Some(attendees), Some(minutes_summary))
            if errors.is_empty() =>
        {
            Ok(ValidMeeting {
                held_on,
                title,
                agenda,
                attendees,
                minutes_summary,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fiscal::FiscalYear;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2026, 11, 25)
    }

    fn fields(e: &FieldErrors) -> Vec<(String, String)> {
        e.iter()
            .map(|e| (e.field.clone(), e.code.clone()))
            .collect()
    }

    fn support() -> SupportForm {
        SupportForm {
            venture_id: Uuid::nil().to_string(),
            working_group: " free_treatment ".into(),
            supported_on: "２０２６／１１／５".into(),
            kind: "facility_use".into(),
            summary: " 細胞調製室の利用相談 ".into(),
            outcome: String::new(),
            follow_up_on: "2026/12/1".into(),
        }
    }

    #[test]
    fn support_is_normalised() {
        let v = validate_support(&support(), today()).unwrap();
        assert_eq!(v.supported_on, d(2026, 11, 5));
        assert_eq!(v.follow_up_on, Some(d(2026, 12, 1)));
        assert_eq!(v.working_group.as_deref(), Some("free_treatment"));
        assert_eq!(v.kind, SupportKind::FacilityUse);
        assert_eq!(v.summary, "細胞調製室の利用相談");
        let mut none = support();
        none.working_group.clear();
        none.follow_up_on = " ".into();
        let v = validate_support(&none, today()).unwrap();
        assert_eq!((v.working_group, v.follow_up_on), (None, None));
        // Today itself, and a follow-up on the day of the support, are fine.
        let mut same = support();
        same.supported_on = "2026-11-25".into();
        same.follow_up_on = "2026-11-25".into();
        assert!(validate_support(&same, today()).is_ok());
    }

    #[test]
    fn every_bad_support_field_is_reported_at_once() {
        let f = SupportForm {
            venture_id: "not-an-id".into(),
            working_group: "自由診療".into(),
            supported_on: "2026-11-26".into(),
            kind: "lunch".into(),
            summary: "  ".into(),
            outcome: "x".repeat(2001),
            follow_up_on: "2026-11-20".into(),
        };
        let errs = validate_support(&f, today()).unwrap_err();
        assert_eq!(
            fields(&errs),
            vec![
                ("venture_id".into(), "venture_id.unknown".into()),
                ("working_group".into(), "group.code_format".into()),
                ("supported_on".into(), "support.date_in_future".into()),
                ("kind".into(), "kind.unknown".into()),
                ("support_summary".into(), "text.required".into()),
                ("support_outcome".into(), "text.too_long".into()),
                (
                    "follow_up_on".into(),
                    "support.follow_up_before_support".into()
                ),
            ]
        );
        let e = errs.for_field("follow_up_on").next().unwrap();
        assert_eq!(e.param("supported_on"), Some("2026-11-26"));
        let empty = validate_support(&SupportForm::default(), today()).unwrap_err();
        assert_eq!(
            fields(&empty),
            vec![
                ("venture_id".into(), "venture_id.required".into()),
                ("supported_on".into(), "date.required".into()),
                ("kind".into(), "kind.unknown".into()),
                ("support_summary".into(), "text.required".into()),
            ]
        );
    }

    #[test]
    fn follow_ups_are_done_with_an_outcome_and_overdue_before_today() {
        assert_eq!(
            fields(&validate_follow_up_done(" ").unwrap_err()),
            vec![("follow_up_outcome".into(), "text.required".into())]
        );
        assert_eq!(
            fields(&validate_follow_up_done(&"長".repeat(1001)).unwrap_err()),
            vec![("follow_up_outcome".into(), "text.too_long".into())]
        );
        assert_eq!(validate_follow_up_done(" 契約済み ").unwrap(), "契約済み");
        assert!(is_overdue(Some(d(2026, 11, 24)), false, today()));
        assert!(!is_overdue(Some(d(2026, 11, 25)), false, today()));
        assert!(!is_overdue(Some(d(2026, 11, 24)), true, today()));
        assert!(!is_overdue(None, false, today()));
    }

    #[test]
    fn the_summary_counts_by_fiscal_year_and_kind() {
        let s = SupportSummary::of([
            (d(2025, 3, 31), SupportKind::Consultation),
            (d(2025, 4, 1), SupportKind::Consultation),
            (d(2025, 4, 2), SupportKind::Training),
        ]);
        assert_eq!(s.total.count, 3);
        assert_eq!(s.total.year(FiscalYear(2024)).unwrap().count, 1);
        assert_eq!(s.total.year(FiscalYear(2025)).unwrap().count, 2);
        assert_eq!(s.count(SupportKind::Consultation, FiscalYear(2024)), 1);
        assert_eq!(s.count(SupportKind::Consultation, FiscalYear(2025)), 1);
        assert_eq!(s.count(SupportKind::Training, FiscalYear(2024)), 0);
        let kinds: Vec<_> = s.by_kind.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            vec![SupportKind::Consultation, SupportKind::Training]
        );
    }

    #[test]
    fn groups_and_closing() {
        let ok = validate_group(&GroupForm {
            code: " Cell_Bank2 ".into(),
            kind: "sub_committee".into(),
            parent: "manufacturing".into(),
            name_ja: "細胞バンク分科会".into(),
            name_en: "Cell bank sub-committee".into(),
            description: String::new(),
        })
        .unwrap();
        assert_eq!(ok.code, "cell_bank2");
        assert_eq!(ok.parent.as_deref(), Some("manufacturing"));
        let errs = validate_group(&GroupForm {
            code: "x".into(),
            kind: "club".into(),
            parent: "x".into(),
            name_ja: String::new(),
            name_en: "a\u{7}".into(),
            description: String::new(),
        })
        .unwrap_err();
        assert_eq!(
            fields(&errs),
            vec![
                ("code".into(), "group.code_format".into()),
                ("kind".into(), "group_kind.unknown".into()),
                ("parent".into(), "group.code_format".into()),
                ("name_ja".into(), "text.required".into()),
                ("name_en".into(), "text.control_character".into()),
            ]
        );
        let errs = validate_group(&GroupForm {
            code: "abc".into(),
            kind: "working_group".into(),
            parent: "abc".into(),
            name_ja: "A".into(),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(
            fields(&errs),
            vec![("parent".into(), "group.parent_self".into())]
        );
        assert_eq!(
            validate_close("2026/3/31", today()).unwrap(),
            d(2026, 3, 31)
        );
        assert_eq!(
            fields(&validate_close("2026-12-01", today()).unwrap_err()),
            vec![("closed_on".into(), "support.date_in_future".into())]
        );
    }

    #[test]
    fn members_and_meetings() {
        let id = Uuid::now_v7();
        let v = validate_member(&MemberForm {
            member_kind: "venture".into(),
            venture_id: id.to_string(),
            role: "提供機関".into(),
            joined_on: "2024/4/1".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(v.member, Member::Venture(id));
        assert_eq!(v.joined_on, Some(d(2024, 4, 1)));
        let org = validate_member(&MemberForm {
            member_kind: "organisation".into(),
            organisation_name: " 湘南鎌倉総合病院 ".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(org.member, Member::Organisation("湘南鎌倉総合病院".into()));
        let errs = validate_member(&MemberForm {
            member_kind: "coordinator".into(),
            joined_on: "2024-04-01".into(),
            left_on: "2024-03-31".into(),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(
            fields(&errs),
            vec![
                ("user_id".into(), "user_id.required".into()),
                ("left_on".into(), "member.left_before_joined".into()),
            ]
        );
        assert_eq!(
            fields(&validate_member(&MemberForm::default()).unwrap_err()),
            vec![("member_kind".into(), "member_kind.unknown".into())]
        );
        let m = validate_meeting(&MeetingForm {
            held_on: "2027/1/15".into(),
            title: "第13回 自由診療WG".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(m.held_on, d(2027, 1, 15));
        assert_eq!(
            fields(&validate_meeting(&MeetingForm::default()).unwrap_err()),
            vec![
                ("held_on".into(), "date.required".into()),
                ("meeting_title".into(), "text.required".into()),
            ]
        );
        assert_eq!(typed_date(d(2026, 11, 5)), "2026/11/5");
    }
}
