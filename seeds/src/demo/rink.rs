//! RINK (再生医療等産業化ネットワーク): working-group members and meetings, support records and
//! fund supports. About forty support records are written out here (the ones that money is
//! linked to, overdue follow-ups, …); the rest are drawn reproducibly from
//! [`SUPPORT_TEMPLATES`] by `super::load` so that every kind appears throughout FY2021–FY2026.

use super::model::*;

/// The private fund this data set adds (the two public funds come with the migration).
pub const PRIVATE_FUND: (&str, &str, &str, &str) = (
    "shonan_life_fund",
    "湘南ライフサイエンス投資事業有限責任組合",
    "Shonan Life Science Investment LPS",
    "湘南ライフサイエンス・キャピタル株式会社",
);

/// How many support records are drawn from the templates.
pub const GENERATED_LOGS: usize = 84;

pub const MEMBERS: &[MemberDef] = &[
    // 自由診療WG
    MemberDef {
        wg: "free_treatment",
        member: Member::Coordinator("coordinator"),
        role: "主担当コーディネータ",
        joined: "2021-04-01",
        left: None,
    },
    MemberDef {
        wg: "free_treatment",
        member: Member::Venture("carecell"),
        role: "提供機関",
        joined: "2021-04-01",
        left: None,
    },
    MemberDef {
        wg: "free_treatment",
        member: Member::Venture("dentalstem"),
        role: "提供機関",
        joined: "2021-04-01",
        left: None,
    },
    MemberDef {
        wg: "free_treatment",
        member: Member::Venture("stembank"),
        role: "細胞供給",
        joined: "2021-06-01",
        left: None,
    },
    MemberDef {
        wg: "free_treatment",
        member: Member::Venture("hairregen"),
        role: "提供機関",
        joined: "2023-07-01",
        left: None,
    },
    MemberDef {
        wg: "free_treatment",
        member: Member::Venture("perioregene"),
        role: "提供機関",
        joined: "2021-04-01",
        left: Some("2024-03-31"),
    },
    MemberDef {
        wg: "free_treatment",
        member: Member::Organisation("湘南鎌倉総合病院"),
        role: "医療機関（オブザーバー）",
        joined: "2021-04-01",
        left: None,
    },
    // 評価WG
    MemberDef {
        wg: "evaluation_wg",
        member: Member::Coordinator("coordinator2"),
        role: "主担当コーディネータ",
        joined: "2022-04-01",
        left: None,
    },
    MemberDef {
        wg: "evaluation_wg",
        member: Member::Venture("keratocell"),
        role: "製品開発企業",
        joined: "2022-04-01",
        left: None,
    },
    MemberDef {
        wg: "evaluation_wg",
        member: Member::Venture("retinacell"),
        role: "製品開発企業",
        joined: "2022-04-01",
        left: None,
    },
    MemberDef {
        wg: "evaluation_wg",
        member: Member::Venture("organchip"),
        role: "評価技術",
        joined: "2023-11-01",
        left: None,
    },
    MemberDef {
        wg: "evaluation_wg",
        member: Member::Organisation("国立医薬品食品衛生研究所"),
        role: "評価基盤（助言）",
        joined: "2022-04-01",
        left: None,
    },
    MemberDef {
        wg: "evaluation_wg",
        member: Member::Organisation("神奈川県立産業技術総合研究所（KISTEC）"),
        role: "評価基盤",
        joined: "2022-04-01",
        left: None,
    },
    // 製造分科会
    MemberDef {
        wg: "manufacturing",
        member: Member::Coordinator("coordinator"),
        role: "事務局",
        joined: "2022-10-01",
        left: None,
    },
    MemberDef {
        wg: "manufacturing",
        member: Member::Venture("cellport"),
        role: "受託製造",
        joined: "2022-10-01",
        left: None,
    },
    MemberDef {
        wg: "manufacturing",
        member: Member::Venture("smartcpc"),
        role: "製造装置",
        joined: "2022-10-01",
        left: None,
    },
    MemberDef {
        wg: "manufacturing",
        member: Member::Venture("plateletone"),
        role: "大量培養",
        joined: "2022-10-01",
        left: None,
    },
    MemberDef {
        wg: "manufacturing",
        member: Member::Venture("microcarrier"),
        role: "培養資材",
        joined: "2026-01-05",
        left: None,
    },
    MemberDef {
        wg: "manufacturing",
        member: Member::Organisation("相模ファーマ株式会社"),
        role: "大手製薬会社（製造連携の検討）",
        joined: "2022-10-01",
        left: None,
    },
    // 輸送分科会
    MemberDef {
        wg: "transport",
        member: Member::Coordinator("coordinator2"),
        role: "事務局",
        joined: "2022-10-01",
        left: None,
    },
    MemberDef {
        wg: "transport",
        member: Member::Venture("coldchain"),
        role: "定温輸送",
        joined: "2022-10-01",
        left: None,
    },
    MemberDef {
        wg: "transport",
        member: Member::Venture("cellcarelog"),
        role: "輸送容器・トレーサビリティ",
        joined: "2023-05-01",
        left: None,
    },
    MemberDef {
        wg: "transport",
        member: Member::Organisation("京浜メディカル物流株式会社"),
        role: "物流事業者",
        joined: "2022-10-01",
        left: None,
    },
    // 評価分科会
    MemberDef {
        wg: "evaluation_sc",
        member: Member::Coordinator("coordinator2"),
        role: "事務局",
        joined: "2022-10-01",
        left: None,
    },
    MemberDef {
        wg: "evaluation_sc",
        member: Member::Venture("spheroid"),
        role: "製品開発企業",
        joined: "2022-10-01",
        left: None,
    },
    MemberDef {
        wg: "evaluation_sc",
        member: Member::Venture("luminacell"),
        role: "品質検査装置",
        joined: "2025-01-06",
        left: None,
    },
    MemberDef {
        wg: "evaluation_sc",
        member: Member::Organisation("実験動物中央研究所"),
        role: "非臨床評価",
        joined: "2022-10-01",
        left: None,
    },
];

