//! The typed message catalogue: every UI string in Vietnamese (default) and English.
//!
//! [`t`] matches exhaustively on [`Msg`], so adding a message without both translations is a
//! compile error. Data texts (procedure names, addresses) come bilingual from the server as
//! [`crate::Localized`] and are not listed here.

use serde::{Deserialize, Serialize};

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    /// Vietnamese, the default and the legal language.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// True for English (the flag [`crate::Localized::get`] takes).
    pub fn english(self) -> bool {
        self == Self::En
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }

    /// Parses a stored tag; anything unknown is Vietnamese.
    pub fn from_tag(tag: &str) -> Self {
        if tag == "en" {
            Self::En
        } else {
            Self::Vi
        }
    }

    /// The other language.
    pub fn toggled(self) -> Self {
        match self {
            Self::Vi => Self::En,
            Self::En => Self::Vi,
        }
    }
}

/// Declares [`Msg`] and [`Msg::ALL`] from one list of names, so the list of every message can
/// never miss one (the catalogue test walks it).
macro_rules! messages {
    ($($name:ident,)*) => {
        /// Every fixed UI string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[expect(
            missing_docs,
            reason = "each variant is documented by its translations in `t`"
        )]
        pub enum Msg {
            $($name,)*
        }

        impl Msg {
            /// Every message, in declaration order.
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];
        }
    };
}

messages! {
    AppName,
    AppTagline,
    SkipLink,
    LangToggleTitle,
    NavLabel,
    NavHome,
    NavProcedures,
    NavOffice,
    FooterUpdated,
    FooterNeverSynced,
    FooterSource,
    Online,
    Offline,
    SyncSyncing,
    SyncOffline,
    SyncFailed,
    StorageUnavailable,
    HomeTitle,
    HomeIntro,
    YourCommune,
    SeeProcedures,
    SeeOffice,
    ProcedureSearchLabel,
    ProcedureSearchHint,
    SearchButton,
    CommuneFilterLabel,
    CommuneFilterHint,
    Choose,
    ChooseCommuneTitle,
    FormerlyIn,
    NoCommuneMatch,
    Loading,
    CommunesUnavailable,
    Retry,
    PartMissingTitle,
    PartMissingBody,
    SectionMissing,
    Kind,
    FormerUnits,
    Address,
    Hours,
    Wifi,
    Phone,
    NotPublished,
    Staff,
    StaffEmpty,
    Desk,
    OfficeHeading,
    OfficeUnavailable,
    ChooseAndSee,
    ProceduresTitle,
    ChooseFirst,
    ChangeCommune,
    CatalogUnavailable,
    NoProcedures,
    SearchResultsFor,
    ClearSearch,
    Field,
    Code,
    Documents,
    ChecklistHint,
    ShowOnly,
    NoDocuments,
    Fee,
    ProcessingTime,
    SubmitAt,
    Result,
    LegalBasis,
    LocalNote,
    Source,
    Decision,
    AllProcedures,
    NotFoundTitle,
    NotFoundBody,
    ProcedureNotFound,
    CommuneNotFound,
    GoHome,
    GoList,
    NoScriptHint,
    NavDrafts,
    NavTrack,
    StartApplication,
    StartHint,
    StartFailed,
    DraftsTitle,
    DraftsEmpty,
    LastEdited,
    StateDraft,
    StateQueued,
    StateSent,
    StateNeedsAttention,
    Delete,
    ConfirmDelete,
    DraftNotFound,
    DraftNotFoundBody,
    Steps,
    StepNotStarted,
    StepInProgress,
    StepDone,
    StepError,
    CheckAnswers,
    CheckAnswersHint,
    Continue,
    BackToSteps,
    Change,
    SubmitApplication,
    SubmitHint,
    ErrorSummaryTitle,
    ErrorPrefix,
    SavedAt,
    SaveFailed,
    NotAnswered,
    Optional,
    SelectOne,
    TakePhoto,
    ChooseFromGallery,
    RemovePhoto,
    PhotoProcessing,
    PhotoNotImage,
    PhotoUndecodable,
    PhotoEncode,
    PhotoTooMany,
    StorageFull,
    PhotoAlt,
    MigratedTitle,
    MigratedBody,
    QueuedTitle,
    QueuedBody,
    RetryNow,
    SentTitle,
    ReceiptCode,
    ReceiptHint,
    CopyCode,
    Copied,
    ReceivedAt,
    DueDate,
    TrackThis,
    NeedsAttentionTitle,
    TrackTitle,
    TrackIntro,
    TrackReceiptHint,
    TrackSecret,
    TrackSecretHint,
    TrackButton,
    TrackInvalidReceipt,
    TrackNotFound,
    TrackNeedSecret,
    TrackUnavailable,
    TrackSaved,
    Status,
    Procedure,
    Note,
    Reason,
    // search (issue 4)
    SearchNoResults,
    SearchCallOffice,
    SearchPhoneNotPublished,
    SearchAllByField,
    SearchSeeAll,
    SearchResultsLabel,
    SearchTypeHint,
    // QR links and the scanner (issue 5)
    NavScan,
    QrLoading,
    QrUnknownTitle,
    QrRetiredTitle,
    QrHelpBody,
    QrOfflineBody,
    QrSearchProcedures,
    QrCallOffice,
    QrScanAgain,
    QrOfficialCaption,
    QrCall,
    QrRate,
    QrNoticeCaption,
    QrOpenGuide,
    QrOpenOffice,
    QrScanTitle,
    QrScanIntro,
    QrScanStart,
    QrScanStop,
    QrScanVideoLabel,
    QrScanLooking,
    QrScanNoCamera,
    QrScanForeign,
    QrManualLabel,
    QrManualHint,
    QrManualButton,
    QrManualInvalid,
    QrOpening,
    // feedback and dashboard (issue 6)
    RateTitle,
    RateHeading,
    RateLegend,
    RateOfficial,
    RateOfficialNone,
    RateComment,
    RateCommentHint,
    RateSend,
    RateQueued,
    RateThanks,
    RateFailed,
    RateYours,
    RateReply,
    RateOfficialGone,
    StatsTitle,
    StatsIntro,
    StatsOnTime,
    StatsOnTimeCount,
    StatsReceived,
    StatsDone,
    StatsRejected,
    StatsOpen,
    StatsPerMonth,
    StatsMonth,
    StatsProcedures,
    StatsAvgDays,
    StatsLegalDays,
    StatsSatisfaction,
    StatsSatisfied,
    StatsLevel,
    StatsRatings,
    StatsOfficials,
    StatsOfficialsHint,
    StatsOfficial,
    StatsRank,
    StatsNotRanked,
    StatsFeedback,
    StatsNegative,
    StatsAnswered,
    StatsResponseHours,
    StatsLetters,
    StatsCommunes,
    StatsCommune,
    StatsAll,
    StatsDownloadCsv,
    StatsDownloadJson,
    StatsUnavailable,
    StatsSaved,
    StatsNav,
    UpdateReady,
    UpdateReload,
    StorageBlocked,
}

