//! The pipeline board: one column per stage of a track, a card per program. Pure rules shared
//! by the page (what the move form offers) and the server (which programs a column shows).

use super::stage::{Action, ProgramStatus, Stage, Track};

/// Cards shown in each column of the whole board; the rest are behind "show all".
pub const CARDS_PER_COLUMN: u64 = 30;

/// Cards per page when one column is shown on its own.
pub const COLUMN_PAGE_SIZE: u64 = 50;

/// The board's columns for `track`, in journey order (research first).
pub fn columns(track: Track) -> &'static [Stage] {
    track.stages()
}

/// Whether a program with `status` is on the board: programs that left the journey by a side
/// exit (suspended, discontinued, not granted, expired, withdrawn) only when asked for.
pub fn shown(status: ProgramStatus, show_exits: bool) -> bool {
    show_exits || status.is_active()
}

/// The stages a program in `current` may be moved to: the stage actions the journey rules allow
/// ([`super::stage::allowed_actions`]), in journey order, without the stage it is already in.
pub fn move_targets(allowed: &[Action], current: Stage) -> Vec<Stage> {
    let mut targets: Vec<Stage> = allowed
        .iter()
        .filter_map(|a| match a {
            Action::Reach { stage } if *stage != current => Some(*stage),
            _ => None,
        })
        .collect();
    targets.sort_by_key(|s| s.rank());
    targets.dedup();
    targets
}

/// The target the move form starts on: the next column after `current` that the rules allow,
/// else the first allowed.
pub fn preselected(targets: &[Stage], current: Stage) -> Option<Stage> {
    targets
        .iter()
        .copied()
        .find(|s| s.rank() > current.rank())
        .or_else(|| targets.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stage::{allowed_actions, derive_state, ExitKind, StageEvent};
    use chrono::NaiveDate;
    use uuid::Uuid;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn targets_after(track: Track, stages: &[Stage]) -> (Vec<Stage>, Stage) {
        let events = stages
            .iter()
            .enumerate()
            .map(|(i, s)| StageEvent::stage(Uuid::from_u128(i as u128 + 1), d(2020, 1, 1), *s));
        let state = derive_state(track, events).unwrap();
        (
            move_targets(&allowed_actions(&state), state.current_stage()),
            state.current_stage(),
        )
    }

    #[test]
    fn columns_follow_the_track() {
        assert_eq!(columns(Track::PmdAct).len(), 12);
        assert_eq!(columns(Track::PmdAct)[1], Stage::TrialNotified);
        assert_eq!(
            columns(Track::SafetyAct),
            &[Stage::Research, Stage::PlanSubmitted, Stage::Providing]
        );
    }

    #[test]
    fn a_notified_trial_moves_to_a_phase_and_starts_on_phase_one() {
        let (targets, current) = targets_after(Track::PmdAct, &[Stage::TrialNotified]);
        assert_eq!(
            targets,
            vec![
                Stage::Phase1,
                Stage::Phase1_2,
                Stage::Phase2,
                Stage::Phase2_3,
                Stage::Phase3
            ]
        );
        assert_eq!(preselected(&targets, current), Some(Stage::Phase1));
    }

    #[test]
    fn research_is_not_a_target_of_itself_and_application_needs_a_phase() {
        let (targets, current) = targets_after(Track::PmdAct, &[]);
        assert_eq!(current, Stage::Research);
        assert!(!targets.contains(&Stage::Research));
        assert!(!targets.contains(&Stage::Applied));
        assert_eq!(preselected(&targets, current), Some(Stage::TrialNotified));

        let (targets, current) = targets_after(Track::SafetyAct, &[]);
        assert_eq!(targets, vec![Stage::PlanSubmitted]);
        assert_eq!(preselected(&targets, current), Some(Stage::PlanSubmitted));
    }

    #[test]
    fn full_approval_after_launch_is_offered_though_it_stays_in_the_column() {
        let (targets, current) = targets_after(
            Track::PmdAct,
            &[
                Stage::Phase2,
                Stage::Applied,
                Stage::ApprovedConditional,
                Stage::Launched,
            ],
        );
        assert_eq!(current, Stage::Launched);
        assert_eq!(targets, vec![Stage::Approved, Stage::Implemented]);
        // The next column first, not the stage behind.
        assert_eq!(preselected(&targets, current), Some(Stage::Implemented));
        assert_eq!(
            preselected(&[Stage::Approved], Stage::Launched),
            Some(Stage::Approved)
        );
        assert_eq!(preselected(&[], Stage::Launched), None);
    }

    #[test]
    fn exits_are_hidden_unless_asked_for_and_offer_no_move() {
        assert!(shown(ProgramStatus::Active, false));
        for s in [
            ProgramStatus::Suspended,
            ProgramStatus::Discontinued,
            ProgramStatus::NotGranted,
            ProgramStatus::Expired,
            ProgramStatus::Withdrawn,
        ] {
            assert!(!shown(s, false), "{s}");
            assert!(shown(s, true), "{s}");
        }
        let events = [
            StageEvent::stage(Uuid::from_u128(1), d(2020, 1, 1), Stage::TrialNotified),
            StageEvent::exit(Uuid::from_u128(2), d(2020, 2, 1), ExitKind::Suspended),
        ];
        let state = derive_state(Track::PmdAct, events).unwrap();
        assert!(move_targets(&allowed_actions(&state), state.current_stage()).is_empty());
    }
}