pub const MEETINGS: &[MeetingDef] = &[
    MeetingDef {
        wg: "free_treatment",
        on: "2021-06-18",
        title: "第1回 自由診療WG",
        agenda: "WGの設置目的と進め方／提供計画の審査状況の共有",
        attendees: "提供機関4社、湘南鎌倉総合病院、県産業振興課、RINK",
        minutes: "提供計画の作成支援と、患者向け説明資料の共通化を当面の課題とした。",
    },
    MeetingDef {
        wg: "free_treatment",
        on: "2022-11-25",
        title: "第4回 自由診療WG",
        agenda: "認定再生医療等委員会の指摘事例の共有",
        attendees: "提供機関5社、RINK",
        minutes: "有害事象報告の様式を統一する方針を確認。",
    },
    MeetingDef {
        wg: "free_treatment",
        on: "2024-06-14",
        title: "第8回 自由診療WG",
        agenda: "価格表示と広告規制への対応",
        attendees: "提供機関4社、県産業振興課、RINK",
        minutes: "医療広告ガイドラインに沿ったウェブサイト表記の点検を各社で実施する。",
    },
    MeetingDef {
        wg: "free_treatment",
        on: "2026-05-22",
        title: "第12回 自由診療WG",
        agenda: "提供実績の集計と県への報告",
        attendees: "提供機関4社、RINK",
        minutes: "年度の提供件数を集計し、次回までに各社が確認する。",
    },
    MeetingDef {
        wg: "evaluation_wg",
        on: "2022-07-08",
        title: "第1回 評価WG",
        agenda: "細胞の安全性・有効性の評価基盤の構築に向けた論点整理",
        attendees: "製品開発企業2社、国立医薬品食品衛生研究所、KISTEC、RINK",
        minutes: "造腫瘍性試験と品質試験の共通プロトコル案をKISTECが作成する。",
    },
    MeetingDef {
        wg: "evaluation_wg",
        on: "2023-12-15",
        title: "第4回 評価WG",
        agenda: "臓器チップによる評価法の紹介",
        attendees: "製品開発企業3社、国立医薬品食品衛生研究所、KISTEC、RINK",
        minutes: "オーガンチップ社の評価系を用いた共同検証を提案。",
    },
    MeetingDef {
        wg: "evaluation_wg",
        on: "2025-10-17",
        title: "第7回 評価WG",
        agenda: "共通プロトコルの検証結果",
        attendees: "製品開発企業3社、KISTEC、RINK",
        minutes: "検証結果を取りまとめ、年度内に手引きとして公開する。",
    },
    MeetingDef {
        wg: "manufacturing",
        on: "2022-12-09",
        title: "第1回 製造分科会",
        agenda: "県内の細胞加工施設の稼働状況と大量培養の課題",
        attendees: "ベンチャー3社、相模ファーマ、RINK",
        minutes: "LIC共用CPCの稼働率向上策と、大量培養設備を持つ民間企業との連携を検討。",
    },
    MeetingDef {
        wg: "manufacturing",
        on: "2024-02-16",
        title: "第4回 製造分科会",
        agenda: "自動培養装置の導入事例",
        attendees: "ベンチャー4社、相模ファーマ、RINK",
        minutes: "スマートCPC社の装置で共同実証を行う方向で合意。",
    },
    MeetingDef {
        wg: "manufacturing",
        on: "2026-02-13",
        title: "第8回 製造分科会",
        agenda: "マイクロキャリアを用いた培養のスケールアップ",
        attendees: "ベンチャー4社、相模ファーマ、RINK",
        minutes: "次年度の共同実証計画を作成する。",
    },
    MeetingDef {
        wg: "transport",
        on: "2023-01-20",
        title: "第1回 輸送分科会",
        agenda: "細胞製品の輸送条件と温度逸脱時の対応",
        attendees: "物流事業者2社、ベンチャー1社、RINK",
        minutes: "輸送中の温度記録の共通フォーマットを作成する。",
    },
    MeetingDef {
        wg: "transport",
        on: "2024-09-13",
        title: "第4回 輸送分科会",
        agenda: "殿町—県内病院間の輸送実証の報告",
        attendees: "物流事業者2社、ベンチャー2社、RINK",
        minutes: "実証で温度逸脱なし。輸送手順書を改訂する。",
    },
    MeetingDef {
        wg: "transport",
        on: "2026-07-10",
        title: "第7回 輸送分科会",
        agenda: "トレーサビリティシステムの共同利用",
        attendees: "物流事業者2社、ベンチャー2社、RINK",
        minutes: "共同利用の費用負担案をセルケア・ロジスティクス社が作成する。",
    },
    MeetingDef {
        wg: "evaluation_sc",
        on: "2023-02-17",
        title: "第1回 評価分科会",
        agenda: "非臨床評価の外部委託先の整理",
        attendees: "ベンチャー1社、実験動物中央研究所、RINK",
        minutes: "非臨床試験の相談窓口を実中研に一本化する。",
    },
    MeetingDef {
        wg: "evaluation_sc",
        on: "2024-11-22",
        title: "第4回 評価分科会",
        agenda: "非破壊品質検査の適用範囲",
        attendees: "ベンチャー2社、実験動物中央研究所、RINK",
        minutes: "ルミナセル社の装置で出荷試験の一部を代替できるか検証する。",
    },
    MeetingDef {
        wg: "evaluation_sc",
        on: "2026-03-13",
        title: "第6回 評価分科会",
        agenda: "年度の活動報告と次年度計画",
        attendees: "ベンチャー2社、実験動物中央研究所、県産業振興課、RINK",
        minutes: "次年度は評価WGと合同で開催する。",
    },
];

