//! The demo programs: each one's stage history (replayed through the domain rules before it is
//! stored), its trial notifications (治験計画届) and its approvals.
//!
//! Notification records are kept for trials notified while the venture was in the prefecture
//! (plus one investigator-initiated trial at a hospital in the prefecture before its venture
//! existed): 18 up to the end of FY2021 (the policy's baseline), then 4, 3, 4 and 3 in
//! FY2022–FY2025 (32 by the end of FY2025) and 3 so far in FY2026. Earlier trials show only as
//! stage events.
//!
//! Shapes worth finding in the UI:
//! - HL-101: conditional approval 2015-09, extended twice, reapplied 2023-09, not granted 2024-07;
//! - VG-01: conditional 2019-03, application to lift the conditions 2023-05, withdrawn 2024-07;
//! - NR-623: conditional 2024-07 with shipment restricted (Sakigake);
//! - OV-101: investigator Phase II → application → conditional approval, no Phase III;
//! - KC-01: conditional approval followed by full approval; NA-01: conditional approval expired;
//! - MG-51: a wrong stage retracted with a reason, then the right one;
//! - BML-01: suspended and resumed; HG-01 and PO-01 suspended; VG-02, NR-624, CC-02 discontinued;
//! - SK-01 and OL-01: investigator-initiated trials before the company was founded;
//! - GL-02, TA-30, RC-01, MS-01, MG-51, SM-01 …: no event for over two years ("no development
//!   reported" as of late 2026);
//! - dates of year precision (research in "2008") and month precision ("2016-05" launch).

use app::domain::approval::{ApprovalOutcome, ApprovalType};
use app::domain::stage::{ExitKind, Stage::*};

use super::model::*;

const CONDITIONAL: ApprovalType = ApprovalType::Conditional;

