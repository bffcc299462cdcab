package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"portal/admin"
)

// errorMessages say the domain's refusals in each admin language. Keys are
// the Key of admin.Error; %v stands for its Args in order.
var errorMessages = map[string]map[string]string{
	"vi": {
		"not_found":                   "Không tìm thấy.",
		"conflict":                    "Thao tác không thực hiện được do xung đột với dữ liệu hiện có.",
		"invalid":                     "Dữ liệu chưa hợp lệ.",
		"forbidden":                   "Bạn không có quyền thực hiện thao tác này.",
		"unauthorized":                "Bạn cần đăng nhập (hoặc mã truy cập không hợp lệ, đã bị thu hồi).",
		"internal":                    "Đã có lỗi xảy ra. Vui lòng thử lại; nếu lỗi lặp lại, hãy báo quản trị hệ thống.",
		"bad_request":                 "Yêu cầu không đúng định dạng.",
		"forbidden_role":              "Vai trò của bạn không soạn thảo bài viết.",
		"no_unit":                     "Tài khoản của bạn chưa thuộc đơn vị nào; hãy liên hệ quản trị hệ thống.",
		"other_unit":                  "Bạn chỉ soạn bài cho đơn vị của mình.",
		"unknown_kind":                "Loại bài %v không có.",
		"unknown_policy":              "Chính sách ngôn ngữ %v không có.",
		"unknown_language":            "Trang không có ngôn ngữ %v.",
		"unknown_area":                "Lĩnh vực %v không có.",
		"unknown_status":              "Trạng thái %v không có.",
		"unknown_action":              "Thao tác %v không có.",
		"forbidden_edit":              "Bạn không được sửa bài viết này.",
		"stale_version":               "Nội dung đã được người khác sửa trong lúc bạn soạn (hiện là phiên bản %v, bạn bắt đầu từ phiên bản %v). Không có gì bị ghi đè.",
		"stale_version_form":          "Nội dung đã được người khác sửa trong lúc bạn soạn (hiện là phiên bản %v, bạn bắt đầu từ phiên bản %v). Văn bản của bạn vẫn được giữ lại trong ô soạn thảo; bản đang lưu hiện ở bên dưới. Nếu bấm Lưu lần nữa, văn bản của bạn sẽ thay thế bản đó.",
		"changed_meanwhile":           "Phiên bản này vừa thay đổi trong lúc bạn xem; hãy tải lại và thử lại.",
		"in_review":                   "Bản này đang chờ duyệt; vui lòng đợi ý kiến của người duyệt.",
		"no_translation":              "Bài viết chưa có bản %v.",
		"forbidden_submit":            "Bạn không được gửi duyệt bài viết này.",
		"forbidden_review":            "Chỉ biên tập viên và người duyệt ngôn ngữ này mới trả lại bài.",
		"comment_required":            "Hãy ghi rõ nội dung cần chỉnh sửa.",
		"forbidden_approve":           "Bạn không được duyệt bản bằng ngôn ngữ này.",
		"forbidden_publish":           "Bạn không được xuất bản hoặc gỡ bản bằng ngôn ngữ này.",
		"four_eyes":                   "Người duyệt phải là người khác với người viết và người sửa cuối cùng của bản này.",
		"invalid_transition":          "Không thể thực hiện %v với bản đang ở trạng thái %v.",
		"incomplete_title":            "Bản này còn thiếu tiêu đề.",
		"incomplete_summary":          "Bản này còn thiếu phần tóm tắt.",
		"incomplete_body":             "Bản này còn thiếu nội dung.",
		"together_missing":            "Bài này phải xuất bản đồng thời mọi ngôn ngữ, nhưng chưa có bản %v.",
		"together_unapproved":         "Bài này phải xuất bản đồng thời mọi ngôn ngữ, nhưng bản %v chưa được duyệt.",
		"lang_required":               "Cần chọn ngôn ngữ.",
		"title_required":              "Cần nhập tiêu đề.",
		"slug_invalid":                "Đường dẫn chỉ gồm chữ thường a-z, chữ số và dấu gạch nối.",
		"title_too_long":              "Tiêu đề dài tối đa %v ký tự (tiêu đề này có %v ký tự).",
		"summary_too_long":            "Tóm tắt dài tối đa %v ký tự (tóm tắt này có %v ký tự).",
		"body_too_long":               "Nội dung một bài dài tối đa %v ký tự (nội dung này có %v ký tự). Hãy chia thành nhiều bài.",
		"change_note_too_long":        "Ghi chú thay đổi dài tối đa %v ký tự (ghi chú này có %v ký tự).",
		"comment_too_long":            "Nhận xét dài tối đa %v ký tự (nhận xét này có %v ký tự).",
		"internal_notes_too_long":     "Ghi chú nội bộ dài tối đa %v ký tự (ghi chú này có %v ký tự).",
		"tags_too_many":               "Mỗi bài có tối đa %v thẻ (bài này có %v thẻ).",
		"tag_too_long":                "Thẻ “%v” quá dài: mỗi thẻ tối đa %v ký tự (thẻ này có %v ký tự).",
		"tag_no_letters":              "Thẻ “%v” cần có ít nhất một chữ cái hoặc chữ số.",
		"fact_too_long":               "Mục “%v” dài tối đa %v ký tự (mục này có %v ký tự).",
		"slug_taken":                  "Đường dẫn %v đã được bài khác dùng trong ngôn ngữ này.",
		"slug_locked":                 "Không thể đổi đường dẫn của bài đã xuất bản.",
		"password_short":              "Mật khẩu cần ít nhất %v ký tự.",
		"media_not_image":             "Tệp này không phải ảnh JPEG, PNG hoặc WebP (hệ thống kiểm tra nội dung tệp, không dựa vào tên tệp).",
		"media_too_large":             "Tệp quá lớn (tối đa %v).",
		"media_too_many_pixels":       "Ảnh có %v × %v điểm ảnh, vượt quá %v điểm ảnh cho phép.",
		"media_too_small":             "Ảnh có %v × %v điểm ảnh; mỗi cạnh phải từ %v điểm ảnh trở lên.",
		"media_damaged":               "Tệp ảnh bị hỏng hoặc không đọc hết được.",
		"media_no_file":               "Hãy chọn một tệp ảnh để tải lên.",
		"media_licence_unknown":       "Hãy chọn một giấy phép trong danh sách.",
		"media_format_unknown":        "Thư viện chỉ nhận ảnh JPEG, PNG hoặc WebP.",
		"forbidden_upload":            "Bạn không có quyền thêm ảnh vào thư viện.",
		"forbidden_media_edit":        "Bạn không có quyền sửa thông tin ảnh này.",
		"forbidden_media_delete":      "Bạn không có quyền xóa ảnh khỏi thư viện.",
		"media_in_use":                "Ảnh đang được dùng trong %v phiên bản bài viết; hãy bỏ ảnh khỏi các bài đó trước.",
		"incomplete_picture_outside":  "Ảnh thứ %v không lấy từ thư viện ảnh (%v). Hãy tải ảnh lên thư viện rồi chèn lại.",
		"incomplete_picture_alt":      "Ảnh thứ %v (%v) chưa có mô tả thay thế bằng %v.",
		"incomplete_picture_caption":  "Ảnh thứ %v (%v) chưa có chú thích bằng %v.",
		"incomplete_picture_credit":   "Ảnh thứ %v (%v) chưa ghi nguồn ảnh.",
		"incomplete_picture_licence":  "Ảnh thứ %v (%v) chưa chọn giấy phép.",
		"docx_not_word":               "Tệp này không phải tài liệu Word .docx. Nếu là tệp .doc cũ, hãy mở bằng Word và lưu lại dưới dạng .docx.",
		"docx_too_large":              "Tài liệu Word quá lớn để nhập.",
		"docx_damaged":                "Tài liệu Word bị hỏng, không đọc được.",
		"color_invalid":               "Màu viết dạng #rrggbb, ví dụ #0b5394.",
		"email_invalid":               "Địa chỉ thư điện tử không hợp lệ.",
		"phone_invalid":               "Số điện thoại chỉ gồm chữ số, dấu cách, +, -, . và ngoặc.",
		"fact_invalid_number":         "«%v» phải là một số, ví dụ 4.686 hoặc 69,5.",
		"bad_time":                    "Thời gian hẹn chưa hợp lệ: hãy chọn trên lịch, hoặc viết ngày/tháng/năm giờ:phút, ví dụ 30/06/2024 08:00.",
		"fact_invalid_date":           "«%v» phải là một ngày, viết ngày/tháng/năm, ví dụ 30/06/2024.",
		"fact_invalid_datetime":       "«%v» phải là ngày và giờ, ví dụ 30/06/2024 08:00 (hoặc chỉ ghi ngày nếu diễn ra cả ngày).",
		"fact_invalid_choice":         "Hãy chọn «%v» trong danh sách.",
		"fact_invalid_url":            "«%v» phải là địa chỉ trang web bắt đầu bằng https://.",
		"fact_invalid_email":          "«%v» không phải địa chỉ thư điện tử.",
		"fact_invalid_phone":          "«%v» chỉ gồm chữ số, dấu cách, +, -, . và ngoặc.",
		"fact_end_before_start":       "Sự kiện kết thúc trước khi bắt đầu.",
		"fact_valid_to_before_from":   "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.",
		"setting_too_long":            "Nội dung quá dài: tối đa %v ký tự (hiện có %v).",
		"incomplete_fact":             "Còn thiếu «%v».",
		"url_invalid":                 "Địa chỉ trang web phải bắt đầu bằng https://.",
		"forbidden_nominate":          "Chỉ người duyệt và quản trị viên được đề cử bài.",
		"throttled":                   "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %v phút.",
		"body_too_large":              "Tệp gửi lên quá lớn (tối đa %v MB).",
		"body_unreadable":             "Biểu mẫu gửi lên không đọc được (tên tệp hoặc một trường có ký tự không dùng được). Hãy đổi tên tệp rồi gửi lại.",
		"incomplete_link_escape":      "Liên kết «%v» có địa chỉ không dùng được: %v. Dấu %% trong địa chỉ phải có hai chữ số hệ 16 đi sau (ví dụ %%20 cho dấu cách); hãy chép lại địa chỉ đúng.",
		"incomplete_link_scheme":      "Liên kết «%v» có địa chỉ không dùng được: %v. Chỉ liên kết tới trang web (https://), thư điện tử (mailto:), số điện thoại (tel:) hoặc trang của cổng.",
		"incomplete_link_host":        "Liên kết «%v» có địa chỉ không dùng được: %v. Tên máy chủ hoặc cổng trong địa chỉ bị sai (có dấu cách, thiếu dấu ngoặc…); hãy chép lại địa chỉ đúng.",
		"incomplete_link_unreadable":  "Liên kết «%v» có địa chỉ không dùng được: %v. Hãy chép lại địa chỉ đúng hoặc xóa liên kết.",
		"query_too_long":              "Từ khóa tìm kiếm dài tối đa %v ký tự (từ khóa này có %v ký tự).",
		"json_too_large":              "Yêu cầu quá lớn (tối đa %v MB).",
		"json_empty":                  "Yêu cầu không có nội dung JSON.",
		"json_cut":                    "Nội dung JSON bị cắt, chưa kết thúc.",
		"json_syntax":                 "Nội dung không phải JSON hợp lệ (lỗi ở byte thứ %v).",
		"json_type":                   "Trường «%v» phải là %v.",
		"json_body_type":              "Nội dung yêu cầu phải là %v.",
		"too_many":                    "Quá nhiều lần thử. Vui lòng đợi rồi thử lại.",
		"reason_required":             "Hãy ghi lý do gỡ bài khỏi trang (lý do được lưu vào nhật ký hoạt động).",
		"delete_published":            "Bài đã từng hiện trên trang chỉ quản trị hệ thống mới xóa được. Nếu cần, hãy gỡ bài khỏi trang.",
		"delete_not_yours":            "Bạn chỉ xóa được bài do chính mình tạo.",
		"delete_not_draft":            "Bài này không còn là bản nháp; hãy nhờ biên tập viên xóa.",
		"signin_failed":               "Tên đăng nhập hoặc mật khẩu không đúng.",
		"signin_press":                "Tài khoản báo chí không đăng nhập vào trang quản trị; hãy dùng mã truy cập (token) để đọc thông cáo chưa đến giờ đăng qua /api/v1/press/embargoed.",
		"code_wrong":                  "Mã xác thực không đúng hoặc đã hết hạn.",
		"email_taken":                 "Một tài khoản khác đã dùng địa chỉ thư điện tử này.",
		"username_required":           "Cần nhập tên đăng nhập.",
		"unknown_role":                "Vai trò %v không có.",
		"unit_unknown":                "Không có đơn vị này. Các đơn vị hiện có: %v.",
		"unit_required":               "Cộng tác viên phải thuộc một đơn vị. Hãy chọn một trong các đơn vị: %v.",
		"unit_required_none":          "Cộng tác viên phải thuộc một đơn vị, nhưng chưa có đơn vị nào. Hãy thêm đơn vị ở trang Đơn vị trước.",
		"not_yourself":                "Bạn không thể khóa tài khoản của chính mình hoặc bỏ quyền quản trị của chính mình.",
		"password_common":             "Mật khẩu này nằm trong số mật khẩu bị dùng nhiều nhất; kẻ tấn công sẽ thử chúng đầu tiên. Hãy chọn mật khẩu khác.",
		"password_too_short":          "Mật khẩu cần ít nhất %v ký tự (mật khẩu này có %v ký tự).",
		"password_personal":           "Mật khẩu này được ghép từ tên, tên đăng nhập hoặc địa chỉ thư của bạn, rất dễ đoán. Hãy chọn mật khẩu khác.",
		"password_weak":               "Mật khẩu này dễ đoán. Hãy ghép vài từ không liên quan đến nhau, hoặc dùng mật khẩu dài hơn.",
		"current_password_wrong":      "Mật khẩu hiện tại không đúng.",
		"password_same":               "Mật khẩu mới phải khác mật khẩu hiện tại.",
		"password_mismatch":           "Hai lần nhập mật khẩu mới không giống nhau.",
		"password_change_required":    "Bạn cần đặt mật khẩu của riêng mình trước khi làm việc khác (trang Tài khoản của tôi).",
		"reset_link_invalid":          "Đường dẫn đặt lại mật khẩu không còn dùng được (đã dùng rồi hoặc đã quá 1 giờ). Hãy yêu cầu một đường dẫn mới.",
		"reset_throttled":             "Đã có quá nhiều yêu cầu đặt lại mật khẩu. Vui lòng thử lại sau %v phút.",
		"mail_not_configured":         "Chưa cấu hình máy chủ thư điện tử (SMTP).",
		"mail_failed":                 "Không gửi được thư. Máy chủ thư trả lời: %v",
		"mail_failed_certificate":     "Không gửi được thư: chứng thư của máy chủ thư không được tin cậy. Nếu máy chủ dùng chứng thư do mạng nội bộ cấp, hãy ghi đường dẫn tệp chứng thư ở ô “Tệp chứng thư”. (Chi tiết: %v)",
		"mail_failed_auth":            "Không gửi được thư: máy chủ thư không nhận tên đăng nhập hoặc mật khẩu SMTP. Hãy kiểm tra tên đăng nhập và mật khẩu trong biến môi trường hoặc tệp đã ghi. (Chi tiết: %v)",
		"mail_failed_connect":         "Không gửi được thư: không kết nối được tới máy chủ thư. Hãy kiểm tra tên máy chủ và cổng, và máy chủ có đang chạy không. (Chi tiết: %v)",
		"mail_failed_timeout":         "Không gửi được thư: máy chủ thư không trả lời kịp. Hãy kiểm tra cổng và cách bảo mật kết nối. (Chi tiết: %v)",
		"mail_failed_password_source": "Không gửi được thư: không đọc được mật khẩu SMTP từ biến môi trường hoặc tệp đã ghi. (Chi tiết: %v)",
		"smtp_host_required":          "Cần nhập máy chủ SMTP.",
		"smtp_port_invalid":           "Cổng SMTP là một số từ 1 đến 65535.",
		"smtp_security_unknown":       "Hãy chọn cách bảo mật trong danh sách.",
		"smtp_sender_invalid":         "Địa chỉ người gửi không hợp lệ.",
		"smtp_auth_needs_tls":         "Mật khẩu chỉ được gửi qua kết nối mã hóa: hãy chọn STARTTLS hoặc TLS, hoặc để trống tên đăng nhập SMTP.",
		"notify_choice_unknown":       "Hãy chọn cách nhận thông báo trong danh sách.",
	},
	"en": {
		"not_found":                   "Not found.",
		"conflict":                    "This cannot be done: it conflicts with the current data.",
		"invalid":                     "The data is not valid.",
		"forbidden":                   "You are not allowed to do this.",
		"unauthorized":                "You need to sign in (or the access token is not valid or was revoked).",
		"internal":                    "Something went wrong. Please try again; if it happens again, tell the system administrator.",
		"bad_request":                 "The request is not well formed.",
		"forbidden_role":              "Your role does not write articles.",
		"no_unit":                     "Your account belongs to no unit; ask an administrator.",
		"other_unit":                  "You can write only for your own unit.",
		"unknown_kind":                "There is no kind %v.",
		"unknown_policy":              "There is no language policy %v.",
		"unknown_language":            "The site has no language %v.",
		"unknown_area":                "There is no area %v.",
		"unknown_status":              "There is no status %v.",
		"unknown_action":              "There is no action %v.",
		"forbidden_edit":              "You may not edit this article.",
		"stale_version":               "Someone else changed this text while you were editing it (it is now version %v; you started from version %v). Nothing was overwritten.",
		"stale_version_form":          "Someone else changed this text while you were editing it (it is now version %v; you started from version %v). Your text is kept in the form and the stored version is shown below it. Saving again replaces the stored version with yours.",
		"changed_meanwhile":           "This version changed while you were looking at it; reload it and try again.",
		"in_review":                   "This version is being reviewed; wait for the reviewer's decision.",
		"no_translation":              "This article has no %v version.",
		"forbidden_submit":            "You may not submit this article for review.",
		"forbidden_review":            "Only editors and approvers of this language send it back.",
		"comment_required":            "Say what needs to change.",
		"forbidden_approve":           "You may not approve versions in this language.",
		"forbidden_publish":           "You may not publish or unpublish versions in this language.",
		"four_eyes":                   "A version is approved by someone other than its author and its last editor.",
		"invalid_transition":          "%v is not possible for a version that is %v.",
		"incomplete_title":            "This version has no title.",
		"incomplete_summary":          "This version has no summary.",
		"incomplete_body":             "This version has no text.",
		"together_missing":            "This article goes out in every language at once, and its %v version does not exist yet.",
		"together_unapproved":         "This article goes out in every language at once, and its %v version is not approved yet.",
		"lang_required":               "Choose a language.",
		"title_required":              "Enter a title.",
		"slug_invalid":                "An address has only lower-case letters a-z, digits and hyphens.",
		"title_too_long":              "A title is at most %v characters long (this one has %v).",
		"summary_too_long":            "A summary is at most %v characters long (this one has %v).",
		"body_too_long":               "An article's text is at most %v characters long (this one has %v). Split it into several articles.",
		"change_note_too_long":        "A change note is at most %v characters long (this one has %v).",
		"comment_too_long":            "A comment is at most %v characters long (this one has %v).",
		"internal_notes_too_long":     "Internal notes are at most %v characters long (these have %v).",
		"tags_too_many":               "An article has at most %v tags (this one has %v).",
		"tag_too_long":                "The tag “%v” is too long: a tag is at most %v characters (this one has %v).",
		"tag_no_letters":              "The tag “%v” needs at least one letter or digit.",
		"fact_too_long":               "“%v” is at most %v characters long (this one has %v).",
		"slug_taken":                  "The address %v is already used by another article in this language.",
		"slug_locked":                 "The address of a published article cannot change.",
		"password_short":              "A password needs at least %v characters.",
		"media_not_image":             "This file is not a JPEG, PNG or WebP picture (the content of the file is checked, not its name).",
		"media_too_large":             "The file is too large (at most %v).",
		"media_too_many_pixels":       "The picture is %v × %v pixels, more than the %v pixels accepted.",
		"media_too_small":             "The picture is %v × %v pixels; each side must be at least %v.",
		"media_damaged":               "The picture file is damaged or cut off.",
		"media_no_file":               "Choose a picture file to upload.",
		"media_licence_unknown":       "Choose one of the licences offered.",
		"media_format_unknown":        "The library takes JPEG, PNG or WebP pictures only.",
		"forbidden_upload":            "You may not add pictures to the library.",
		"forbidden_media_edit":        "You may not change this picture.",
		"forbidden_media_delete":      "You may not remove pictures from the library.",
		"media_in_use":                "The picture is shown in %v article versions; take it out of them first.",
		"incomplete_picture_outside":  "Picture %v is not from the media library (%v). Upload it to the library and insert it again.",
		"incomplete_picture_alt":      "Picture %v (%v) has no alternative text in %v.",
		"incomplete_picture_caption":  "Picture %v (%v) has no caption in %v.",
		"incomplete_picture_credit":   "Picture %v (%v) has no credit.",
		"incomplete_picture_licence":  "Picture %v (%v) has no licence.",
		"docx_not_word":               "This file is not a Word .docx document. If it is an old .doc file, open it in Word and save it as .docx.",
		"docx_too_large":              "The Word document is too large to import.",
		"docx_damaged":                "The Word document is damaged and cannot be read.",
		"color_invalid":               "A colour is written #rrggbb, for example #0b5394.",
		"email_invalid":               "This is not an e-mail address.",
		"phone_invalid":               "A phone number has digits, spaces, +, -, . and brackets only.",
		"fact_invalid_number":         "“%v” must be a number, for example 4,686 or 69.5.",
		"bad_time":                    "The time is not valid: pick it on the calendar, or write day/month/year hour:minute, for example 30/06/2024 08:00.",
		"fact_invalid_date":           "“%v” must be a date, written day/month/year, for example 30/06/2024.",
		"fact_invalid_datetime":       "“%v” must be a date and time, for example 30/06/2024 08:00 (or the date alone for all day).",
		"fact_invalid_choice":         "Choose “%v” from the list.",
		"fact_invalid_url":            "“%v” must be a web address starting with https://.",
		"fact_invalid_email":          "“%v” is not an e-mail address.",
		"fact_invalid_phone":          "“%v” has digits, spaces, +, -, . and brackets only.",
		"fact_end_before_start":       "The event ends before it starts.",
		"fact_valid_to_before_from":   "The end of validity must come after its start.",
		"setting_too_long":            "This is too long: at most %v characters (this has %v).",
		"incomplete_fact":             "“%v” is missing.",
		"url_invalid":                 "A web address starts with https://.",
		"forbidden_nominate":          "Only approvers and administrators nominate articles.",
		"throttled":                   "Too many failed sign-ins. Please try again in %v minutes.",
		"body_too_large":              "The file sent is too large (at most %v MB).",
		"body_unreadable":             "The form sent cannot be read (a file name or a field has characters that cannot be used). Rename the file and send it again.",
		"incomplete_link_escape":      "The link “%v” has an address that cannot be used: %v. A %% in an address must be followed by two hexadecimal digits (%%20 for a space); copy the right address again.",
		"incomplete_link_scheme":      "The link “%v” has an address that cannot be used: %v. Link only to web pages (https://), e-mail (mailto:), phone numbers (tel:) or pages of the portal.",
		"incomplete_link_host":        "The link “%v” has an address that cannot be used: %v. The server's name or port in it is wrong (a space, a missing bracket…); copy the right address again.",
		"incomplete_link_unreadable":  "The link “%v” has an address that cannot be used: %v. Copy the right address again or remove the link.",
		"query_too_long":              "A search is at most %v characters long (this one has %v).",
		"json_too_large":              "The request is too large (at most %v MB).",
		"json_empty":                  "The request has no JSON body.",
		"json_cut":                    "The JSON body ends before it is complete.",
		"json_syntax":                 "The body is not valid JSON (error at byte %v).",
		"json_type":                   "The field “%v” must be %v.",
		"json_body_type":              "The request must be %v.",
		"too_many":                    "Too many attempts. Please wait and try again.",
		"reason_required":             "Say why the version is taken off the site (the reason goes into the audit log).",
		"delete_published":            "An article readers have seen is deleted only by a system administrator. Unpublish it instead if need be.",
		"delete_not_yours":            "You may delete only articles you created.",
		"delete_not_draft":            "This article is no longer a draft; ask an editor to delete it.",
		"signin_failed":               "The user name or password is not correct.",
		"signin_press":                "Press accounts do not sign in to the admin; use your access token to read embargoed releases at /api/v1/press/embargoed.",
		"code_wrong":                  "The code is not correct or has expired.",
		"email_taken":                 "Another account has this e-mail address.",
		"username_required":           "Enter a login name.",
		"unknown_role":                "There is no role %v.",
		"unit_unknown":                "There is no such unit. The units are: %v.",
		"unit_required":               "A contributor belongs to a unit. Choose one of: %v.",
		"unit_required_none":          "A contributor belongs to a unit, and there is none yet. Add the units on the Units page first.",
		"not_yourself":                "You cannot disable your own account or take away your own administration.",
		"password_common":             "This password is one of the most used ones; attackers try those first. Choose another.",
		"password_too_short":          "A password needs at least %v characters (this one has %v).",
		"password_personal":           "This password is made of your name, login or e-mail address, which is easy to guess. Choose another.",
		"password_weak":               "This password is easy to guess. Put together a few words that do not belong together, or use a longer password.",
		"current_password_wrong":      "The current password is not right.",
		"password_same":               "The new password must differ from the current one.",
		"password_mismatch":           "The two new passwords typed are not the same.",
		"password_change_required":    "Set a password of your own before anything else (My account page).",
		"reset_link_invalid":          "This password reset link can no longer be used (it was used already or is more than an hour old). Ask for a new one.",
		"reset_throttled":             "Too many password reset requests. Please try again in %v minutes.",
		"mail_not_configured":         "No mail server (SMTP) is set up.",
		"mail_failed":                 "The message could not be sent. The mail server answered: %v",
		"mail_failed_certificate":     "The message could not be sent: the mail server's certificate is not trusted. If it comes from the local network's own authority, give the path of its file under “Certificate authority file”. (Details: %v)",
		"mail_failed_auth":            "The message could not be sent: the mail server refused the SMTP user name or password. Check the user name, and the password in the environment variable or file given. (Details: %v)",
		"mail_failed_connect":         "The message could not be sent: the mail server cannot be reached. Check its name and port, and that it is running. (Details: %v)",
		"mail_failed_timeout":         "The message could not be sent: the mail server did not answer in time. Check the port and the connection security. (Details: %v)",
		"mail_failed_password_source": "The message could not be sent: the SMTP password cannot be read from the environment variable or file given. (Details: %v)",
		"smtp_host_required":          "Enter the SMTP server.",
		"smtp_port_invalid":           "The SMTP port is a number from 1 to 65535.",
		"smtp_security_unknown":       "Choose one of the security choices offered.",
		"smtp_sender_invalid":         "The sender's address is not valid.",
		"smtp_auth_needs_tls":         "A password is sent only over an encrypted connection: choose STARTTLS or TLS, or leave the SMTP user name empty.",
		"notify_choice_unknown":       "Choose one of the ways offered to be told.",
	},
}