/// Support records written out (the rest come from [`SUPPORT_TEMPLATES`]).
pub const SUPPORT_LOGS: &[LogDef] = &[
    LogDef {
        key: "sm-match-2021",
        venture: "stromathera",
        on: "2021-07-14",
        kind: "matching",
        summary: "ヘルスケアファンドの投資担当者との面談を設定",
        outcome: "事業計画の説明を行い、追加資料の提出を求められた",
        follow_up: Some("2021-08-31"),
        done: Some(("2021-08-27", "追加資料を提出し、投資検討が開始された")),
        ..L
    },
    LogDef {
        key: "sm-reg-2021",
        venture: "stromathera",
        on: "2021-05-20",
        kind: "regulatory",
        by: "coordinator2",
        summary: "治験計画届出に向けたPMDA対面助言の準備",
        outcome: "品質に関する相談事項を3点に整理",
        follow_up: Some("2021-06-30"),
        done: Some(("2021-06-07", "治験計画を届出")),
        ..L
    },
    LogDef {
        key: "cpc-consult-2022",
        venture: "smartcpc",
        on: "2021-12-08",
        kind: "consultation",
        summary: "シリーズA資金調達に向けた事業計画の壁打ち",
        outcome: "県ファンドへの提案資料の構成を決定",
        follow_up: Some("2022-01-31"),
        done: Some(("2022-01-28", "ファンドへの提案を実施")),
        ..L
    },
    LogDef {
        key: "po-match-2022",
        venture: "plateletone",
        wg: "manufacturing",
        on: "2022-06-22",
        kind: "matching",
        summary: "大量培養設備を持つ大手製薬会社とのマッチング",
        outcome: "相模ファーマとの秘密保持契約を締結",
        follow_up: Some("2022-09-30"),
        done: Some((
            "2022-09-16",
            "共同検討の覚書を締結、ファンドの出資条件が整った",
        )),
        ..L
    },
    LogDef {
        key: "gl-intl-2022",
        venture: "genelead",
        on: "2022-09-07",
        kind: "international",
        by: "coordinator2",
        summary: "MOU締結先の米国クラスターの投資家への紹介",
        outcome: "現地投資家2社とオンライン面談",
        follow_up: Some("2022-11-30"),
        done: Some(("2022-11-25", "シリーズCに海外投資家1社が参加")),
        ..L
    },
    LogDef {
        key: "hg-consult-2023",
        venture: "hepatogen",
        on: "2023-02-08",
        kind: "consultation",
        summary: "治験中断後の製造体制再構築に関する相談",
        outcome: "CMC専門家による伴走支援をファンドに要請",
        follow_up: Some("2023-04-28"),
        done: Some(("2023-04-25", "ハンズオン支援の実施が決定")),
        ..L
    },
    LogDef {
        key: "hg-fac-2023",
        venture: "hepatogen",
        wg: "manufacturing",
        on: "2023-05-17",
        kind: "facility_use",
        summary: "LIC 1階 共用細胞培養加工施設の利用相談",
        outcome: "2023年度下期の利用枠を確保",
        follow_up: Some("2023-10-02"),
        done: Some(("2023-10-02", "利用開始")),
        ..L
    },
    LogDef {
        key: "pc-reg-2023",
        venture: "parkincell",
        on: "2023-04-19",
        kind: "regulatory",
        by: "coordinator2",
        summary: "承認申請に向けた申請資料の構成について助言",
        outcome: "医師主導治験の成績の取りまとめ方針を整理",
        follow_up: Some("2023-07-31"),
        done: Some(("2023-07-20", "PMDA事前面談を実施")),
        ..L
    },
    LogDef {
        key: "ic-consult-2024",
        venture: "insulicell",
        on: "2024-05-15",
        kind: "consultation",
        summary: "医師主導治験の準備と資金計画の相談",
        outcome: "シリーズAの調達先候補としてヘルスケアファンドを紹介",
        follow_up: Some("2024-07-31"),
        done: Some(("2024-07-30", "ファンドからの出資が決定")),
        ..L
    },
    LogDef {
        key: "gd-match-2025",
        venture: "gammadelta",
        on: "2024-12-11",
        kind: "matching",
        summary: "県内がん診療連携拠点病院との共同研究先の紹介",
        outcome: "治験実施候補施設2施設と面談",
        follow_up: Some("2025-02-28"),
        done: Some(("2025-02-26", "治験実施施設が内定")),
        ..L
    },
    LogDef {
        key: "rs-consult-2025",
        venture: "regenespine",
        on: "2025-06-25",
        kind: "consultation",
        summary: "殿町立地後の資金調達と医師主導治験の準備",
        outcome: "ファンドへの提案資料を作成",
        follow_up: Some("2025-09-12"),
        done: Some(("2025-09-10", "転換社債型の出資で合意")),
        ..L
    },
    LogDef {
        key: "hm-consult-2026",
        venture: "heartmodule",
        on: "2025-11-12",
        kind: "consultation",
        summary: "シード資金の調達先の相談",
        outcome: "民間ファンドを紹介",
        follow_up: Some("2026-01-30"),
        done: Some(("2026-01-29", "民間ファンドからの出資が決定")),
        ..L
    },
    LogDef {
        venture: "heartlink",
        on: "2023-06-14",
        kind: "regulatory",
        by: "coordinator2",
        summary: "本承認の再申請に向けた使用成績評価データの整理",
        outcome: "再申請のスケジュールを確認",
        follow_up: Some("2023-09-15"),
        done: Some(("2023-09-08", "再申請を実施")),
        ..L
    },
    LogDef {
        venture: "heartlink",
        on: "2024-08-07",
        kind: "consultation",
        summary: "本承認不可の判断を受けた今後の事業方針の相談",
        outcome: "iPS細胞由来心筋シートへの経営資源の集中を検討",
        follow_up: Some("2024-10-31"),
        done: Some(("2024-10-30", "次世代品の開発計画を策定")),
        ..L
    },
    LogDef {
        venture: "neurorepair",
        on: "2024-09-18",
        kind: "regulatory",
        summary: "出荷制限の解除に向けた同等性確認ロットの計画",
        outcome: "追加ロットの製造計画を作成",
        follow_up: Some("2026-10-30"),
        ..L
    },
    LogDef {
        venture: "neurorepair",
        wg: "manufacturing",
        on: "2025-03-12",
        kind: "facility_use",
        summary: "追加ロット製造のためのLIC共用CPCの利用調整",
        outcome: "製造スケジュールを確定",
        follow_up: Some("2025-05-30"),
        done: Some(("2025-05-28", "製造開始")),
        ..L
    },
    LogDef {
        venture: "keratocell",
        wg: "evaluation_wg",
        on: "2022-09-21",
        kind: "evaluation",
        by: "coordinator2",
        summary: "本承認申請に向けた品質評価指標の見直し",
        outcome: "評価WGで共通プロトコルを適用することに合意",
        follow_up: Some("2023-03-31"),
        done: Some(("2023-03-24", "評価結果を申請資料に反映")),
        ..L
    },
    LogDef {
        venture: "retinacell",
        wg: "evaluation_wg",
        on: "2023-01-25",
        kind: "evaluation",
        by: "coordinator2",
        summary: "造腫瘍性試験の評価法についての相談",
        outcome: "国立医薬品食品衛生研究所の担当者を紹介",
        follow_up: Some("2023-04-28"),
        done: Some(("2023-04-20", "評価法を決定")),
        ..L
    },
    LogDef {
        venture: "retinacell",
        on: "2026-04-15",
        kind: "consultation",
        summary: "第I/II相試験の進捗と次の開発段階の相談",
        outcome: "症例登録の遅れの要因を整理",
        follow_up: Some("2026-07-31"),
        ..L
    },
    LogDef {
        venture: "carecell",
        wg: "free_treatment",
        on: "2021-09-15",
        kind: "regulatory",
        summary: "慢性腰痛の提供計画に対する委員会意見への対応",
        outcome: "対応方針を整理",
        follow_up: Some("2021-11-30"),
        done: Some(("2021-11-26", "計画を修正して再審査を申請")),
        ..L
    },
    LogDef {
        venture: "carecell",
        wg: "free_treatment",
        on: "2026-06-10",
        kind: "consultation",
        summary: "提供実績の報告様式についての相談",
        outcome: "自由診療WGの共通様式を案内",
        follow_up: Some("2026-08-31"),
        ..L
    },
    LogDef {
        venture: "dentalstem",
        wg: "free_treatment",
        on: "2026-09-09",
        kind: "consultation",
        summary: "提供医療機関の追加に関する相談",
        outcome: "県西部の歯科医院2院を候補に選定",
        follow_up: Some("2026-11-13"),
        ..L
    },
    LogDef {
        venture: "coldchain",
        wg: "transport",
        on: "2024-07-03",
        kind: "matching",
        by: "coordinator2",
        summary: "県内病院との輸送実証のマッチング",
        outcome: "湘南鎌倉総合病院との実証を調整",
        follow_up: Some("2024-09-13"),
        done: Some(("2024-09-13", "分科会で実証結果を報告")),
        ..L
    },
    LogDef {
        venture: "cellcarelog",
        wg: "transport",
        on: "2026-08-05",
        kind: "technology_ip",
        by: "coordinator2",
        summary: "トレーサビリティシステムの特許出願戦略の相談",
        outcome: "KISTECの知財相談を予約",
        follow_up: Some("2026-10-16"),
        ..L
    },
    LogDef {
        venture: "organchip",
        wg: "evaluation_wg",
        on: "2024-03-06",
        kind: "evaluation",
        by: "coordinator2",
        summary: "臓器チップ評価系の共同検証の計画",
        outcome: "参加企業2社を調整",
        follow_up: Some("2024-06-28"),
        done: Some(("2024-06-21", "共同検証を開始")),
        ..L
    },
    LogDef {
        venture: "organchip",
        on: "2025-02-19",
        kind: "facility_use",
        summary: "LIC 4階 分析機器の共同利用と殿町への移転相談",
        outcome: "2025年4月の移転に合わせ利用登録",
        follow_up: Some("2025-04-01"),
        done: Some(("2025-04-01", "移転・利用開始")),
        ..L
    },
    LogDef {
        venture: "luminacell",
        wg: "evaluation_sc",
        on: "2026-10-07",
        kind: "evaluation",
        by: "coordinator2",
        summary: "出荷試験の一部代替に向けた検証計画の確認",
        outcome: "検証に協力するベンチャー1社を紹介",
        follow_up: Some("2026-12-18"),
        ..L
    },
    LogDef {
        venture: "tcellarc",
        on: "2025-07-23",
        kind: "regulatory",
        summary: "承認申請前の信頼性調査への準備",
        outcome: "チェックリストを共有",
        follow_up: Some("2025-10-31"),
        done: Some(("2025-10-27", "承認申請を実施")),
        ..L
    },
    LogDef {
        venture: "tcellarc",
        on: "2026-09-30",
        kind: "international",
        by: "coordinator2",
        summary: "海外展開に向けたMOU締結先への紹介",
        outcome: "欧州クラスターとのオンライン面談を設定",
        follow_up: Some("2026-11-06"),
        ..L
    },
    LogDef {
        venture: "visiongene",
        on: "2026-04-22",
        kind: "facility_use",
        summary: "湘南での実験スペースと共用機器の利用相談",
        outcome: "共用機器の利用説明を実施",
        follow_up: Some("2026-06-30"),
        done: Some(("2026-06-26", "利用登録完了")),
        ..L
    },
    LogDef {
        venture: "gliacell",
        on: "2026-09-16",
        kind: "training",
        summary: "KISTEC人材育成講座（再生医療の品質管理）の案内",
        outcome: "研究員1名が受講申込み",
        follow_up: Some("2026-11-20"),
        ..L
    },
    LogDef {
        venture: "earlyseed",
        on: "2026-10-21",
        kind: "consultation",
        summary: "県内立地の候補地と支援制度の相談",
        outcome: "殿町・KSP・湘南の空き区画と支援制度を説明",
        follow_up: Some("2026-11-18"),
        ..L
    },
    LogDef {
        venture: "microcarrier",
        wg: "manufacturing",
        on: "2026-01-14",
        kind: "matching",
        summary: "大量培養のスケールアップに向けた大手製薬会社とのマッチング",
        outcome: "相模ファーマとの面談を設定",
        follow_up: Some("2026-03-31"),
        done: Some(("2026-03-27", "共同実証の計画に合意")),
        ..L
    },
    LogDef {
        venture: "aquacell",
        on: "2024-06-12",
        kind: "consultation",
        summary: "製造拠点の拡張先に関する相談（県内候補地の紹介）",
        outcome: "県内の候補地を紹介したが、県外の工場用地を選定",
        ..L
    },
    LogDef {
        venture: "biomaterial",
        on: "2022-07-13",
        kind: "matching",
        summary: "治験中断を受けた新しい製造委託先の紹介",
        outcome: "県内の受託製造企業2社を紹介",
        follow_up: Some("2022-10-31"),
        done: Some(("2022-10-28", "委託先を決定")),
        ..L
    },
    LogDef {
        venture: "plateletone",
        on: "2025-01-22",
        kind: "consultation",
        summary: "治験中断後の資金調達計画の相談",
        outcome: "事業会社との提携の可能性を整理",
        follow_up: Some("2025-04-30"),
        ..L
    },
    LogDef {
        venture: "synapserepair",
        on: "2026-06-17",
        kind: "regulatory",
        by: "coordinator2",
        summary: "医師主導治験の治験計画届出前の最終確認",
        outcome: "届出書類の不備を2点指摘",
        follow_up: Some("2026-09-07"),
        done: Some(("2026-09-07", "治験計画を届出")),
        ..L
    },
];

