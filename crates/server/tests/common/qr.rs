//! QR fixtures shared by the QR and landing tests: an official on the office staff, a notice.

use motcua_domain::qr::{QrTarget, QrToken};
use motcua_domain::{CommuneCode, Localized, StaffMember};
use motcua_server::clock::Now;

use super::fixtures::COMMUNE;
use super::TestServer;

fn commune() -> CommuneCode {
    CommuneCode::parse(COMMUNE).unwrap()
}

/// Puts official `tp-01` (name with markup in it, desk 3) and an office phone on the commune.
pub async fn add_official(server: &TestServer) {
    let mut office = server
        .state
        .db
        .commune(&commune())
        .await
        .unwrap()
        .unwrap()
        .office;
    office.staff.push(StaffMember {
        id: "tp-01".into(),
        name: "Nguyễn Thị <Lan>".into(),
        role: Localized::new(
            "Công chức Tư pháp – Hộ tịch",
            "Justice and civil status officer",
        ),
        phone: "0912 345 678".into(),
        desk: Some("3".into()),
    });
    office.phone = Some("0225 3 873 000".into());
    server
        .state
        .db
        .update_office(&commune(), &office)
        .await
        .unwrap();
}

/// A notice QR code of the commune titled `title` (the wifi password).
pub async fn notice(server: &TestServer, title: &str) -> QrToken {
    let target = QrTarget::Notice {
        title: Localized::new(title, "Office wifi"),
        body: Localized::new(
            "Mạng: UBND-Khach, mật khẩu: 12345678",
            "Network: UBND-Khach, password: 12345678",
        ),
    };
    server
        .state
        .db
        .ensure_qr_link(&commune(), &target, Now::read())
        .await
        .unwrap()
        .token
}