/// The text of `msg` in `lang`.
pub fn t(msg: Msg, lang: Lang) -> &'static str {
    let (vi, en) = match msg {
        Msg::AppName => ("Một cửa", "Một cửa"),
        Msg::AppTagline => (
            "Thủ tục hành chính xã, phường Hải Phòng",
            "Commune services in Hải Phòng",
        ),
        Msg::SkipLink => ("Bỏ qua, đến nội dung chính", "Skip to main content"),
        Msg::LangToggleTitle => ("Hiển thị bằng tiếng Anh", "Show in Vietnamese"),
        Msg::NavLabel => ("Điều hướng chính", "Main navigation"),
        Msg::NavHome => ("Trang chủ", "Home"),
        Msg::NavProcedures => ("Thủ tục", "Procedures"),
        Msg::NavOffice => ("Văn phòng", "Office"),
        Msg::FooterUpdated => ("Dữ liệu cập nhật lúc", "Data updated"),
        Msg::FooterNeverSynced => (
            "Chưa tải được dữ liệu từ máy chủ",
            "No data downloaded from the server yet",
        ),
        Msg::FooterSource => (
            "Nguồn thủ tục: Cổng Dịch vụ công quốc gia",
            "Procedures from the National Public Service Portal",
        ),
        Msg::Online => ("Trực tuyến", "Online"),
        Msg::Offline => ("Ngoại tuyến", "Offline"),
        Msg::SyncSyncing => ("Đang cập nhật dữ liệu…", "Updating data…"),
        Msg::SyncOffline => (
            "Bạn đang ngoại tuyến. Đang hiển thị dữ liệu đã lưu trên máy.",
            "You are offline. Showing the data saved on this phone.",
        ),
        Msg::SyncFailed => (
            "Không kết nối được máy chủ. Đang hiển thị dữ liệu đã lưu trên máy.",
            "Could not reach the server. Showing the data saved on this phone.",
        ),
        Msg::StorageUnavailable => (
            "Máy này không cho lưu dữ liệu; ứng dụng vẫn dùng được khi có mạng.",
            "This phone does not let the app save data; it still works while online.",
        ),
        Msg::HomeTitle => ("Chọn xã, phường của bạn", "Choose your commune or ward"),
        Msg::HomeIntro => (
            "Xem trước giấy tờ cần mang, lệ phí và thời hạn của thủ tục hành chính tại bộ phận một cửa xã, phường, đặc khu thành phố Hải Phòng — kể cả khi không có mạng.",
            "See which documents to bring, the fee and the processing time of administrative procedures at the one-stop office of your commune, ward or special zone in Hải Phòng — even offline.",
        ),
        Msg::YourCommune => ("Xã, phường của bạn", "Your commune or ward"),
        Msg::SeeProcedures => ("Xem thủ tục", "See procedures"),
        Msg::SeeOffice => ("Bộ phận một cửa", "One-stop office"),
        Msg::ProcedureSearchLabel => ("Tìm thủ tục", "Search procedures"),
        Msg::ProcedureSearchHint => (
            "Ví dụ: khai sinh, kết hôn, chứng thực",
            "For example: birth, marriage, certification",
        ),
        Msg::SearchButton => ("Tìm", "Search"),
        Msg::CommuneFilterLabel => ("Tìm xã, phường theo tên", "Find a commune or ward by name"),
        Msg::CommuneFilterHint => (
            "Gõ có dấu hoặc không dấu, ví dụ: thuy nguyen",
            "With or without diacritics, for example: thuy nguyen",
        ),
        Msg::Choose => ("Chọn xã này", "Choose"),
        Msg::ChooseCommuneTitle => (
            "Chọn xã, phường để xem thủ tục",
            "Choose a commune or ward to see its procedures",
        ),
        Msg::FormerlyIn => ("Trước đây thuộc", "Formerly in"),
        Msg::NoCommuneMatch => (
            "Không tìm thấy xã, phường phù hợp. Hãy thử tên ngắn hơn.",
            "No commune or ward matches. Try a shorter name.",
        ),
        Msg::Loading => ("Đang tải…", "Loading…"),
        Msg::CommunesUnavailable => (
            "Chưa tải được danh sách xã, phường. Hãy kết nối mạng rồi thử lại.",
            "The list of communes could not be loaded. Connect to the internet and try again.",
        ),
        Msg::Retry => ("Thử lại", "Try again"),
        Msg::PartMissingTitle => ("Chưa tải được trang này", "This page could not be loaded"),
        Msg::SectionMissing => (
            "Chưa tải được phần này. Hãy kiểm tra wifi hoặc dữ liệu di động rồi thử lại.",
            "This part could not be loaded. Check the wifi or mobile data and try again.",
        ),
        Msg::PartMissingBody => (
            "Lần đầu mở trang này, điện thoại cần có mạng để tải nó. Hãy kiểm tra wifi hoặc dữ liệu di động rồi thử lại. Hồ sơ đang soạn vẫn được lưu trên máy.",
            "The first time this page is opened, the phone needs a connection to load it. Check the wifi or mobile data and try again. Your drafts are still saved on this phone.",
        ),
        Msg::Kind => ("Loại đơn vị", "Type"),
        Msg::FormerUnits => ("Trước 01/07/2025 thuộc", "Before 1 July 2025, part of"),
        Msg::Address => ("Địa chỉ", "Address"),
        Msg::Hours => ("Giờ làm việc", "Opening hours"),
        Msg::Wifi => ("Wi-Fi cho người dân", "Wi-Fi for citizens"),
        Msg::Phone => ("Điện thoại", "Phone"),
        Msg::NotPublished => ("Chưa công bố", "Not published yet"),
        Msg::Staff => ("Cán bộ một cửa", "One-stop staff"),
        Msg::StaffEmpty => (
            "Xã, phường chưa công bố danh bạ cán bộ một cửa.",
            "The commune has not published its staff directory yet.",
        ),
        Msg::Desk => ("Quầy", "Desk"),
        Msg::OfficeHeading => ("Bộ phận một cửa", "One-stop office"),
        Msg::OfficeUnavailable => (
            "Chưa tải được thông tin bộ phận một cửa. Hãy kết nối mạng rồi thử lại.",
            "The office details could not be loaded. Connect to the internet and try again.",
        ),
        Msg::ChooseAndSee => ("Chọn xã này và xem thủ tục", "Choose and see procedures"),
        Msg::ProceduresTitle => ("Thủ tục hành chính", "Administrative procedures"),
        Msg::ChooseFirst => (
            "Hãy chọn xã, phường của bạn để xem hướng dẫn.",
            "Choose your commune or ward to see the guide.",
        ),
        Msg::ChangeCommune => ("Đổi xã, phường", "Change commune"),
        Msg::CatalogUnavailable => (
            "Chưa tải được thủ tục của xã, phường này. Hãy kết nối mạng rồi thử lại.",
            "The procedures of this commune could not be loaded. Connect to the internet and try again.",
        ),
        Msg::NoProcedures => ("Không có thủ tục phù hợp.", "No procedure matches."),
        Msg::SearchResultsFor => ("Kết quả tìm kiếm cho", "Results for"),
        Msg::ClearSearch => ("Xem tất cả thủ tục", "Show all procedures"),
        Msg::Field => ("Lĩnh vực", "Field"),
        Msg::Code => ("Mã thủ tục", "Procedure code"),
        Msg::Documents => ("Giấy tờ cần chuẩn bị", "Documents to prepare"),
        Msg::ChecklistHint => (
            "Đánh dấu giấy tờ bạn đã chuẩn bị. Dấu được lưu trên máy này.",
            "Tick each document you have ready. Ticks are saved on this phone.",
        ),
        Msg::ShowOnly => ("Chỉ xuất trình", "Show only"),
        Msg::NoDocuments => ("Không yêu cầu giấy tờ.", "No documents are required."),
        Msg::Fee => ("Lệ phí", "Fee"),
        Msg::ProcessingTime => ("Thời hạn giải quyết", "Processing time"),
        Msg::SubmitAt => ("Nơi nộp hồ sơ", "Where to submit"),
        Msg::Result => ("Kết quả", "Result"),
        Msg::LegalBasis => ("Căn cứ pháp lý", "Legal basis"),
        Msg::LocalNote => ("Ghi chú của xã, phường", "Note from the commune"),
        Msg::Source => ("Nguồn dữ liệu", "Source"),
        Msg::Decision => ("Quyết định công bố", "Published by decision"),
        Msg::AllProcedures => ("Tất cả thủ tục", "All procedures"),
        Msg::NotFoundTitle => ("Không tìm thấy trang", "Page not found"),
        Msg::NotFoundBody => (
            "Đường dẫn có thể đã cũ hoặc bị gõ sai.",
            "The link may be out of date or mistyped.",
        ),
        Msg::ProcedureNotFound => (
            "Không tìm thấy thủ tục này",
            "This procedure was not found",
        ),
        Msg::CommuneNotFound => (
            "Không tìm thấy xã, phường này",
            "This commune was not found",
        ),
        Msg::GoHome => ("Về trang chủ", "Go to the home page"),
        Msg::GoList => ("Xem danh sách thủ tục", "See the list of procedures"),
        Msg::NoScriptHint => (
            "Hãy bật JavaScript để dùng ứng dụng.",
            "Turn on JavaScript to use the app.",
        ),
        Msg::NavDrafts => ("Hồ sơ của tôi", "My applications"),
        Msg::NavTrack => ("Tra cứu", "Track"),
        Msg::StartApplication => ("Bắt đầu nộp hồ sơ", "Start an application"),
        Msg::StartHint => ("Điền thông tin và chụp ảnh giấy tờ ngay trên điện thoại, kể cả khi không có mạng. Hồ sơ được lưu trên máy và tự gửi khi có mạng.", "Fill in the form and photograph your documents on this phone, even offline. The application is saved on the phone and sent when there is a connection."),
        Msg::StartFailed => ("Không tạo được hồ sơ vì máy này không cho lưu dữ liệu.", "The application could not be started because this phone does not let the app save data."),
        Msg::DraftsTitle => ("Hồ sơ của tôi", "My applications"),
        Msg::DraftsEmpty => ("Bạn chưa có hồ sơ nào. Hãy chọn một thủ tục và bấm “Bắt đầu nộp hồ sơ”.", "You have no applications yet. Choose a procedure and press “Start an application”."),
        Msg::LastEdited => ("Sửa lần cuối", "Last edited"),
        Msg::StateDraft => ("Nháp", "Draft"),
        Msg::StateQueued => ("Đang chờ gửi", "Waiting to send"),
        Msg::StateSent => ("Đã gửi", "Sent"),
        Msg::StateNeedsAttention => ("Cần sửa", "Needs attention"),
        Msg::Delete => ("Xóa", "Delete"),
        Msg::ConfirmDelete => ("Xóa hồ sơ này? Mọi câu trả lời và ảnh của hồ sơ sẽ bị xóa khỏi máy.", "Delete this application? All its answers and photos will be removed from this phone."),
        Msg::DraftNotFound => ("Không tìm thấy hồ sơ này", "This application was not found"),
        Msg::DraftNotFoundBody => ("Hồ sơ có thể đã bị xóa, hoặc được tạo trên máy khác.", "It may have been deleted, or started on another phone."),
        Msg::Steps => ("Các bước", "Steps"),
        Msg::StepNotStarted => ("Chưa bắt đầu", "Not started"),
        Msg::StepInProgress => ("Đang làm", "In progress"),
        Msg::StepDone => ("Đã xong", "Completed"),
        Msg::StepError => ("Có lỗi", "Has errors"),
        Msg::CheckAnswers => ("Kiểm tra câu trả lời", "Check your answers"),
        Msg::CheckAnswersHint => ("Xem lại thông tin trước khi gửi. Bấm “Sửa” để thay đổi.", "Review your answers before sending. Press “Change” to edit one."),
        Msg::Continue => ("Tiếp tục", "Continue"),
        Msg::BackToSteps => ("Quay lại danh sách các bước", "Back to the steps"),
        Msg::Change => ("Sửa", "Change"),
        Msg::SubmitApplication => ("Gửi hồ sơ", "Submit application"),
        Msg::SubmitHint => ("Bấm gửi là hồ sơ được lưu vào hàng chờ và tự gửi khi có mạng.", "When you submit, the application joins the queue and is sent as soon as there is a connection."),
        Msg::ErrorSummaryTitle => ("Có thông tin cần sửa", "There is a problem"),
        Msg::ErrorPrefix => ("Lỗi: ", "Error: "),
        Msg::SavedAt => ("Đã lưu lúc", "Saved at"),
        Msg::SaveFailed => ("Chưa lưu được trên máy này (máy có thể đã hết chỗ lưu). Những gì bạn đã nhập vẫn còn trên trang; ứng dụng sẽ lưu lại khi bạn nhập tiếp hoặc chuyển bước.", "Could not save on this phone (it may be out of storage). What you typed is still on this page; the app saves it again when you type more or go to another step."),
        Msg::NotAnswered => ("Chưa trả lời", "Not answered"),
        Msg::Optional => ("(không bắt buộc)", "(optional)"),
        Msg::SelectOne => ("Chọn một mục", "Select one"),
        Msg::TakePhoto => ("Chụp ảnh", "Take a photo"),
        Msg::ChooseFromGallery => ("Chọn ảnh có sẵn", "Choose from gallery"),
        Msg::RemovePhoto => ("Xóa ảnh", "Remove photo"),
        Msg::PhotoProcessing => ("Đang xử lý ảnh…", "Processing the photo…"),
        Msg::PhotoNotImage => ("Tệp này không phải là ảnh. Hãy chọn ảnh chụp giấy tờ (JPG, PNG, WebP).", "This file is not a photo. Choose a photo of the document (JPG, PNG, WebP)."),
        Msg::PhotoUndecodable => ("Không mở được ảnh này. Hãy chụp lại hoặc chọn ảnh khác.", "This photo could not be opened. Take it again or choose another one."),
        Msg::PhotoEncode => ("Không thu nhỏ được ảnh này. Hãy chụp lại.", "This photo could not be made smaller. Please take it again."),
        Msg::PhotoTooMany => ("Đã đủ số ảnh tối đa cho giấy tờ này. Xóa bớt một ảnh để thêm ảnh khác.", "This document already has the most photos allowed. Remove one to add another."),
        Msg::StorageFull => ("Máy sắp hết chỗ lưu nên chưa lưu được ảnh này. Hãy xóa bớt hồ sơ cũ trong “Hồ sơ của tôi” rồi thử lại. Các thông tin khác vẫn được giữ.", "This phone is almost out of storage, so the photo was not saved. Delete old applications in “My applications” and try again. Everything else is kept."),
        Msg::PhotoAlt => ("Ảnh chụp", "Photo of"),
        Msg::MigratedTitle => ("Biểu mẫu đã thay đổi", "The form has changed"),
        Msg::MigratedBody => ("Biểu mẫu của thủ tục này đã được cập nhật. Những câu trả lời dưới đây không còn khớp với câu hỏi nào; chúng vẫn được giữ lại để bạn chép sang câu hỏi phù hợp.", "The form of this procedure has been updated. The answers below no longer match a question; they are kept so you can copy them to the right question."),
        Msg::QueuedTitle => ("Hồ sơ đang chờ gửi", "Your application is waiting to be sent"),
        Msg::QueuedBody => ("Hồ sơ đã được lưu trên máy và sẽ tự gửi khi có mạng. Bạn có thể đóng trang này.", "The application is saved on this phone and will be sent automatically when there is a connection. You can close this page."),
        Msg::RetryNow => ("Thử lại ngay", "Try again now"),
        Msg::SentTitle => ("Đã gửi hồ sơ", "Application sent"),
        Msg::ReceiptCode => ("Mã biên nhận", "Receipt code"),
        Msg::ReceiptHint => ("Ghi lại mã này và đọc mã khi gọi điện hoặc đến bộ phận một cửa.", "Write this code down and quote it when you call or visit the one-stop office."),
        Msg::CopyCode => ("Sao chép mã", "Copy code"),
        Msg::Copied => ("Đã sao chép", "Copied"),
        Msg::ReceivedAt => ("Nhận lúc", "Received"),
        Msg::DueDate => ("Hẹn trả kết quả", "Due date"),
        Msg::TrackThis => ("Xem tình trạng hồ sơ", "Track this application"),
        Msg::NeedsAttentionTitle => ("Hồ sơ cần sửa", "Your application needs attention"),
        Msg::TrackTitle => ("Tra cứu hồ sơ", "Track an application"),
        Msg::TrackIntro => ("Nhập mã biên nhận. Nếu hồ sơ không được gửi từ máy này, nhập thêm mã bí mật tra cứu.", "Enter the receipt code. If the application was not sent from this phone, also enter the tracking secret."),
        Msg::TrackReceiptHint => ("Ví dụ: 11560-7KQ4XM", "For example: 11560-7KQ4XM"),
        Msg::TrackSecret => ("Mã bí mật tra cứu", "Tracking secret"),
        Msg::TrackSecretHint => ("Không cần nếu hồ sơ được gửi từ máy này", "Not needed if the application was sent from this phone"),
        Msg::TrackButton => ("Tra cứu", "Track"),
        Msg::TrackInvalidReceipt => ("Nhập mã biên nhận có dạng 11560-7KQ4XM", "Enter a receipt code like 11560-7KQ4XM"),
        Msg::TrackNotFound => ("Không tìm thấy hồ sơ với mã này. Hãy kiểm tra lại mã biên nhận và mã bí mật.", "No application was found with this code. Check the receipt code and the tracking secret."),
        Msg::TrackNeedSecret => ("Máy này chưa có mã bí mật của hồ sơ này. Hãy nhập mã bí mật tra cứu.", "This phone does not have the tracking secret of this application. Enter the tracking secret."),
        Msg::TrackUnavailable => ("Chưa tải được tình trạng hồ sơ. Hãy kết nối mạng rồi thử lại.", "The status could not be loaded. Connect to the internet and try again."),
        Msg::TrackSaved => ("Tình trạng đã lưu trên máy, cập nhật lúc", "Saved status, updated"),
        Msg::Status => ("Tình trạng", "Status"),
        Msg::Procedure => ("Thủ tục", "Procedure"),
        Msg::Note => ("Ghi chú", "Note"),
        Msg::Reason => ("Lý do", "Reason"),
        // search (issue 4)
        Msg::SearchNoResults => (
            "Không tìm thấy thủ tục nào cho",
            "No procedure found for",
        ),
        Msg::SearchCallOffice => (
            "Hãy gọi bộ phận một cửa để được hướng dẫn:",
            "Call the one-stop office for help:",
        ),
        Msg::SearchPhoneNotPublished => (
            "Xã, phường chưa công bố số điện thoại của bộ phận một cửa. Bạn có thể hỏi trực tiếp tại bộ phận một cửa, hoặc tìm trong danh sách dưới đây.",
            "This commune has not published the one-stop office's phone number yet. Ask at the office, or look through the list below.",
        ),
        Msg::SearchAllByField => ("Tất cả thủ tục theo lĩnh vực", "All procedures by field"),
        Msg::SearchSeeAll => ("Xem tất cả kết quả", "See all results"),
        Msg::SearchResultsLabel => ("Kết quả tìm kiếm", "Search results"),
        Msg::SearchTypeHint => (
            "Gõ có dấu hoặc không dấu, tiếng Việt hoặc tiếng Anh. Ví dụ: khai sinh, giấy độc thân, công chứng bản sao",
            "With or without diacritics, in Vietnamese or English. For example: birth certificate, single status, certified copy",
        ),
        // QR links and the scanner (issue 5)
        Msg::NavScan => ("Quét QR", "Scan QR"),
        Msg::UpdateReady => (
            "Có phiên bản mới — tải lại",
            "A new version is available — reload",
        ),
        Msg::UpdateReload => ("Tải lại", "Reload"),
        Msg::StorageBlocked => (
            "Đang chờ các tab Một cửa khác đóng lại để cập nhật dữ liệu trên máy. Hãy đóng các tab cũ của ứng dụng; những gì bạn đã nhập vẫn được giữ.",
            "Waiting for other Một cửa tabs to close so the data on this phone can be updated. Please close the app's old tabs; what you typed is kept.",
        ),
        Msg::QrLoading => ("Đang mở mã QR…", "Opening the QR code…"),
        Msg::QrUnknownTitle => ("Không tìm thấy mã QR này", "This QR code was not found"),
        Msg::QrRetiredTitle => ("Mã QR này đã ngừng sử dụng", "This QR code is no longer in use"),
        Msg::QrHelpBody => ("Có thể áp phích đã cũ hoặc mã bị gõ sai. Bạn vẫn có thể tìm thủ tục hoặc gọi bộ phận một cửa.", "The poster may be old or the code mistyped. You can still look up a procedure or call the one-stop office."),
        Msg::QrOfflineBody => ("Máy đang ngoại tuyến và chưa lưu mã này. Hãy kết nối mạng (ví dụ wifi của bộ phận một cửa) rồi thử lại.", "You are offline and this code is not saved on this phone yet. Connect (e.g. to the office wifi) and try again."),
        Msg::QrSearchProcedures => ("Tìm thủ tục", "Find a procedure"),
        Msg::QrCallOffice => ("Gọi bộ phận một cửa", "Call the one-stop office"),
        Msg::QrScanAgain => ("Quét mã khác", "Scan another code"),
        Msg::QrOfficialCaption => ("Cán bộ bộ phận một cửa", "One-stop office official"),
        Msg::QrCall => ("Gọi", "Call"),
        Msg::QrRate => ("Đánh giá cán bộ này", "Rate this official"),
        Msg::QrNoticeCaption => ("Thông báo của bộ phận một cửa", "Notice from the one-stop office"),
        Msg::QrOpenGuide => ("Mở trong danh sách thủ tục", "Open in the procedure list"),
        Msg::QrOpenOffice => ("Xem trang bộ phận một cửa", "See the office page"),
        Msg::QrScanTitle => ("Quét mã QR", "Scan a QR code"),
        Msg::QrScanIntro => ("Hướng camera vào mã QR trên áp phích, bàn làm việc hoặc thẻ tên của bộ phận một cửa.", "Point the camera at a QR code on an office poster, desk or name tag."),
        Msg::QrScanStart => ("Bật camera", "Start the camera"),
        Msg::QrScanStop => ("Tắt camera", "Stop the camera"),
        Msg::QrScanVideoLabel => ("Hình ảnh từ camera", "Camera preview"),
        Msg::QrScanLooking => ("Đang tìm mã QR…", "Looking for a QR code…"),
        Msg::QrScanNoCamera => ("Không dùng được camera (bị từ chối hoặc máy không có camera). Hãy nhập mã in dưới mã QR.", "The camera cannot be used (permission denied or no camera). Type the code printed under the QR code."),
        Msg::QrScanForeign => ("Mã này không phải địa chỉ của Một cửa nên không được mở. Nội dung:", "This code is not a Một cửa link, so it was not opened. It says:"),
        Msg::QrManualLabel => ("Mã in trên áp phích", "Code printed on the poster"),
        Msg::QrManualHint => ("Ví dụ 7KQ4XM2A, hoặc cả địa chỉ in dưới mã QR", "For example 7KQ4XM2A, or the whole address printed under the QR code"),
        Msg::QrManualButton => ("Mở", "Open"),
        Msg::QrManualInvalid => ("Mã gồm 4–10 chữ và số, ví dụ 7KQ4XM2A", "A code is 4–10 letters and digits, for example 7KQ4XM2A"),
        Msg::QrOpening => ("Đã tìm thấy mã, đang mở…", "Code found, opening…"),
        // feedback and dashboard (issue 6)
        Msg::RateTitle => ("Đánh giá mức độ hài lòng", "Rate our service"),
        Msg::RateHeading => ("Đánh giá bộ phận một cửa", "Rate the one-stop office"),
        Msg::RateLegend => ("Bạn có hài lòng với cách giải quyết và thái độ của cán bộ không?", "How satisfied are you with the service and the officials' attitude?"),
        Msg::RateOfficial => ("Cán bộ tiếp nhận (không bắt buộc)", "The official who served you (optional)"),
        Msg::RateOfficialNone => ("Không chọn", "None"),
        Msg::RateComment => ("Góp ý (không bắt buộc)", "Comment (optional)"),
        Msg::RateCommentHint => ("Chỉ nhận chữ thường, không nhận mã HTML. Không ghi số CCCD hay thông tin riêng tư.", "Plain text only. Do not write ID numbers or private details."),
        Msg::RateSend => ("Gửi đánh giá", "Send rating"),
        Msg::RateQueued => ("Đã lưu đánh giá trên máy. Đánh giá sẽ tự gửi khi có mạng.", "Your rating is saved on this phone and will be sent when you are online."),
        Msg::RateThanks => ("Đã gửi đánh giá. Cảm ơn bạn!", "Your rating was sent. Thank you!"),
        Msg::RateFailed => ("Không gửi được đánh giá này. Hãy liên hệ bộ phận một cửa.", "This rating could not be sent. Please contact the one-stop office."),
        Msg::RateYours => ("Đánh giá của bạn", "Your rating"),
        Msg::RateReply => ("Trả lời của cơ quan", "The office's reply"),
        Msg::RateOfficialGone => ("Cán bộ này không còn trong danh bạ công khai của xã. Bạn vẫn có thể đánh giá bộ phận một cửa.", "This official is no longer in the commune's public directory. You can still rate the one-stop office."),
        Msg::StatsTitle => ("Kết quả giải quyết hồ sơ", "Service performance"),
        Msg::StatsIntro => ("Số liệu công khai: hồ sơ tiếp nhận, giải quyết đúng hạn và mức độ hài lòng của người dân.", "Public figures: applications received, completed on time, and citizens' satisfaction."),
        Msg::StatsOnTime => ("Tỷ lệ đúng hạn", "On time"),
        Msg::StatsOnTimeCount => ("Đúng hạn", "On time"),
        Msg::StatsReceived => ("Tiếp nhận", "Received"),
        Msg::StatsDone => ("Đã giải quyết", "Completed"),
        Msg::StatsRejected => ("Từ chối", "Rejected"),
        Msg::StatsOpen => ("Đang giải quyết", "In progress"),
        Msg::StatsPerMonth => ("Hồ sơ tiếp nhận theo tháng", "Applications received per month"),
        Msg::StatsMonth => ("Tháng", "Month"),
        Msg::StatsProcedures => ("Thời gian giải quyết theo thủ tục (ngày làm việc)", "Processing time per procedure (working days)"),
        Msg::StatsAvgDays => ("Trung bình", "Average"),
        Msg::StatsLegalDays => ("Theo quy định", "Legal time"),
        Msg::StatsSatisfaction => ("Mức độ hài lòng", "Satisfaction"),
        Msg::StatsSatisfied => ("Hài lòng", "Satisfied"),
        Msg::StatsLevel => ("Mức độ", "Level"),
        Msg::StatsRatings => ("Số đánh giá", "Ratings"),
        Msg::StatsOfficials => ("Đánh giá theo cán bộ", "Ratings per official"),
        Msg::StatsOfficialsHint => ("Cán bộ có dưới 5 đánh giá không được xếp hạng.", "Officials with fewer than 5 ratings are not ranked."),
        Msg::StatsOfficial => ("Cán bộ", "Official"),
        Msg::StatsRank => ("Xếp hạng", "Rank"),
        Msg::StatsNotRanked => ("Chưa xếp hạng", "Not ranked"),
        Msg::StatsFeedback => ("Phản hồi góp ý", "Replies to feedback"),
        Msg::StatsNegative => ("Đánh giá không hài lòng", "Not satisfied ratings"),
        Msg::StatsAnswered => ("Đã trả lời", "Answered"),
        Msg::StatsResponseHours => ("Thời gian trả lời trung bình (giờ)", "Average time to reply (hours)"),
        Msg::StatsLetters => ("Thư chúc mừng, thư chia buồn đã gửi", "Congratulation and condolence letters sent"),
        Msg::StatsCommunes => ("Theo xã, phường", "Per commune"),
        Msg::StatsCommune => ("Xã, phường", "Commune"),
        Msg::StatsAll => ("Tất cả xã, phường", "All communes"),
        Msg::StatsDownloadCsv => ("Tải số liệu (CSV)", "Download the figures (CSV)"),
        Msg::StatsDownloadJson => ("Số liệu dạng JSON", "The figures as JSON"),
        Msg::StatsUnavailable => ("Chưa tải được số liệu. Hãy kết nối mạng rồi thử lại.", "The figures could not be loaded. Connect to the internet and try again."),
        Msg::StatsSaved => ("Bạn đang xem bản số liệu đã lưu trên máy.", "You are seeing the figures saved on this phone."),
        Msg::StatsNav => ("Số liệu công khai", "Public figures"),
    };
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// "Showing 12 of 114 communes".
pub fn communes_shown(shown: usize, total: usize, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Đang hiển thị {shown}/{total} xã, phường, đặc khu"),
        Lang::En => format!("Showing {shown} of {total} communes, wards and special zones"),
    }
}