/// A support template: kind, working group ("" for none), summary, outcome.
pub type Template = (&'static str, &'static str, &'static str, &'static str);

pub const SUPPORT_TEMPLATES: &[Template] = &[
    (
        "consultation",
        "",
        "資金調達計画と事業計画の壁打ち",
        "次回ラウンドの投資家候補を整理",
    ),
    (
        "consultation",
        "",
        "県内での事業拡大に伴うラボ移転の相談",
        "殿町・KSPの空き区画を紹介",
    ),
    (
        "consultation",
        "",
        "品質保証責任者の採用に関する相談",
        "人材紹介会社と県の就職支援窓口を紹介",
    ),
    (
        "consultation",
        "",
        "補助金の申請書類の確認",
        "申請書の記載内容を助言",
    ),
    (
        "matching",
        "manufacturing",
        "大量培養設備を持つ大手企業とのマッチング",
        "秘密保持契約の締結に向けて調整",
    ),
    (
        "matching",
        "",
        "県内医療機関との共同研究先の紹介",
        "候補施設との面談を設定",
    ),
    (
        "matching",
        "",
        "大手製薬会社の事業開発部門との面談",
        "導出の可能性について継続協議",
    ),
    (
        "regulatory",
        "",
        "PMDA事前面談に向けた資料の確認",
        "相談事項を3点に整理",
    ),
    (
        "regulatory",
        "",
        "治験計画届出の準備状況の確認",
        "届出スケジュールを確認",
    ),
    (
        "regulatory",
        "evaluation_wg",
        "対面助言（品質）の準備",
        "規格試験の設定根拠を整理",
    ),
    (
        "evaluation",
        "evaluation_wg",
        "細胞製品の品質評価指標についての助言",
        "評価項目案を作成",
    ),
    (
        "evaluation",
        "evaluation_sc",
        "非臨床安全性試験の委託先の相談",
        "実験動物中央研究所を紹介",
    ),
    (
        "facility_use",
        "manufacturing",
        "LIC 1階 共用細胞培養加工施設の利用申請",
        "利用枠を確保",
    ),
    (
        "facility_use",
        "",
        "LIC 4階 分析機器の利用説明",
        "フローサイトメーターの利用を開始",
    ),
    (
        "technology_ip",
        "",
        "KISTECによる特許出願戦略の相談",
        "先行技術調査を依頼",
    ),
    (
        "technology_ip",
        "",
        "KISTECの技術評価への申込み",
        "評価結果を事業計画に反映",
    ),
    (
        "international",
        "",
        "MOU締結先の海外クラスターへの紹介",
        "オンライン面談を設定",
    ),
    (
        "international",
        "",
        "海外展示会への出展支援",
        "県ブースへの出展が決定",
    ),
    (
        "training",
        "",
        "KISTEC人材育成講座（GCTP）への参加案内",
        "社員2名が受講",
    ),
    (
        "training",
        "",
        "アントレプレナー育成プログラムへの参加",
        "ピッチイベントに登壇",
    ),
];

