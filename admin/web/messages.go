package web

// messages are the admin's interface strings, Vietnamese first. Every key
// must exist in every language; a test checks it.
var messages = map[string]map[string]string{
	"vi": {
		"admin_title":              "Quản trị cổng thông tin đối ngoại",
		"skip":                     "Bỏ qua, đến nội dung chính",
		"signin":                   "Đăng nhập",
		"signout":                  "Đăng xuất",
		"username":                 "Tên đăng nhập",
		"password":                 "Mật khẩu",
		"signin_failed":            "Tên đăng nhập hoặc mật khẩu không đúng.",
		"csrf_failed":              "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại.",
		"internal_error":           "Đã có lỗi xảy ra. Vui lòng thử lại; nếu lỗi lặp lại, hãy báo quản trị hệ thống.",
		"dashboard":                "Bảng điều khiển",
		"view_site":                "Xem trang công khai",
		"articles":                 "Bài viết",
		"published_count":          "Bản đã xuất bản",
		"last_build":               "Lần xây dựng trang gần nhất",
		"no_build":                 "Trang chưa được xây dựng lần nào.",
		"build_ok":                 "Thành công",
		"build_failed":             "Thất bại, trang cũ vẫn đang hiển thị",
		"build_running":            "Đang xây dựng",
		"pages":                    "Số trang",
		"started":                  "Bắt đầu",
		"finished":                 "Kết thúc",
		"error":                    "Lỗi",
		"build_now":                "Xây dựng lại trang",
		"build_requested":          "Đã yêu cầu xây dựng lại trang. Kết quả sẽ hiện ở đây sau ít phút.",
		"recent_articles":          "Bài viết mới cập nhật",
		"title":                    "Tiêu đề",
		"area":                     "Lĩnh vực",
		"status":                   "Trạng thái",
		"updated":                  "Cập nhật lần cuối",
		"no_translation":           "Chưa có bản dịch",
		"status_draft":             "Bản nháp",
		"status_in_review":         "Chờ duyệt",
		"status_changes_requested": "Yêu cầu chỉnh sửa",
		"status_approved":          "Đã duyệt",
		"status_published":         "Đã xuất bản",
		"status_unpublished":       "Đã gỡ",
		"language":                 "Ngôn ngữ",
		"switch_language":          "English",
		"forbidden":                "Bạn không có quyền thực hiện thao tác này.",
		"back":                     "Quay lại bảng điều khiển",
	},
	"en": {
		"admin_title":              "External information portal administration",
		"skip":                     "Skip to main content",
		"signin":                   "Sign in",
		"signout":                  "Sign out",
		"username":                 "User name",
		"password":                 "Password",
		"signin_failed":            "The user name or password is not correct.",
		"csrf_failed":              "Your session has expired or the form is not valid. Please reload the page and try again.",
		"internal_error":           "Something went wrong. Please try again; if it happens again, tell the system administrator.",
		"dashboard":                "Dashboard",
		"view_site":                "View the public site",
		"articles":                 "Articles",
		"published_count":          "Published versions",
		"last_build":               "Last site build",
		"no_build":                 "The site has not been built yet.",
		"build_ok":                 "Succeeded",
		"build_failed":             "Failed; the previous site is still online",
		"build_running":            "Building",
		"pages":                    "Pages",
		"started":                  "Started",
		"finished":                 "Finished",
		"error":                    "Error",
		"build_now":                "Rebuild the site",
		"build_requested":          "A rebuild of the site was requested. The result will show here in a few minutes.",
		"recent_articles":          "Recently updated articles",
		"title":                    "Title",
		"area":                     "Area",
		"status":                   "Status",
		"updated":                  "Last updated",
		"no_translation":           "No translation yet",
		"status_draft":             "Draft",
		"status_in_review":         "In review",
		"status_changes_requested": "Changes requested",
		"status_approved":          "Approved",
		"status_published":         "Published",
		"status_unpublished":       "Unpublished",
		"language":                 "Language",
		"switch_language":          "Tiếng Việt",
		"forbidden":                "You are not allowed to do this.",
		"back":                     "Back to the dashboard",
	},
}

// translate returns the string for key in lang, falling back to Vietnamese
// and then to the key itself (which a test makes sure never happens).
func translate(lang, key string) string {
	if s, ok := messages[lang][key]; ok {
		return s
	}
	if s, ok := messages["vi"][key]; ok {
		return s
	}
	return key
}
