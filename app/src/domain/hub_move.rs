//! A venture moving from one hub to another: a dated record of its own (the stay at the old hub
//! ends on the day the stay at the new one begins), checked the same way in the browser and on
//! the server.

use chrono::NaiveDate;

use super::journey_form::parse_date;
use super::text::{validate_text, TextRules};
use super::validation::{FieldError, FieldErrors};

code_enum! {
    /// The hubs (`hubs.code`): the three of the policy, and the rest of the prefecture.
    pub enum HubCode ("hub") {
        Tonomachi = "tonomachi",
        Shonan = "shonan",
        Ksp = "ksp",
        Elsewhere = "elsewhere",
    }
}

/// A note on a move (why, from where in the hub): optional, at most 500 characters.
pub const MOVE_NOTE: TextRules = TextRules::multi_line(500);

/// A checked move, before it is compared with the venture's current stay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidHubMove {
    pub hub: HubCode,
    pub moved_on: NaiveDate,
    pub note: String,
}

/// Check the move form; every bad field is reported at once.
pub fn validate_hub_move(
    hub: &str,
    moved_on: &str,
    note: &str,
) -> Result<ValidHubMove, FieldErrors> {
    let mut errors = FieldErrors::new();
    let hub = if hub.trim().is_empty() {
        errors.push(FieldError::new("hub", "hub.required"));
        None
    } else {
        errors.check(
            "hub",
            hub.trim()
                .parse::<HubCode>()
                .map_err(|_| FieldError::new("hub", "hub.unknown")),
        )
    };
    let moved_on = errors.check("moved_on", parse_date("moved_on", moved_on));
    let note = errors.check("note", validate_text(note, MOVE_NOTE));
    match (hub, moved_on, note) {
        (Some(hub), Some(moved_on), Some(note)) if errors.is_empty() => Ok(ValidHubMove {
            hub,
            moved_on,
            note,
        }),
        _ => Err(errors),
    }
}

/// The venture's stay now: at which hub, since when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurrentStay {
    pub hub: HubCode,
    pub since: NaiveDate,
}

/// Can the venture make this move from its current stay? (`today` is the date in Japan.)
///
/// Codes: `hub_move.same_hub`, `hub_move.in_future` (param `today`), `hub_move.not_after_stay`
/// (param `since`: a move must fall after the current stay began, or that stay would be empty).
pub fn check_hub_move(
    stay: CurrentStay,
    mv: &ValidHubMove,
    today: NaiveDate,
) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if mv.hub == stay.hub {
        errors.push(FieldError::new("hub", "hub_move.same_hub"));
    }
    if mv.moved_on > today {
        errors.push(FieldError::new("moved_on", "hub_move.in_future").with_param("today", today));
    } else if mv.moved_on <= stay.since {
        errors.push(
            FieldError::new("moved_on", "hub_move.not_after_stay").with_param("since", stay.since),
        );
    }
    errors.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn codes(r: Result<(), FieldErrors>) -> Vec<String> {
        r.err()
            .map(|e| e.iter().map(|e| e.code.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn the_form_is_normalised_and_every_bad_field_reported() {
        let mv =
            validate_hub_move(" shonan ", "２０２５／４／１", " 湘南アイパークへ移転 ").unwrap();
        assert_eq!(mv.hub, HubCode::Shonan);
        assert_eq!(mv.moved_on, d(2025, 4, 1));
        assert_eq!(mv.note, "湘南アイパークへ移転");

        let errors = validate_hub_move("osaka", "2025-02-31", "").unwrap_err();
        let got: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(got, [("hub", "hub.unknown"), ("moved_on", "date.invalid")]);
        let errors = validate_hub_move("", "", "").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(
            validate_hub_move("ksp", "2025-01-01", &"あ".repeat(501))
                .unwrap_err()
                .iter()
                .next()
                .map(|e| e.code.as_str()),
            Some("text.too_long")
        );
    }

    #[test]
    fn a_move_goes_elsewhere_after_the_stay_began_and_not_in_the_future() {
        let stay = CurrentStay {
            hub: HubCode::Tonomachi,
            since: d(2021, 4, 1),
        };
        let today = d(2026, 11, 25);
        let mv = |hub, on| ValidHubMove {
            hub,
            moved_on: on,
            note: String::new(),
        };
        assert!(check_hub_move(stay, &mv(HubCode::Shonan, d(2021, 4, 2)), today).is_ok());
        assert!(check_hub_move(stay, &mv(HubCode::Ksp, today), today).is_ok());
        assert_eq!(
            codes(check_hub_move(
                stay,
                &mv(HubCode::Tonomachi, d(2024, 1, 1)),
                today
            )),
            ["hub_move.same_hub"]
        );
        assert_eq!(
            codes(check_hub_move(
                stay,
                &mv(HubCode::Shonan, d(2021, 4, 1)),
                today
            )),
            ["hub_move.not_after_stay"]
        );
        assert_eq!(
            codes(check_hub_move(
                stay,
                &mv(HubCode::Shonan, d(2026, 11, 26)),
                today
            )),
            ["hub_move.in_future"]
        );
        let err = check_hub_move(stay, &mv(HubCode::Shonan, d(2020, 1, 1)), today).unwrap_err();
        assert_eq!(
            err.iter().next().unwrap().param("since"),
            Some("2021-04-01")
        );
    }
}