/// "3 procedures".
pub fn procedures_count(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{n} thủ tục"),
        Lang::En if n == 1 => "1 procedure".to_owned(),
        Lang::En => format!("{n} procedures"),
    }
}

/// "2 of 5 documents ready".
pub fn checklist_progress(done: usize, total: usize, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Đã chuẩn bị {done}/{total} giấy tờ"),
        Lang::En => format!("{done} of {total} documents ready"),
    }
}

/// "5 working days".
pub fn working_days(n: u32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{n} ngày làm việc"),
        Lang::En if n == 1 => "1 working day".to_owned(),
        Lang::En => format!("{n} working days"),
    }
}

/// "Step 2 of 5".
pub fn step_of(n: usize, total: usize, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Bước {n}/{total}"),
        Lang::En => format!("Step {n} of {total}"),
    }
}

/// "2 photos".
pub fn photos_count(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{n} ảnh"),
        Lang::En if n == 1 => "1 photo".to_owned(),
        Lang::En => format!("{n} photos"),
    }
}

/// "3 kết quả" / "1 result" (search, issue 4).
pub fn search_results_count(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{n} kết quả"),
        Lang::En if n == 1 => "1 result".to_owned(),
        Lang::En => format!("{n} results"),
    }
}

/// "120 / 1000 characters".
pub fn chars_left(used: usize, max: usize, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{used}/{max} ký tự"),
        Lang::En => format!("{used} of {max} characters"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Messages that read the same in both languages (names, codes).
    const SAME_IN_BOTH: &[Msg] = &[Msg::AppName];

    #[test]
    fn every_message_has_both_languages() {
        let mut missing = Vec::new();
        for &msg in Msg::ALL {
            let (vi, en) = (t(msg, Lang::Vi), t(msg, Lang::En));
            for (lang, text) in [("vi", vi), ("en", en)] {
                let blank = text.trim().is_empty();
                if blank || text.contains("TODO") || text.contains("FIXME") {
                    missing.push(format!("{msg:?} ({lang}): {text:?}"));
                }
            }
            if vi == en && !SAME_IN_BOTH.contains(&msg) {
                missing.push(format!("{msg:?}: English is the Vietnamese text {vi:?}"));
            }
        }
        assert!(
            missing.is_empty(),
            "untranslated messages:\n{}",
            missing.join("\n")
        );
        assert!(Msg::ALL.len() > 200, "{}", Msg::ALL.len());
    }

    #[test]
    fn vietnamese_is_default_and_tags_round_trip() {
        assert_eq!(Lang::default(), Lang::Vi);
        assert_eq!(Lang::from_tag(Lang::En.tag()), Lang::En);
        assert_eq!(Lang::from_tag("fr"), Lang::Vi);
        assert_eq!(t(Msg::Choose, Lang::Vi), "Chọn xã này");
        assert_eq!(t(Msg::Choose, Lang::En), "Choose");
    }
}