pub const PROGRAMS: &[ProgramDef] = &[
    // ---- HeartLink ---------------------------------------------------------------------
    ProgramDef {
        venture: "heartlink",
        name: "HL-101 自己骨格筋芽細胞シート",
        indication: "虚血性心疾患による重症心不全",
        modality: Some("tissue_engineered"),
        events: &[
            st("2006-06", Research),
            st("2012-03-15", TrialNotified),
            st("2012-05-07", Phase2),
            st("2014-10-30", Applied),
            st("2015-09-18", ApprovedConditional)
                .source("https://example.jp/heartlink/news/2015-09-18"),
            st("2016-05", Launched).note("発売月のみ判明"),
            ex("2024-07-24", ExitKind::NotGranted)
                .note("本承認の再申請に対し、有効性が確認できず承認は適当でないと判断された"),
        ],
        approvals: &[ApprovalDef {
            kind: CONDITIONAL,
            brand: "ハートリンクシート",
            applied: Some("2014-10-30"),
            approved: "2015-09-18",
            term_expires: Some("2020-09-17"),
            extensions: &[
                ExtDef {
                    on: "2020-08-27",
                    new_expires: "2023-09-17",
                    note: "使用成績評価の症例集積の遅れによる期限延長",
                },
                ExtDef {
                    on: "2023-09-14",
                    new_expires: "2024-09-17",
                    note: "本承認の再申請の審査中につき期限延長",
                },
            ],
            reapplied: Some("2023-09-08"),
            outcome: ApprovalOutcome::NotGranted,
            outcome_on: Some("2024-07-24"),
            note: "条件及び期限付承認（5年）。延長ののち本承認を再申請したが承認されず。",
            ..A
        }],
        ..PMD
    },
    ProgramDef {
        venture: "heartlink",
        name: "HL-201 iPS細胞由来心筋シート",
        indication: "重症心不全",
        events: &[st("2019", Research)],
        ..PMD
    },
    // ---- VasculaGen --------------------------------------------------------------------
    ProgramDef {
        venture: "vasculagen",
        name: "VG-01 HGF遺伝子プラスミド",
        indication: "慢性動脈閉塞症における潰瘍の改善",
        events: &[
            st("2001", Research),
            st("2003-06-02", TrialNotified),
            st("2004-03-01", Phase3),
            st("2018-01-22", Applied),
            st("2019-03-26", ApprovedConditional),
            st("2019-09-03", Launched),
            ex("2024-07-10", ExitKind::Withdrawn)
                .note("条件解除に向けた承認申請（2023年5月）を取り下げ"),
        ],
        approvals: &[ApprovalDef {
            kind: CONDITIONAL,
            brand: "ヴァスキュラジーン筋注用",
            applied: Some("2018-01-22"),
            approved: "2019-03-26",
            term_expires: Some("2024-03-25"),
            extensions: &[ExtDef {
                on: "2024-02-20",
                new_expires: "2025-03-25",
                note: "条件解除の承認申請の審査中につき期限延長",
            }],
            reapplied: Some("2023-05-15"),
            outcome: ApprovalOutcome::Withdrawn,
            outcome_on: Some("2024-07-10"),
            note: "条件解除の申請を取り下げ、販売を終了。",
            ..A
        }],
        ..PMD
    },
    ProgramDef {
        venture: "vasculagen",
        name: "VG-02 HGF遺伝子プラスミド（リンパ浮腫）",
        indication: "原発性リンパ浮腫",
        events: &[
            st("2017", Research),
            st("2020-10-05", TrialNotified),
            st("2021-01-12", Phase1),
            ex("2023-03-31", ExitKind::Discontinued).note("第I相試験の結果を踏まえ開発を中止"),
        ],
        trials: &[TrialDef {
            on: "2020-10-05",
            registry: "jRCT2033200132",
            phase: Phase1,
            title: "原発性リンパ浮腫患者を対象としたHGF遺伝子プラスミドの第I相試験",
            ..T
        }],
        ..PMD
    },
    // ---- ChondroWorks ------------------------------------------------------------------
    ProgramDef {
        venture: "chondroworks",
        name: "CW-01 自家培養軟骨",
        indication: "膝関節の外傷性軟骨欠損症",
        events: &[
            st("2005", Research),
            st("2007-11-01", TrialNotified),
            st("2007-11-12", Phase3),
            st("2010-08-30", Applied),
            st("2012-07-27", Approved),
            st("2013-04-01", Launched),
            st("2019-04-01", Implemented).note("県内の複数の医療機関で保険診療として定着"),
        ],
        approvals: &[ApprovalDef {
            brand: "コンドロワークス軟骨",
            applied: Some("2010-08-30"),
            approved: "2012-07-27",
            ..A
        }],
        ..PMD
    },
    ProgramDef {
        venture: "chondroworks",
        name: "CW-02 自家培養軟骨（変形性膝関節症）",
        indication: "変形性膝関節症",
        events: &[
            st("2016-06", Research),
            st("2020-09-01", TrialNotified),
            st("2020-11-16", Phase3),
            st("2024-12-16", Applied),
        ],
        trials: &[TrialDef {
            on: "2020-09-01",
            registry: "jRCT2033200095",
            phase: Phase3,
            title: "変形性膝関節症を対象とした自家培養軟骨の第III相試験",
            ..T
        }],
        ..PMD
    },
    // ---- Shonan Epiderm ----------------------------------------------------------------
    ProgramDef {
        venture: "epiderm",
        name: "SE-01 自家培養表皮",
        indication: "重症熱傷",
        events: &[
            st("2012-10", Research),
            st("2014-05-12", TrialNotified),
            st("2014-07-01", Phase3),
            st("2016-06-20", Applied),
            st("2018-03-23", Approved),
            st("2018-07-02", Launched),
        ],
        approvals: &[ApprovalDef {
            brand: "ショウナンエピダーム",
            applied: Some("2016-06-20"),
            approved: "2018-03-23",
            ..A
        }],
        ..PMD
    },
    // ---- BioMaterial Lab ---------------------------------------------------------------
    ProgramDef {
        venture: "biomaterial",
        name: "BML-01 生体吸収性骨再生足場材",
        indication: "長管骨の骨欠損",
        events: &[
            st("2015-09", Research),
            st("2019-11-05", TrialNotified),
            st("2020-01-20", Phase1_2),
            ex("2022-06-30", ExitKind::Suspended).note("製造委託先の変更のため一時中断"),
            resumed("2023-04-03").note("新しい製造委託先で治験製品の製造を再開"),
            st("2024-05-13", Phase3),
        ],
        trials: &[
            TrialDef {
                on: "2019-11-05",
                registry: "jRCT2033190147",
                phase: Phase1_2,
                title: "生体吸収性足場材の長管骨骨欠損を対象とした第I/II相試験",
                ..T
            },
            TrialDef {
                on: "2024-04-22",
                registry: "jRCT2033240031",
                phase: Phase3,
                title: "生体吸収性足場材の検証的試験",
                ..T
            },
        ],
        ..PMD
    },
    // ---- NeuroRepair -------------------------------------------------------------------
    ProgramDef {
        venture: "neurorepair",
        name: "NR-623 改変型間葉系幹細胞（外傷性脳損傷）",
        indication: "外傷性脳損傷に伴う慢性期の運動麻痺",
        events: &[
            st("2011", Research),
            st("2015-10-01", TrialNotified),
            st("2016-01-18", Phase2),
            st("2022-03-28", Applied),
            st("2024-07-31", ApprovedConditional).note("出荷制限付きの条件及び期限付承認"),
        ],
        approvals: &[ApprovalDef {
            kind: CONDITIONAL,
            brand: "ニューロリペア注",
            applied: Some("2022-03-28"),
            approved: "2024-07-31",
            term_expires: Some("2031-07-30"),
            shipment_restricted: true,
            restriction_note:
                "承認時の製品との同等性を示す追加ロットの製造・試験が完了するまで出荷しない",
            sakigake: true,
            note: "先駆け審査指定。",
            ..A
        }],
        ..PMD
    },
    ProgramDef {
        venture: "neurorepair",
        name: "NR-624 改変型間葉系幹細胞（慢性期脳梗塞）",
        indication: "慢性期脳梗塞",
        events: &[
            st("2016-05-09", TrialNotified),
            st("2016-07-01", Phase2_3),
            ex("2019-02-15", ExitKind::Discontinued).note("主要評価項目を達成せず開発を中止"),
        ],
        trials: &[TrialDef {
            on: "2016-05-09",
            registry: "NCT02791846",
            phase: Phase2_3,
            title: "慢性期脳梗塞患者を対象とした第II/III相試験",
            ..T
        }],
        ..PMD
    },
    // ---- OncoVirus Lab -----------------------------------------------------------------
    ProgramDef {
        venture: "oncovirus",
        name: "OV-101 遺伝子組換え単純ヘルペスウイルス1型",
        indication: "悪性神経膠腫",
        events: &[
            st("2009", Research),
            st("2015-05-11", TrialNotified).note("大学附属病院による医師主導治験"),
            st("2015-05-25", Phase2),
            st("2020-12-28", Applied),
            st("2021-06-11", ApprovedConditional)
                .note("第II相試験の結果に基づく条件及び期限付承認（第III相試験なし）"),
            st("2021-11-01", Launched),
        ],
        approvals: &[ApprovalDef {
            kind: CONDITIONAL,
            brand: "オンコリシス注",
            applied: Some("2020-12-28"),
            approved: "2021-06-11",
            term_expires: Some("2028-06-10"),
            sakigake: true,
            orphan: true,
            note: "先駆け審査指定・希少疾病用再生医療等製品。",
            ..A
        }],
        ..PMD
    },
    ProgramDef {
        venture: "oncovirus",
        name: "OV-102 遺伝子組換え単純ヘルペスウイルス1型（前立腺癌）",
        indication: "去勢抵抗性前立腺癌",
        events: &[
            st("2018-06-04", TrialNotified),
            st("2018-08-01", Phase1),
            st("2023-09-04", Phase2),
        ],
        trials: &[
            TrialDef {
                on: "2018-06-04",
                sponsor: Sponsor::Investigator,
                registry: "jRCT2033180027",
                phase: Phase1,
                title: "前立腺癌を対象とした医師主導第I相試験",
                ..T
            },
            TrialDef {
                on: "2023-08-21",
                registry: "jRCT2033230118",
                phase: Phase2,
                title: "去勢抵抗性前立腺癌を対象とした第II相試験",
                ..T
            },
        ],
        ..PMD
    },
    // ---- CardioiPS ---------------------------------------------------------------------
    ProgramDef {
        venture: "cardioips",
        name: "CI-01 iPS細胞由来心筋球",
        indication: "虚血性心筋症による重症心不全",
        events: &[
            st("2015", Research),
            st("2019-12-16", TrialNotified),
            st("2020-03-02", Phase1_2),
            st("2024-12-02", Phase2),
        ],
        trials: &[
            TrialDef {
                on: "2019-12-16",
                registry: "jRCT2033190221",
                phase: Phase1_2,
                title: "重症心不全を対象としたiPS細胞由来心筋球の第I/II相試験",
                ..T
            },
            TrialDef {
                on: "2024-11-11",
                registry: "jRCT2033240176",
                phase: Phase2,
                title: "重症心不全を対象としたiPS細胞由来心筋球の第II相試験",
                ..T
            },
        ],
        ..PMD
    },
    ProgramDef {
        venture: "cardioips",
        name: "CI-02 iPS細胞由来心筋球（小児）",
        indication: "小児拡張型心筋症",
        events: &[st("2022", Research)],
        ..PMD
    },
    // ---- SkinRegene --------------------------------------------------------------------
    ProgramDef {
        venture: "skinregene",
        name: "SR-01 同種培養表皮",
        indication: "栄養障害型表皮水疱症",
        events: &[
            st("2018", Research),
            st("2020-07-06", TrialNotified),
            st("2020-09-14", Phase3),
            st("2023-10-02", Applied),
            st("2025-09-19", Approved),
        ],
        trials: &[TrialDef {
            on: "2020-07-06",
            registry: "jRCT2033200061",
            phase: Phase3,
            title: "表皮水疱症を対象とした同種培養表皮の第III相試験",
            ..T
        }],
        approvals: &[ApprovalDef {
            brand: "スキンリジェネシート",
            applied: Some("2023-10-02"),
            approved: "2025-09-19",
            orphan: true,
            note: "希少疾病用再生医療等製品。薬価収載待ち。",
            ..A
        }],
        ..PMD
    },
    // ---- BoneArc -----------------------------------------------------------------------
    ProgramDef {
        venture: "bonearc",
        name: "BA-01 β-TCP/コラーゲン複合骨補填材",
        indication: "骨腫瘍切除後等の骨欠損",
        events: &[
            st("2011", Research),
            st("2017-06-12", TrialNotified),
            st("2017-08-01", Phase3),
            st("2021-03-22", Applied),
            st("2022-12-16", Approved),
            st("2023-05-08", Launched),
        ],
        trials: &[TrialDef {
            on: "2017-06-12",
            registry: "NCT03196453",
            phase: Phase3,
            title: "骨欠損を対象とした複合骨補填材の検証的治験",
            ..T
        }],
        approvals: &[ApprovalDef {
            brand: "ボーンアークフィル",
            applied: Some("2021-03-22"),
            approved: "2022-12-16",
            ..A
        }],
        ..PMD
    },
    // ---- RetinaCell --------------------------------------------------------------------
    ProgramDef {
        venture: "retinacell",
        name: "RC-01 iPS細胞由来網膜色素上皮細胞シート",
        indication: "滲出型加齢黄斑変性",
        events: &[
            st("2013", Research),
            st("2018-03-05", TrialNotified),
            st("2018-05-14", Phase1),
            st("2022-07-04", Phase1_2),
        ],
        trials: &[
            TrialDef {
                on: "2018-03-05",
                sponsor: Sponsor::Investigator,
                registry: "NCT03462381",
                phase: Phase1,
                title: "滲出型加齢黄斑変性を対象とした医師主導第I相試験",
                ..T
            },
            TrialDef {
                on: "2022-05-16",
                registry: "jRCT2033220041",
                phase: Phase1_2,
                title: "滲出型加齢黄斑変性を対象とした第I/II相試験",
                ..T
            },
        ],
        ..PMD
    },
    ProgramDef {
        venture: "retinacell",
        name: "RC-02 iPS細胞由来視細胞",
        indication: "網膜色素変性",
        events: &[st("2020-04", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "retinacell",
        name: "RC-03 iPS細胞由来網膜細胞の臨床研究",
        indication: "網膜色素上皮不全症",
        risk_class: Some("class1"),
        events: &[
            st("2022-08-01", PlanSubmitted).note("特定認定再生医療等委員会の審査を経て提出"),
            st("2023-02-06", Providing),
        ],
        ..SAFETY
    },
    // ---- Mitoregen / ExoMedica ---------------------------------------------------------
    ProgramDef {
        venture: "mitoregen",
        name: "MR-201 ミトコンドリア機能改善薬",
        indication: "加齢性筋萎縮（サルコペニア）",
        events: &[st("2016-04", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "exomedica",
        name: "EM-01 間葉系幹細胞由来エクソソーム",
        indication: "急性呼吸窮迫症候群",
        events: &[st("2017-06", Research)],
        ..PMD
    },
    // ---- KeratoCell --------------------------------------------------------------------
    ProgramDef {
        venture: "keratocell",
        name: "KC-01 培養ヒト角膜内皮細胞",
        indication: "水疱性角膜症",
        events: &[
            st("2013", Research),
            st("2016-02-08", TrialNotified),
            st("2016-04-04", Phase2),
            st("2018-12-25", Applied),
            st("2019-09-20", ApprovedConditional),
            st("2020-01-06", Launched),
            st("2025-03-27", Approved).note("条件及び期限付承認から本承認へ移行"),
        ],
        approvals: &[
            ApprovalDef {
                kind: CONDITIONAL,
                brand: "ケラトセル注",
                applied: Some("2018-12-25"),
                approved: "2019-09-20",
                term_expires: Some("2026-09-19"),
                reapplied: Some("2024-03-29"),
                outcome: ApprovalOutcome::FullApproval,
                outcome_on: Some("2025-03-27"),
                sakigake: true,
                ..A
            },
            ApprovalDef {
                brand: "ケラトセル注",
                applied: Some("2024-03-29"),
                approved: "2025-03-27",
                sakigake: true,
                note: "条件及び期限付承認からの本承認。",
                ..A
            },
        ],
        ..PMD
    },
    // ---- MyeloRepair -------------------------------------------------------------------
    ProgramDef {
        venture: "myelorepair",
        name: "MY-01 iPS細胞由来神経前駆細胞",
        indication: "亜急性期脊髄損傷",
        events: &[
            st("2012", Research),
            st("2019-02-18", TrialNotified),
            st("2019-04-15", Phase1),
            st("2024-10-07", Phase1_2),
        ],
        trials: &[
            TrialDef {
                on: "2019-02-18",
                sponsor: Sponsor::Investigator,
                registry: "jRCT2033180288",
                phase: Phase1,
                title: "亜急性期脊髄損傷を対象とした医師主導第I相試験",
                ..T
            },
            TrialDef {
                on: "2024-09-09",
                registry: "jRCT2033240112",
                phase: Phase1_2,
                title: "亜急性期脊髄損傷を対象とした第I/II相試験",
                ..T
            },
        ],
        ..PMD
    },
    ProgramDef {
        venture: "myelorepair",
        name: "MY-02 iPS細胞由来神経前駆細胞（慢性期）",
        indication: "慢性期脊髄損傷",
        events: &[st("2023-04", Research)],
        ..PMD
    },
    // ---- HepatoGen ---------------------------------------------------------------------
    ProgramDef {
        venture: "hepatogen",
        name: "HG-01 iPS細胞由来肝芽",
        indication: "尿素サイクル異常症",
        events: &[
            st("2013", Research),
            st("2019-11-25", TrialNotified),
            st("2020-02-03", Phase1),
            ex("2023-01-16", ExitKind::Suspended).note("製造体制の再構築のため一時中断"),
        ],
        trials: &[TrialDef {
            on: "2019-11-25",
            sponsor: Sponsor::Investigator,
            registry: "jRCT2033190185",
            phase: Phase1,
            title: "尿素サイクル異常症を対象とした医師主導第I相試験",
            ..T
        }],
        ..PMD
    },
    // ---- DentalStem --------------------------------------------------------------------
    ProgramDef {
        venture: "dentalstem",
        name: "DS-01 歯髄幹細胞による歯槽骨再生",
        indication: "歯周病による歯槽骨欠損",
        risk_class: Some("class2"),
        events: &[
            st("2015", Research),
            st("2018-09-03", PlanSubmitted),
            st("2019-01-15", Providing).note("県内3歯科医院で提供開始"),
        ],
        ..SAFETY
    },
    ProgramDef {
        venture: "dentalstem",
        name: "DS-02 歯髄幹細胞（脳梗塞）",
        indication: "急性期脳梗塞",
        events: &[st("2019", Research)],
        ..PMD
    },
    // ---- Shonan Theranostics / GeneLead ------------------------------------------------
    ProgramDef {
        venture: "theranostics",
        name: "ST-11 放射性標識抗体",
        indication: "神経内分泌腫瘍",
        events: &[st("2018-03", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "genelead",
        name: "GL-01 AAVベクター（AADC欠損症）",
        indication: "芳香族L-アミノ酸脱炭酸酵素欠損症",
        events: &[
            st("2016", Research),
            st("2019-03-11", TrialNotified),
            st("2019-04-22", Phase1_2),
            st("2023-05-29", Applied),
            st("2024-11-18", Approved),
            st("2025-02-03", Launched),
        ],
        trials: &[TrialDef {
            on: "2019-03-11",
            sponsor: Sponsor::Investigator,
            registry: "jRCT2033180301",
            phase: Phase1_2,
            title: "AADC欠損症を対象とした医師主導第I/II相試験",
            ..T
        }],
        approvals: &[ApprovalDef {
            brand: "ジーンリードAADC",
            applied: Some("2023-05-29"),
            approved: "2024-11-18",
            orphan: true,
            note: "希少疾病用再生医療等製品。",
            ..A
        }],
        ..PMD
    },
    ProgramDef {
        venture: "genelead",
        name: "GL-02 AAVベクター（パーキンソン病）",
        indication: "進行期パーキンソン病",
        events: &[
            st("2020", Research),
            st("2022-04-04", TrialNotified),
            st("2022-06-06", Phase1),
        ],
        trials: &[TrialDef {
            on: "2022-04-04",
            sponsor: Sponsor::Investigator,
            registry: "jRCT2033220004",
            phase: Phase1,
            title: "進行期パーキンソン病を対象とした医師主導第I相試験",
            ..T
        }],
        ..PMD
    },
    // ---- StrokeRepair ------------------------------------------------------------------
    ProgramDef {
        venture: "strokerepair",
        name: "SK-01 自家骨髄間葉系幹細胞",
        indication: "急性期脳梗塞",
        events: &[
            st("2008", Research),
            st("2014-03-03", TrialNotified).note("大学病院による医師主導治験（会社設立前）"),
            st("2014-05-12", Phase1),
            st("2019-07-08", Phase2),
            st("2024-08-26", Phase3),
        ],
        trials: &[
            TrialDef {
                on: "2019-06-17",
                registry: "jRCT2033190055",
                phase: Phase2,
                title: "急性期脳梗塞を対象とした第II相試験",
                ..T
            },
            TrialDef {
                on: "2024-08-05",
                registry: "jRCT2033240087",
                phase: Phase3,
                title: "急性期脳梗塞を対象とした第III相試験",
                ..T
            },
        ],
        ..PMD
    },
    ProgramDef {
        venture: "strokerepair",
        name: "SK-02 自家骨髄間葉系幹細胞（慢性期脳梗塞）",
        indication: "慢性期脳梗塞",
        risk_class: Some("class2"),
        events: &[st("2020-10-12", PlanSubmitted).note("湘南鎌倉総合病院と連携")],
        ..SAFETY
    },
    // ---- Medical Spheroid --------------------------------------------------------------
    ProgramDef {
        venture: "spheroid",
        name: "MS-01 細胞製人工血管",
        indication: "血液透析用バスキュラーアクセス",
        events: &[
            st("2014", Research),
            st("2020-05-11", TrialNotified),
            st("2020-06-01", Phase1_2),
        ],
        trials: &[TrialDef {
            on: "2020-05-11",
            sponsor: Sponsor::Investigator,
            registry: "jRCT2033200018",
            phase: Phase1_2,
            title: "透析患者を対象とした細胞製人工血管の医師主導第I/II相試験",
            ..T
        }],
        ..PMD
    },
    ProgramDef {
        venture: "spheroid",
        name: "MS-02 細胞製神経導管",
        indication: "末梢神経損傷",
        events: &[st("2022", Research)],
        ..PMD
    },
    // ---- NeoAngio ----------------------------------------------------------------------
    ProgramDef {
        venture: "neoangio",
        name: "NA-01 自家末梢血CD34陽性細胞",
        indication: "重症下肢虚血",
        events: &[
            st("2009", Research),
            st("2011-05-09", TrialNotified),
            st("2011-07-04", Phase2),
            st("2015-08-31", Applied),
            st("2016-09-28", ApprovedConditional),
            st("2017-02-01", Launched),
            ex("2023-09-28", ExitKind::Expired).note("期限内に本承認の申請に至らず失効"),
        ],
        approvals: &[ApprovalDef {
            kind: CONDITIONAL,
            brand: "ネオアンジオセル",
            applied: Some("2015-08-31"),
            approved: "2016-09-28",
            term_expires: Some("2023-09-27"),
            outcome: ApprovalOutcome::Expired,
            outcome_on: Some("2023-09-28"),
            note: "7年の期限内に本承認申請に必要な症例を集積できなかった。",
            ..A
        }],
        ..PMD
    },
    // ---- T-Cell Arc --------------------------------------------------------------------
    ProgramDef {
        venture: "tcellarc",
        name: "TA-19 CD19 CAR-T細胞（非ウイルス）",
        indication: "再発・難治性B細胞リンパ腫",
        events: &[
            st("2016", Research),
            st("2019-10-07", TrialNotified),
            st("2019-12-02", Phase1_2),
            st("2025-10-27", Applied),
        ],
        trials: &[TrialDef {
            on: "2019-10-07",
            registry: "jRCT2033190133",
            phase: Phase1_2,
            title: "再発・難治性B細胞リンパ腫を対象とした第I/II相試験",
            ..T
        }],
        ..PMD
    },
    ProgramDef {
        venture: "tcellarc",
        name: "TA-30 固形がん向けCAR-T細胞",
        indication: "進行性固形がん",
        events: &[
            st("2021", Research),
            st("2023-01-16", TrialNotified),
            st("2023-03-06", Phase1),
        ],
        trials: &[TrialDef {
            on: "2023-01-16",
            registry: "jRCT2033220197",
            phase: Phase1,
            title: "進行性固形がんを対象とした第I相試験",
            ..T
        }],
        ..PMD
    },
    // ---- NanoFiber Medic ---------------------------------------------------------------
    ProgramDef {
        venture: "nanofiber",
        name: "NF-01 ナノファイバー神経再生誘導管",
        indication: "末梢神経損傷",
        events: &[
            st("2014", Research),
            st("2018-02-05", TrialNotified),
            st("2018-04-02", Phase3),
            st("2020-11-30", Applied),
            st("2022-03-14", Approved),
            st("2022-08-01", Launched),
            st("2025-04-01", Implemented).note("県内の基幹病院で標準的な治療選択肢として定着"),
        ],
        approvals: &[ApprovalDef {
            brand: "ナノファイバーコンジット",
            applied: Some("2020-11-30"),
            approved: "2022-03-14",
            ..A
        }],
        ..PMD
    },
    // ---- early-stage programs ----------------------------------------------------------
    ProgramDef {
        venture: "lymphregene",
        name: "LR-01 リンパ管再生細胞シート",
        indication: "続発性リンパ浮腫",
        events: &[st("2018-01", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "organoid",
        name: "OF-01 腸管上皮オルガノイド",
        indication: "難治性潰瘍性大腸炎",
        events: &[st("2019-04", Research)],
        ..PMD
    },
    // ---- Myogenesis: a wrong stage retracted -------------------------------------------
    ProgramDef {
        venture: "myogenesis",
        name: "MG-51 エクソンスキッピング遺伝子治療",
        indication: "デュシェンヌ型筋ジストロフィー",
        events: &[
            st("2017-05", Research),
            st("2020-08-03", TrialNotified),
            st("2020-10-05", Phase2),
            retract(
                "2020-10-09",
                2,
                "実施中の試験は第II相ではなく第I/II相であったため、誤登録を取り消す",
            ),
            st("2020-10-05", Phase1_2).note("第I/II相試験の開始（正しい登録）"),
        ],
        trials: &[TrialDef {
            on: "2020-08-03",
            registry: "jRCT2033200077",
            phase: Phase1_2,
            title: "デュシェンヌ型筋ジストロフィーを対象とした第I/II相試験",
            ..T
        }],
        ..PMD
    },
    // ---- Shonan RehabiTech -------------------------------------------------------------
    ProgramDef {
        venture: "rehabitech",
        name: "RT-01 上肢機能再生促進デバイス",
        indication: "脳卒中後の上肢麻痺",
        events: &[
            st("2019-06", Research),
            st("2023-06-12", TrialNotified),
            st("2023-08-07", Phase2_3),
        ],
        trials: &[TrialDef {
            on: "2023-06-12",
            registry: "jRCT2033230047",
            phase: Phase2_3,
            title: "脳卒中後上肢麻痺を対象とした第II/III相試験",
            note: "湘南鎌倉総合病院ほか県内3施設で実施",
            ..T
        }],
        ..PMD
    },
    // ---- GenomeForge -------------------------------------------------------------------
    ProgramDef {
        venture: "genomeforge",
        name: "GF-01 ゲノム編集造血幹細胞",
        indication: "輸血依存性βサラセミア",
        events: &[
            st("2019", Research),
            st("2024-01-22", TrialNotified),
            st("2024-04-08", Phase1_2),
        ],
        trials: &[TrialDef {
            on: "2024-01-22",
            registry: "jRCT2033230201",
            phase: Phase1_2,
            title: "輸血依存性βサラセミアを対象とした第I/II相試験",
            ..T
        }],
        ..PMD
    },
    ProgramDef {
        venture: "genomeforge",
        name: "GF-02 in vivoゲノム編集（肝臓）",
        indication: "家族性高コレステロール血症",
        ..PMD
    },
    // ---- OsteoLink: investigator-initiated trial before founding -----------------------
    ProgramDef {
        venture: "osteolink",
        name: "OL-01 自家骨髄細胞複合足場材",
        indication: "難治性偽関節",
        events: &[
            st("2014", Research),
            st("2017-09-04", TrialNotified)
                .note("横浜市立大学附属病院による医師主導治験（会社設立前）"),
            st("2017-11-06", Phase1_2),
            st("2022-07-04", Phase3),
            st("2025-11-17", Applied),
        ],
        trials: &[
            TrialDef {
                on: "2017-09-04",
                sponsor: Sponsor::Investigator,
                registry: "NCT03271502",
                phase: Phase1_2,
                title: "難治性偽関節を対象とした医師主導第I/II相試験",
                note: "会社設立前に県内の大学病院が届出",
            },
            TrialDef {
                on: "2022-05-09",
                registry: "jRCT2033220033",
                phase: Phase3,
                title: "難治性偽関節を対象とした第III相試験",
                ..T
            },
        ],
        ..PMD
    },
    ProgramDef {
        venture: "hearregen",
        name: "HR-01 内耳有毛細胞再生薬",
        indication: "感音難聴",
        events: &[st("2019-03", Research), st("2026-05-11", TrialNotified)],
        trials: &[TrialDef {
            on: "2026-05-11",
            registry: "jRCT2033260029",
            phase: Phase1,
            title: "感音難聴患者を対象とした第I相試験",
            ..T
        }],
        ..PMD
    },
    // ---- Safety Act providers ----------------------------------------------------------
    ProgramDef {
        venture: "stembank",
        name: "SB-01 臍帯由来間葉系幹細胞の提供",
        indication: "変形性膝関節症",
        risk_class: Some("class2"),
        events: &[st("2020-02-03", PlanSubmitted), st("2020-06-01", Providing)],
        ..SAFETY
    },
    ProgramDef {
        venture: "perioregene",
        name: "PR-01 自家歯根膜細胞シート",
        indication: "重度歯周炎",
        risk_class: Some("class3"),
        events: &[st("2020-09", Research), st("2021-03-01", PlanSubmitted)],
        ..SAFETY
    },
    // ---- ParkinCell --------------------------------------------------------------------
    ProgramDef {
        venture: "parkincell",
        name: "PC-01 iPS細胞由来ドパミン神経前駆細胞",
        indication: "パーキンソン病",
        events: &[
            st("2012", Research),
            st("2018-07-30", TrialNotified)
                .note("京都大学医学部附属病院による医師主導治験（会社設立前）"),
            st("2018-08-01", Phase1_2),
            st("2025-08-05", Applied).note("医師主導治験の成績に基づき承認申請"),
        ],
        ..PMD
    },
    ProgramDef {
        venture: "insulicell",
        name: "IC-01 iPS細胞由来膵島細胞シート",
        indication: "1型糖尿病",
        events: &[
            st("2019", Research),
            st("2025-04-14", TrialNotified),
            st("2025-06-02", Phase1),
        ],
        trials: &[TrialDef {
            on: "2025-04-14",
            sponsor: Sponsor::Investigator,
            registry: "jRCT2033250006",
            phase: Phase1,
            title: "1型糖尿病を対象とした医師主導第I相試験",
            ..T
        }],
        ..PMD
    },
    ProgramDef {
        venture: "bioink",
        name: "BI-01 バイオインク製軟骨パッチ",
        indication: "関節軟骨欠損",
        ..PMD
    },
    ProgramDef {
        venture: "carecell",
        name: "CC-01 自家脂肪由来幹細胞（変形性膝関節症）",
        indication: "変形性膝関節症",
        risk_class: Some("class2"),
        events: &[st("2020-09-14", PlanSubmitted), st("2020-11-02", Providing)],
        ..SAFETY
    },
    ProgramDef {
        venture: "carecell",
        name: "CC-02 自家脂肪由来幹細胞（慢性腰痛）",
        indication: "慢性腰痛",
        risk_class: Some("class2"),
        events: &[
            st("2021-08-02", PlanSubmitted),
            ex("2023-03-31", ExitKind::Discontinued)
                .note("認定再生医療等委員会の意見を踏まえ提供計画を取り下げ"),
        ],
        ..SAFETY
    },
    ProgramDef {
        venture: "optogen",
        name: "OG-01 光遺伝学的視覚再生遺伝子治療",
        indication: "網膜色素変性",
        events: &[st("2018", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "hydrogel",
        name: "HY-01 注入型ハイドロゲル",
        indication: "心筋梗塞後の心不全",
        events: &[st("2017-08", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "stromathera",
        name: "SM-01 同種間葉系幹細胞",
        indication: "ステロイド抵抗性急性移植片対宿主病",
        events: &[
            st("2020-06", Research),
            st("2021-06-07", TrialNotified),
            st("2021-08-02", Phase1_2),
        ],
        trials: &[TrialDef {
            on: "2021-06-07",
            registry: "jRCT2033210049",
            phase: Phase1_2,
            title: "ステロイド抵抗性急性GVHDを対象とした第I/II相試験",
            ..T
        }],
        ..PMD
    },
    ProgramDef {
        venture: "kidneyregene",
        name: "KR-01 iPS細胞由来ネフロン前駆細胞",
        indication: "慢性腎臓病",
        events: &[st("2020", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "synapserepair",
        name: "SY-01 AAVベクター（ALS）",
        indication: "筋萎縮性側索硬化症",
        events: &[st("2021-06", Research), st("2026-09-07", TrialNotified)],
        trials: &[TrialDef {
            on: "2026-09-07",
            sponsor: Sponsor::Investigator,
            registry: "jRCT2033260081",
            phase: Phase1,
            title: "筋萎縮性側索硬化症を対象とした医師主導第I相試験",
            ..T
        }],
        ..PMD
    },
    ProgramDef {
        venture: "plateletone",
        name: "PO-01 iPS細胞由来血小板",
        indication: "血小板輸血不応症",
        events: &[
            st("2017", Research),
            st("2019-05-13", TrialNotified),
            st("2019-07-01", Phase1),
            ex("2024-12-20", ExitKind::Suspended)
                .note("資金調達と製造スケールアップの検討のため一時中断"),
        ],
        ..PMD
    },
    ProgramDef {
        venture: "shonangenomics",
        name: "SG-01 アンチセンス核酸",
        indication: "筋強直性ジストロフィー",
        modality: Some("drug_discovery"),
        events: &[st("2021-11", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "corneatech",
        name: "CT-01 iPS細胞由来角膜上皮シート",
        indication: "角膜上皮幹細胞疲弊症",
        events: &[st("2019", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "cellfrontier",
        name: "CF-01 iPS細胞由来軟骨",
        indication: "関節軟骨損傷",
        events: &[st("2021-08", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "genecarrier",
        name: "GC-01 脂質ナノ粒子遺伝子治療",
        indication: "オルニチントランスカルバミラーゼ欠損症",
        events: &[st("2022-02", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "cartilab",
        name: "CL-01 同種軟骨細胞シート",
        indication: "変形性膝関節症",
        events: &[st("2021-10", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "nktherapy",
        name: "NK-01 iPS細胞由来NK細胞",
        indication: "進行性固形がん",
        events: &[st("2020", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "woundcare",
        name: "WC-01 培養皮膚代替物",
        indication: "難治性皮膚潰瘍",
        events: &[st("2022-05", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "angiolink",
        name: "AL-01 血管新生誘導ペプチド",
        indication: "末梢動脈疾患",
        events: &[st("2022-09", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "hairregen",
        name: "HA-01 自家毛包幹細胞による毛髪再生",
        indication: "男性型脱毛症",
        risk_class: Some("class3"),
        events: &[
            st("2023-06", Research),
            st("2024-03-04", PlanSubmitted),
            st("2024-10-01", Providing),
        ],
        ..SAFETY
    },
    ProgramDef {
        venture: "myelinthera",
        name: "MT-01 髄鞘再生促進薬",
        indication: "多発性硬化症",
        events: &[st("2023-02", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "gammadelta",
        name: "GD-01 γδT細胞",
        indication: "肝細胞癌",
        events: &[
            st("2023-09", Research),
            st("2025-05-12", TrialNotified),
            st("2025-07-07", Phase1),
        ],
        trials: &[TrialDef {
            on: "2025-05-12",
            registry: "jRCT2033250031",
            phase: Phase1,
            title: "肝細胞癌を対象とした第I相試験",
            ..T
        }],
        ..PMD
    },
    ProgramDef {
        venture: "softbone",
        name: "SO-01 弾性骨補填材",
        indication: "骨粗鬆症性椎体骨折",
        events: &[st("2024-01", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "nephronlab",
        name: "NL-01 多発性嚢胞腎治療候補",
        indication: "常染色体顕性多発性嚢胞腎",
        events: &[st("2023-12", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "regenespine",
        name: "RS-01 自家椎間板髄核細胞",
        indication: "腰椎椎間板変性症",
        events: &[
            st("2024-02", Research),
            st("2026-02-02", TrialNotified),
            st("2026-04-06", Phase1_2),
        ],
        trials: &[TrialDef {
            on: "2026-02-02",
            sponsor: Sponsor::Investigator,
            registry: "jRCT2033250152",
            phase: Phase1_2,
            title: "腰椎椎間板変性症を対象とした医師主導第I/II相試験",
            ..T
        }],
        ..PMD
    },
    ProgramDef {
        venture: "exoregene",
        name: "ER-01 エクソソーム製剤",
        indication: "難治性皮膚潰瘍",
        events: &[st("2024-10", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "heartmodule",
        name: "HM-01 iPS細胞由来心筋組織シート",
        indication: "重症心不全",
        events: &[st("2025-01", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "geneswitch",
        name: "GS-01 発現制御型AAVベクター",
        indication: "血友病B",
        events: &[st("2025-03", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "rootthera",
        name: "RO-01 歯根再生細胞",
        indication: "歯根吸収",
        events: &[st("2025-08", Research)],
        ..PMD
    },
    ProgramDef {
        venture: "visiongene",
        name: "VG-11 網膜遺伝子治療",
        indication: "レーバー先天性黒内障",
        events: &[st("2026-01", Research), st("2026-06-01", TrialNotified)],
        trials: &[TrialDef {
            on: "2026-06-01",
            sponsor: Sponsor::Investigator,
            registry: "jRCT2033260015",
            phase: Phase1,
            title: "レーバー先天性黒内障を対象とした医師主導第I相試験",
            ..T
        }],
        ..PMD
    },
    ProgramDef {
        venture: "gliacell",
        name: "GA-01 グリア標的低分子",
        indication: "アルツハイマー型認知症",
        ..PMD
    },
];
