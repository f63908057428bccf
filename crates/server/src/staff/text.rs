//! Every fixed text of the staff pages, Vietnamese first with its English twin: one typed
//! catalogue (`T`) and one exhaustive `t(msg, lang)` — adding a message is adding a line below.

/// The language of the staff pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Vietnamese (default).
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }

    /// True for English.
    pub fn english(self) -> bool {
        self == Self::En
    }

    /// The other language.
    pub fn other(self) -> Self {
        match self {
            Self::Vi => Self::En,
            Self::En => Self::Vi,
        }
    }
}

macro_rules! catalogue {
    ($($variant:ident => ($vi:expr, $en:expr),)*) => {
        /// A message of the staff pages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[expect(missing_docs, reason = "each variant is documented by its Vietnamese text below")]
        pub enum T { $($variant,)* }

        /// The message in a language.
        pub fn t(msg: T, lang: Lang) -> &'static str {
            match (msg, lang) {
                $((T::$variant, Lang::Vi) => $vi, (T::$variant, Lang::En) => $en,)*
            }
        }
    };
}

catalogue! {
    AppName => ("Một cửa – Cán bộ", "One-stop – Staff"),
    SkipToContent => ("Bỏ qua đến nội dung chính", "Skip to main content"),
    OtherLanguage => ("English", "Tiếng Việt"),
    NavHome => ("Tổng quan", "Overview"),
    NavInbox => ("Hồ sơ", "Inbox"),
    NavOffice => ("Bộ phận một cửa", "Office"),
    NavProcedures => ("Thủ tục tại xã", "Local procedures"),
    NavTemplates => ("Mẫu thư", "Letter templates"),
    NavHolidays => ("Lịch nghỉ", "Holidays"),
    NavAccounts => ("Tài khoản", "Accounts"),
    MainNav => ("Điều hướng chính", "Main navigation"),
    SignIn => ("Đăng nhập", "Sign in"),
    SignInTitle => ("Đăng nhập cho cán bộ", "Staff sign-in"),
    Email => ("Thư điện tử", "Email"),
    Password => ("Mật khẩu", "Password"),
    SignOut => ("Đăng xuất", "Sign out"),
    SignOutEverywhere => ("Đăng xuất trên mọi thiết bị", "Sign out everywhere"),
    WrongPassword => ("Thư điện tử hoặc mật khẩu không đúng", "The email or password is wrong"),
    LockedOut => (
        "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị viên",
        "Too many failed sign-ins. Try again in 15 minutes or contact an administrator"
    ),
    SessionEnded => (
        "Phiên làm việc đã hết hạn, vui lòng đăng nhập lại",
        "Your session has ended, please sign in again"
    ),
    SignedOutEverywhere => ("Đã đăng xuất trên mọi thiết bị", "Signed out on every device"),
    ErrorSummary => ("Có lỗi cần sửa", "There is a problem"),
    Forbidden => ("Bạn không có quyền làm việc này", "You are not allowed to do this"),
    NotFound => ("Không tìm thấy trang hoặc hồ sơ này", "This page or record does not exist"),
    CsrfRefused => (
        "Yêu cầu bị từ chối vì không đến từ biểu mẫu của trang này. Hãy tải lại trang và thử lại",
        "The request was refused because it did not come from this site's form. Reload the page and try again"
    ),
    ServerError => ("Lỗi máy chủ, vui lòng thử lại sau", "Server error, please try again later"),
    ChooseCommune => ("Chọn xã/phường", "Choose a commune"),
    Receipt => ("Mã biên nhận", "Receipt"),
    Procedure => ("Thủ tục", "Procedure"),
    Citizen => ("Người nộp", "Citizen"),
    Received => ("Ngày nhận", "Received"),
    Due => ("Hạn trả kết quả", "Legal deadline"),
    DaysLeft => ("Còn lại (ngày làm việc)", "Working days left"),
    Status => ("Trạng thái", "Status"),
    Overdue => ("Quá hạn", "Overdue"),
    DueToday => ("Đến hạn hôm nay", "Due today"),
    NoDeadline => ("Không có hạn cố định", "No fixed deadline"),
    AllStates => ("Tất cả", "All"),
    Filter => ("Lọc", "Filter"),
    SortBy => ("Sắp xếp", "Sort by"),
    SortDue => ("Sắp đến hạn trước", "Time left"),
    SortReceived => ("Mới nhận trước", "Newest first"),
    InboxEmpty => ("Không có hồ sơ nào", "No submissions"),
    InboxCaption => ("Hồ sơ của xã/phường", "Submissions of the commune"),
    Answers => ("Nội dung hồ sơ", "Answers"),
    Attachments => ("Giấy tờ kèm theo", "Attachments"),
    NoAttachments => ("Không có ảnh giấy tờ", "No attachments"),
    View => ("Xem", "View"),
    History => ("Nhật ký xử lý", "Audit log"),
    When => ("Thời gian", "When"),
    Who => ("Người thực hiện", "Who"),
    What => ("Nội dung", "What"),
    ChangeStatus => ("Chuyển trạng thái", "Change status"),
    NewStatus => ("Trạng thái mới", "New status"),
    NoteOrReason => (
        "Ghi chú (bắt buộc khi cần bổ sung hoặc từ chối)",
        "Note (required when asking for documents or rejecting)"
    ),
    Save => ("Lưu", "Save"),
    Closed => ("Hồ sơ đã đóng, không thể chuyển trạng thái", "This submission is closed"),
    StaleStatus => (
        "Hồ sơ vừa được người khác cập nhật; hãy xem lại trạng thái hiện tại",
        "Someone else just updated this submission; check its current status"
    ),
    LetterSuggested => ("Nên gửi thư cho công dân", "A letter to the citizen is suggested"),
    IssueLetter => ("Ký và phát hành thư", "Sign and issue the letter"),
    LeaderIssues => ("Lãnh đạo xã ký phát hành thư này", "A commune leader signs and issues this letter"),
    Letters => ("Thư đã phát hành", "Issued letters"),
    Print => ("In (khổ A4)", "Print (A4)"),
    DownloadPdf => ("Tải tệp PDF", "Download PDF"),
    Preview => ("Xem trước", "Preview"),
    OnTimeTitle => ("Tỷ lệ giải quyết đúng hạn", "On-time rate"),
    OnTimeHelp => (
        "Tỷ lệ hồ sơ đã có kết quả trả trước hoặc đúng hạn luật định",
        "Share of completed submissions finished on or before the legal deadline"
    ),
    WholeCommune => ("Cả xã/phường", "Whole commune"),
    Officer => ("Cán bộ", "Officer"),
    Completed => ("Đã có kết quả", "Completed"),
    OnTime => ("Đúng hạn", "On time"),
    Rate => ("Tỷ lệ", "Rate"),
    NothingCompleted => ("Chưa có hồ sơ hoàn thành", "Nothing completed yet"),
    OpenCount => ("Hồ sơ đang mở", "Open submissions"),
    OfficeTitle => ("Thông tin bộ phận một cửa", "One-stop office"),
    Address => ("Địa chỉ", "Address"),
    Hours => ("Giờ làm việc", "Opening hours"),
    Wifi => ("Wi-Fi cho công dân", "Wi-Fi for citizens"),
    Phone => ("Số điện thoại", "Phone"),
    InVietnamese => ("(tiếng Việt)", "(Vietnamese)"),
    InEnglish => ("(tiếng Anh)", "(English)"),
    Publish => ("Công bố", "Publish"),
    Published => (
        "Đã công bố; điện thoại của công dân nhận bản cập nhật ở lần đồng bộ tới",
        "Published; citizens' phones get the update at their next sync"
    ),
    Directory => ("Danh bạ cán bộ một cửa", "Directory of one-stop officials"),
    Name => ("Họ và tên", "Full name"),
    Role => ("Chức danh", "Role"),
    Desk => ("Quầy", "Desk"),
    AddMember => ("Thêm cán bộ", "Add an official"),
    Remove => ("Xóa", "Remove"),
    LocalOverride => ("Nội dung riêng của xã", "Local amendment"),
    Fee => ("Lệ phí", "Fee"),
    FeeVnd => ("Lệ phí (đồng, nếu cố định)", "Fee (đồng, when fixed)"),
    SubmitAt => ("Nơi nộp", "Where to submit"),
    Note => ("Ghi chú", "Note"),
    TemplatesTitle => ("Mẫu thư gửi công dân", "Letter templates"),
    TemplateText => ("Nội dung mẫu thư", "Template text"),
    Placeholders => ("Chỗ điền dùng được", "Placeholders you can use"),
    Saved => ("Đã lưu", "Saved"),
    HolidaysTitle => ("Điều chỉnh lịch làm việc", "Working-day amendments"),
    HolidaysHelp => (
        "Ghi các ngày hoán đổi theo thông báo của Chính phủ; hạn trả kết quả tính theo lịch này",
        "Record the swaps the government announces; legal deadlines count with them"
    ),
    Day => ("Ngày", "Day"),
    Kind => ("Loại", "Kind"),
    DayOff => ("Nghỉ", "Day off"),
    DayWorked => ("Làm bù", "Worked day"),
    Add => ("Thêm", "Add"),
    AccountsTitle => ("Tài khoản cán bộ", "Staff accounts"),
    Title => ("Chức vụ (in dưới chữ ký)", "Title (printed under the signature)"),
    Commune => ("Xã/phường", "Commune"),
    RoleOfficer => ("Cán bộ một cửa", "Officer"),
    RoleLeader => ("Lãnh đạo xã", "Leader"),
    RoleAdministrator => ("Quản trị viên", "Administrator"),
    CreateAccount => ("Tạo tài khoản", "Create account"),
    Active => ("Đang hoạt động", "Active"),
    Disabled => ("Đã khóa", "Disabled"),
    Disable => ("Khóa", "Disable"),
    Enable => ("Mở khóa", "Enable"),
    EmailTaken => ("Thư điện tử này đã có tài khoản", "This email already has an account"),
    PasswordRule => (
        "Mật khẩu cần ít nhất 12 ký tự",
        "A password needs at least 12 characters"
    ),
    Required => ("Vui lòng điền mục này", "Fill this in"),
    BadDate => ("Nhập ngày dạng năm-tháng-ngày, ví dụ 2026-02-23", "Enter a date as yyyy-mm-dd, e.g. 2026-02-23"),
    BadNumber => ("Nhập số tiền bằng chữ số", "Enter the amount in digits"),
    BadPhone => ("Số điện thoại chỉ gồm chữ số, dấu cách và dấu +", "A phone number has digits, spaces and +"),
    CommuneNeeded => ("Cán bộ và lãnh đạo cần thuộc một xã/phường", "Officers and leaders belong to one commune"),
    Back => ("Quay lại", "Back"),
    SignedInAs => ("Đang đăng nhập:", "Signed in as:"),
    NavFeedback => ("Phản hồi", "Feedback"),
    FeedbackTitle => ("Ý kiến đánh giá của người dân", "Citizens' feedback"),
    FeedbackHelp => (
        "Ý kiến không hài lòng cần được trả lời sớm; câu trả lời hiện trên trang tra cứu hồ sơ của người dân.",
        "Dissatisfied feedback needs an answer soon; the answer shows on the citizen's tracking page."
    ),
    UnansweredNegative => ("Ý kiến không hài lòng chưa trả lời", "Unanswered dissatisfied feedback"),
    OldestWaiting => ("lâu nhất đã chờ", "the oldest has waited"),
    HoursUnit => ("giờ", "hours"),
    Waiting => ("Đã chờ", "Waiting"),
    Level => ("Mức độ", "Level"),
    Comment => ("Nội dung", "Comment"),
    NoComment => ("(không có nội dung)", "(no comment)"),
    Subject => ("Về", "About"),
    SubjectOffice => ("Bộ phận một cửa", "The office"),
    SubjectOfficial => ("Cán bộ", "Official"),
    SubjectReceipt => ("Hồ sơ", "Submission"),
    Reply => ("Trả lời", "Reply"),
    YourReply => ("Câu trả lời của bộ phận một cửa", "The office's answer"),
    SendReply => ("Gửi câu trả lời", "Send the answer"),
    RepliedBy => ("Đã trả lời", "Answered by"),
    NoFeedback => ("Chưa có ý kiến nào.", "No feedback yet."),
    ReplyTooLong => ("Câu trả lời tối đa 1000 ký tự", "An answer has at most 1000 characters"),
    NavQr => ("Mã QR", "QR codes"),
    QrTitle => ("Mã QR của xã", "The commune's QR codes"),
    QrHelp => (
        "Mỗi mã QR dẫn tới một thủ tục, bộ phận một cửa, một cán bộ hoặc một thông báo. Khi gỡ áp phích, hãy ngừng mã; khi in lại áp phích mới, hãy chuyển mã cũ sang mã mới.",
        "Each QR code leads to a procedure, the office, an official or a notice. When a poster comes down, retire its code; when a new poster replaces it, redirect the old code to the new one."
    ),
    QrAllPosters => ("In áp phích cho mọi thủ tục", "Print posters for every procedure"),
    QrToken => ("Mã", "Code"),
    QrLeadsTo => ("Dẫn tới", "Leads to"),
    QrChange => ("Thay đổi", "Change"),
    QrLive => ("Đang dùng", "Live"),
    QrRetired => ("Đã ngừng", "Retired"),
    QrRedirected => ("Chuyển sang", "Redirected to"),
    QrRetire => ("Ngừng mã", "Retire"),
    QrRedirectTo => ("Chuyển sang mã", "Redirect to code"),
    QrRedirect => ("Chuyển", "Redirect"),
    QrBadRedirect => (
        "Mã đích phải là một mã khác đang dùng của xã",
        "The target must be another live code of the commune"
    ),
    QrNewNotice => ("Thông báo mới", "New notice"),
    QrNoticeHelp => (
        "Ví dụ: tên và mật khẩu wifi của bộ phận một cửa. Sau khi đăng, in áp phích từ danh sách trên.",
        "For example the office wifi name and password. Once published, print its poster from the list above."
    ),
    QrNoticeTitleVi => ("Tiêu đề", "Title (Vietnamese)"),
    QrNoticeBodyVi => ("Nội dung", "Text (Vietnamese)"),
    QrNoticeTitleEn => ("Tiêu đề tiếng Anh", "Title in English"),
    QrNoticeBodyEn => ("Nội dung tiếng Anh", "Text in English"),
    QrPublishNotice => ("Đăng thông báo", "Publish the notice"),
    QrTooLongOrEmpty => ("cần điền và không dài quá số ký tự cho phép", "required, and no longer than allowed"),
}
