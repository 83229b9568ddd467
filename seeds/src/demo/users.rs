//! The demo users: one per role (and a second coordinator). They exist only in the demo data
//! set; all share [`super::DEMO_PASSWORD`].

/// A demo user. `handle` is how the other demo tables refer to it.
#[derive(Debug, Clone, Copy)]
pub struct UserDef {
    pub handle: &'static str,
    pub email: &'static str,
    pub display_name: &'static str,
    pub role: &'static str,
    pub locale: &'static str,
    /// Account created (Japan time, 09:00).
    pub since: &'static str,
}

pub const USERS: &[UserDef] = &[
    UserDef {
        handle: "admin",
        email: "admin@demo.example.jp",
        display_name: "佐藤 健一",
        role: "admin",
        locale: "ja",
        since: "2015-04-01",
    },
    UserDef {
        handle: "staff",
        email: "staff@demo.example.jp",
        display_name: "鈴木 美咲",
        role: "staff",
        locale: "ja",
        since: "2015-04-01",
    },
    UserDef {
        handle: "coordinator",
        email: "coordinator@demo.example.jp",
        display_name: "高橋 誠",
        role: "coordinator",
        locale: "ja",
        since: "2021-04-01",
    },
    UserDef {
        handle: "coordinator2",
        email: "coordinator2@demo.example.jp",
        display_name: "田中 由紀",
        role: "coordinator",
        locale: "ja",
        since: "2021-04-01",
    },
    UserDef {
        handle: "viewer",
        email: "viewer@demo.example.jp",
        display_name: "伊藤 洋平",
        role: "viewer",
        locale: "ja",
        since: "2022-04-01",
    },
];