// fail ends a request with err. It is the one place an error becomes a
// response: the status its code means, its stable code and its message in
// the user's language (the admin's language on pages, the request's
// Accept-Language in the API), as a page of the admin or as JSON for the
// API and for the admin's scripts. Internal errors are logged here, once,
// and shown as a generic message: never SQL, Hugo or Go text.
func (s *Server) fail(c *gin.Context, err error) { s.failWith(c, err, nil) }

// failWith is fail with, in a JSON answer, the version now stored
// (current), for a refused save.
func (s *Server) failWith(c *gin.Context, err error, current any) {
	// The API has no session: its language is the request's.
	api := strings.HasPrefix(c.Request.URL.Path, "/api/")
	lang := apiLang(c)
	if !api {
		lang = s.adminLang(c)
	}
	code, msg := explain(lang, err)
	status := httpStatus(admin.ErrorCode(err))
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	}
	c.Abort()
	if api || wantsJSON(c) {
		body := apiErrorBody{Code: code, Message: msg, Current: current}
		var e *admin.Error
		if errors.As(err, &e) {
			body.Field = e.Field
		}
		c.AbortWithStatusJSON(status, body)
		return
	}
	s.render(c, status, "error", gin.H{"Message": msg})
}

// cutOff logs a response that could not be sent in full once its status
// was out: the client went away, and there is no one left to tell.
func (s *Server) cutOff(r *http.Request, err error) {
	s.log.Debug("response cut off", "method", r.Method, "path", r.URL.Path, "err", err)
}