pub const FUND_SUPPORTS: &[FundDef] = &[
    FundDef {
        fund: "ksp_fund",
        venture: "biomaterial",
        on: "2015-10-01",
        amount_yen: 30_000_000,
        round: "シード",
        ..F
    },
    FundDef {
        venture: "cellport",
        on: "2016-07-15",
        amount_yen: 100_000_000,
        round: "シリーズA",
        ..F
    },
    FundDef {
        fund: "ksp_fund",
        venture: "cardioips",
        on: "2017-03-10",
        amount_yen: 50_000_000,
        round: "シード",
        ..F
    },
    FundDef {
        fund: "ksp_fund",
        venture: "genesafe",
        on: "2017-04-28",
        amount_yen: 40_000_000,
        round: "シード",
        ..F
    },
    FundDef {
        venture: "neurorepair",
        on: "2017-09-29",
        amount_yen: 200_000_000,
        round: "シリーズC",
        ..F
    },
    FundDef {
        fund: "ksp_fund",
        venture: "hepatogen",
        on: "2018-06-29",
        amount_yen: 60_000_000,
        instrument: "convertible",
        round: "シード",
        ..F
    },
    FundDef {
        venture: "retinacell",
        on: "2018-08-31",
        amount_yen: 250_000_000,
        round: "シリーズB",
        ..F
    },
    FundDef {
        venture: "oncovirus",
        on: "2018-12-14",
        amount_yen: 150_000_000,
        instrument: "convertible",
        round: "ブリッジ",
        ..F
    },
    FundDef {
        venture: "cardioips",
        on: "2019-06-20",
        amount_yen: 300_000_000,
        round: "シリーズB",
        ..F
    },
    FundDef {
        fund: "ksp_fund",
        venture: "lymphregene",
        on: "2019-09-30",
        amount_yen: 30_000_000,
        round: "シード",
        ..F
    },
    FundDef {
        venture: "myelorepair",
        on: "2019-10-31",
        amount_yen: 200_000_000,
        round: "シリーズA",
        ..F
    },
    FundDef {
        venture: "tcellarc",
        on: "2020-03-27",
        amount_yen: 280_000_000,
        round: "シリーズB",
        ..F
    },
    FundDef {
        fund: "ksp_fund",
        venture: "hearregen",
        on: "2020-05-29",
        amount_yen: 50_000_000,
        instrument: "convertible",
        round: "シード",
        ..F
    },
    FundDef {
        venture: "myogenesis",
        on: "2020-12-18",
        amount_yen: 180_000_000,
        round: "シリーズA",
        ..F
    },
    FundDef {
        fund: "ksp_fund",
        venture: "bioink",
        on: "2021-01-29",
        amount_yen: 35_000_000,
        round: "シード",
        ..F
    },
    FundDef {
        fund: "shonan_life_fund",
        venture: "strokerepair",
        on: "2021-03-31",
        amount_yen: 300_000_000,
        round: "シリーズC",
        ..F
    },
    FundDef {
        venture: "stromathera",
        on: "2021-10-29",
        amount_yen: 120_000_000,
        round: "シリーズA",
        logs: &["sm-match-2021"],
        ..F
    },
    FundDef {
        fund: "ksp_fund",
        venture: "hydrogel",
        on: "2021-11-30",
        amount_yen: 45_000_000,
        round: "シード",
        ..F
    },
    FundDef {
        fund: "shonan_life_fund",
        venture: "carecell",
        on: "2021-12-10",
        amount_yen: 80_000_000,
        instrument: "loan",
        note: "提供体制の整備資金",
        ..F
    },
    FundDef {
        venture: "smartcpc",
        on: "2022-03-25",
        amount_yen: 100_000_000,
        round: "シリーズA",
        logs: &["cpc-consult-2022"],
        ..F
    },
    FundDef {
        fund: "ksp_fund",
        venture: "corneatech",
        on: "2022-07-29",
        amount_yen: 50_000_000,
        instrument: "convertible",
        round: "シード",
        ..F
    },
    FundDef {
        venture: "plateletone",
        on: "2022-09-30",
        amount_yen: 150_000_000,
        round: "シリーズB",
        logs: &["po-match-2022"],
        ..F
    },
    FundDef {
        fund: "shonan_life_fund",
        venture: "genelead",
        on: "2022-11-30",
        amount_yen: 250_000_000,
        round: "シリーズC",
        logs: &["gl-intl-2022"],
        ..F
    },
    FundDef {
        fund: "ksp_fund",
        venture: "genecarrier",
        on: "2023-03-31",
        amount_yen: 30_000_000,
        round: "シード",
        ..F
    },
    FundDef {
        venture: "parkincell",
        on: "2023-06-30",
        amount_yen: 300_000_000,
        round: "シリーズC",
        logs: &["pc-reg-2023"],
        ..F
    },
    FundDef {
        venture: "hepatogen",
        on: "2023-08-31",
        amount_yen: 0,
        instrument: "hands_on",
        note: "製造体制の再構築に向けたハンズオン支援（CMC専門家の派遣）",
        logs: &["hg-consult-2023", "hg-fac-2023"],
        ..F
    },
    FundDef {
        venture: "woundcare",
        on: "2023-10-31",
        amount_yen: 20_000_000,
        instrument: "grant",
        note: "実証フィールドでの試作品評価への助成",
        ..F
    },
    FundDef {
        fund: "shonan_life_fund",
        venture: "rehabitech",
        on: "2023-12-15",
        amount_yen: 90_000_000,
        round: "シリーズA",
        ..F
    },
    FundDef {
        fund: "ksp_fund",
        venture: "organchip",
        on: "2024-02-29",
        amount_yen: 40_000_000,
        round: "シード",
        ..F
    },
    FundDef {
        venture: "insulicell",
        on: "2024-07-31",
        amount_yen: 200_000_000,
        round: "シリーズA",
        logs: &["ic-consult-2024"],
        ..F
    },
    FundDef {
        fund: "ksp_fund",
        venture: "luminacell",
        on: "2025-01-31",
        amount_yen: 30_000_000,
        round: "シード",
        ..F
    },
    FundDef {
        venture: "gammadelta",
        on: "2025-03-28",
        amount_yen: 150_000_000,
        round: "シリーズA",
        logs: &["gd-match-2025"],
        ..F
    },
    FundDef {
        venture: "regenespine",
        on: "2025-09-30",
        amount_yen: 100_000_000,
        instrument: "convertible",
        round: "シード",
        logs: &["rs-consult-2025"],
        ..F
    },
    FundDef {
        fund: "shonan_life_fund",
        venture: "heartmodule",
        on: "2026-02-27",
        amount_yen: 60_000_000,
        round: "シード",
        logs: &["hm-consult-2026"],
        ..F
    },
];