// httpStatus maps a domain error code to an HTTP status.
func httpStatus(code string) int {
	switch code {
	case admin.ENOTFOUND:
		return http.StatusNotFound
	case admin.ECONFLICT:
		return http.StatusConflict
	case admin.EINVALID:
		return http.StatusUnprocessableEntity
	case admin.EFORBIDDEN:
		return http.StatusForbidden
	case admin.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case admin.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case admin.ETOOMANY:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// explain returns the stable code of err (its catalogue key, or its general
// code) and its message in lang. Internal errors get a generic message.
func explain(lang string, err error) (code, message string) {
	var e *admin.Error
	if !errors.As(err, &e) {
		return admin.EINTERNAL, errorMessages[lang][admin.EINTERNAL]
	}
	code = e.Code
	if e.Key != "" {
		code = e.Key
	}
	if tmpl, ok := errorMessages[lang][code]; ok {
		return code, fill(tmpl, localArgs(lang, e.Args))
	}
	if lang == "en" && e.Message != "" {
		return code, e.Message
	}
	return code, errorMessages[lang][e.Code]
}

// fill puts args in the %v of a message, as many as it has: a message
// written without one of its arguments never shows Go's "%!(EXTRA ...)",
// and one given too few shows nothing where an argument is missing.
func fill(tmpl string, args []any) string {
	n := strings.Count(tmpl, "%v")
	for len(args) < n {
		args = append(args, "")
	}
	return fmt.Sprintf(tmpl, args[:n]...)
}

// localArgs writes the arguments of a message in lang: a language code as
// the language's name.
func localArgs(lang string, args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if key, ok := a.(admin.FactLabel); ok {
			a = translate(lang, admin.FactLabelKey(string(key)))
		}
		if k, ok := a.(valueKind); ok {
			a = translate(lang, "json_kind_"+string(k))
		}
		if code, ok := a.(admin.Language); ok {
			name := translate(lang, "language_name_"+string(code))
			if name == "language_name_"+string(code) {
				name = string(code)
			}
			a = name
		}
		out[i] = a
	}
	return out
}
