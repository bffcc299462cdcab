package web

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"portal/admin"
)

// auditSentences say an audit entry as a sentence in the reader's
// language: %[1]s is who did it (full name), %[2]s the language version
// ("bản tiếng Anh"), %[3]s the article's title. The stable action code
// stays beside the sentence (page, CSV, API).
var auditSentences = map[string]map[string]string{
	"vi": {
		"signin":                      "%[1]s đã đăng nhập",
		"signin.failed":               "Đăng nhập không thành công với tên «%[1]s»",
		"signout":                     "%[1]s đã đăng xuất",
		"article.create":              "%[1]s đã tạo một bài viết",
		"article.create_undone":       "Bài viết của %[1]s không được tạo vì bản đầu tiên bị từ chối",
		"article.delete":              "%[1]s đã xóa bài «%[3]s»",
		"article.licence":             "%[1]s đã đổi giấy phép của bài «%[3]s»",
		"article.nominate":            "%[1]s đã đề cử bài «%[3]s»",
		"article.unnominate":          "%[1]s đã rút đề cử bài «%[3]s»",
		"translation.create":          "%[1]s đã tạo %[2]s của bài «%[3]s»",
		"translation.save":            "%[1]s đã lưu %[2]s của bài «%[3]s»",
		"translation.submit":          "%[1]s đã gửi duyệt %[2]s của bài «%[3]s»",
		"translation.request-changes": "%[1]s đã trả lại %[2]s của bài «%[3]s» để sửa",
		"translation.approve":         "%[1]s đã duyệt %[2]s của bài «%[3]s»",
		"translation.schedule":        "%[1]s đã hẹn giờ xuất bản %[2]s của bài «%[3]s»",
		"translation.publish":         "%[1]s đã xuất bản %[2]s của bài «%[3]s»",
		"translation.unpublish":       "%[1]s đã gỡ %[2]s của bài «%[3]s» khỏi trang",
		"translation.restore":         "%[1]s đã khôi phục một phiên bản cũ của %[2]s bài «%[3]s»",
		"translation.schedule_failed": "%[2]s của bài «%[3]s» chưa xuất bản được đúng giờ hẹn",
		"site.left_out":               "%[2]s của bài «%[3]s» chưa lên được trang khi dựng trang",
		"site.build_failed":           "Lần dựng trang công khai bị lỗi",
		"media.add":                   "%[1]s đã thêm một ảnh vào thư viện",
		"media.save":                  "%[1]s đã sửa thông tin một ảnh",
		"media.delete":                "%[1]s đã xóa một ảnh khỏi thư viện",
		"user.create":                 "%[1]s đã tạo một tài khoản",
		"user.update":                 "%[1]s đã sửa một tài khoản",
		"user.profile":                "%[1]s đã sửa thông tin cá nhân của mình",
		"user.password_change":        "%[1]s đã đổi mật khẩu",
		"user.password_reset":         "%[1]s đã cấp lại mật khẩu cho một tài khoản",
		"user.password_reset_mail":    "%[1]s đã đặt lại mật khẩu qua thư điện tử",
		"user.2fa_enrol":              "%[1]s đã bật xác thực hai lớp",
		"user.2fa_reset":              "%[1]s đã tắt xác thực hai lớp của một tài khoản",
		"user.notifications":          "%[1]s đã đổi cách nhận thông báo",
		"password.reset_request":      "Có yêu cầu đặt lại mật khẩu qua thư điện tử",
		"setting.change":              "%[1]s đã đổi một thiết lập",
		"setting.site":                "%[1]s đã đổi thiết lập trang công khai",
		"setting.mail":                "%[1]s đã đổi thiết lập thư điện tử",
		"mail.test":                   "%[1]s đã gửi thư thử",
		"unit.put":                    "%[1]s đã sửa một đơn vị",
		"press.embargoed":             "%[1]s đã đọc các thông cáo chưa đến giờ đăng",
		"audit.export":                "%[1]s đã tải nhật ký hoạt động",
		"seed.import":                 "Hệ thống đã nạp nội dung mẫu khi cài đặt",
		"seed.settings":               "Hệ thống đã nạp thiết lập trang mẫu khi cài đặt",
	},
	"en": {
		"signin":                      "%[1]s signed in",
		"signin.failed":               "A sign-in as “%[1]s” failed",
		"signout":                     "%[1]s signed out",
		"article.create":              "%[1]s created an article",
		"article.create_undone":       "%[1]s's article was not created: its first version was refused",
		"article.delete":              "%[1]s deleted “%[3]s”",
		"article.licence":             "%[1]s changed the licence of “%[3]s”",
		"article.nominate":            "%[1]s nominated “%[3]s”",
		"article.unnominate":          "%[1]s withdrew the nomination of “%[3]s”",
		"translation.create":          "%[1]s created the %[2]s of “%[3]s”",
		"translation.save":            "%[1]s saved the %[2]s of “%[3]s”",
		"translation.submit":          "%[1]s submitted the %[2]s of “%[3]s” for review",
		"translation.request-changes": "%[1]s sent the %[2]s of “%[3]s” back for changes",
		"translation.approve":         "%[1]s approved the %[2]s of “%[3]s”",
		"translation.schedule":        "%[1]s scheduled the %[2]s of “%[3]s”",
		"translation.publish":         "%[1]s published the %[2]s of “%[3]s”",
		"translation.unpublish":       "%[1]s took the %[2]s of “%[3]s” off the site",
		"translation.restore":         "%[1]s restored an earlier text of the %[2]s of “%[3]s”",
		"translation.schedule_failed": "The %[2]s of “%[3]s” could not go out at its scheduled time",
		"site.left_out":               "The %[2]s of “%[3]s” was left out of a site build",
		"site.build_failed":           "A build of the public site failed",
		"media.add":                   "%[1]s added a picture to the library",
		"media.save":                  "%[1]s changed a picture's details",
		"media.delete":                "%[1]s removed a picture from the library",
		"user.create":                 "%[1]s created an account",
		"user.update":                 "%[1]s changed an account",
		"user.profile":                "%[1]s changed their own details",
		"user.password_change":        "%[1]s changed their password",
		"user.password_reset":         "%[1]s gave an account a new password",
		"user.password_reset_mail":    "%[1]s reset their password by e-mail",
		"user.2fa_enrol":              "%[1]s turned on two-factor sign-in",
		"user.2fa_reset":              "%[1]s turned off an account's two-factor sign-in",
		"user.notifications":          "%[1]s changed how they are told",
		"password.reset_request":      "A password reset by e-mail was asked for",
		"setting.change":              "%[1]s changed a setting",
		"setting.site":                "%[1]s changed the public site's settings",
		"setting.mail":                "%[1]s changed the mail settings",
		"mail.test":                   "%[1]s sent a test message",
		"unit.put":                    "%[1]s changed a unit",
		"press.embargoed":             "%[1]s read the embargoed releases",
		"audit.export":                "%[1]s downloaded the audit log",
		"seed.import":                 "The system loaded the demo content at installation",
		"seed.settings":               "The system loaded the demo site settings at installation",
	},
}

var articleObject = regexp.MustCompile(`^article/(\d+)(?:/([a-z]{2,3}))?$`)

// auditView is an audit entry with its sentence and the admin page of its
// object.
type auditView struct {
	*admin.Event
	Sentence string
	Who      string // who did it, as the sentence names them
	Link     string
	// Changes are a settings change's fields, each "label: «old» → «new»"
	// in the reader's language.
	Changes []string
}

// describe writes events as sentences in lang, naming people by their full
// names and articles by their titles.
func (s *Server) describe(ctx context.Context, lang string, events []*admin.Event) ([]auditView, error) {
	names, err := s.db.UserNames(ctx)
	if err != nil {
		return nil, err
	}
	titles := map[int64]string{}
	for _, e := range events {
		if m := articleObject.FindStringSubmatch(e.Object); m != nil {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			titles[id] = ""
		}
	}
	exists := map[int64]bool{}
	for id := range titles {
		a, err := s.db.Article(ctx, id)
		if err != nil {
			if admin.ErrorCode(err) == admin.ENOTFOUND {
				continue // deleted: the detail says what it was
			}
			return nil, err
		}
		exists[id] = true
		if t := a.Translation(a.SourceLang); t != nil {
			titles[id] = t.Title
		}
	}
	out := make([]auditView, 0, len(events))
	for _, e := range events {
		v := auditView{Event: e}
		actor := e.Actor
		if n := names[e.ActorID]; n != "" && e.ActorID != 0 {
			actor = n
		} else if actor == "system" || actor == "" {
			actor = map[string]string{"vi": "Hệ thống", "en": "The system"}[lang]
		}
		v.Who = actor
		version, title := "", ""
		if m := articleObject.FindStringSubmatch(e.Object); m != nil {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			title = titles[id]
			if title == "" {
				title = "#" + m[1]
			}
			if m[2] != "" {
				version = versionName(lang, m[2])
				if exists[id] {
					v.Link = "/admin/articles/" + m[1] + "/" + m[2]
				}
			}
		}
		if strings.HasPrefix(e.Object, "user/") {
			v.Link = "/admin/users?q=" + strings.TrimPrefix(e.Object, "user/")
		}
		if strings.HasPrefix(e.Action, "setting.") {
			v.Changes = s.settingChanges(lang, e.Detail)
		}
		key := e.Action
		if key == "setting.change" && e.Object == "setting/site" {
			key = "setting.site"
		}
		if tmpl, ok := auditSentences[lang][key]; ok {
			// Numbered arguments: a sentence need not use all three.
			v.Sentence = fmt.Sprintf(tmpl, actor, version, title)
		} else {
			v.Sentence = actor + ": " + e.Action
		}
		out = append(out, v)
	}
	return out, nil
}

// versionName is "bản tiếng Anh" / "English version" for lang.
func versionName(lang, code string) string {
	name := localArgs(lang, []any{admin.Language(code)})[0].(string)
	if lang == "vi" {
		return "bản " + name
	}
	return name + " version"
}

// settingChange is one change in an audit detail made by
// editorial.Changes: `key: "old" → "new"`.
var settingChange = regexp.MustCompile(`([a-z0-9_]+): ("(?:[^"\\]|\\.)*") → ("(?:[^"\\]|\\.)*")`)

// settingChanges says each change of a settings detail with the field's
// label, as the settings pages name it, in lang.
func (s *Server) settingChanges(lang, detail string) []string {
	var out []string
	for _, m := range settingChange.FindAllStringSubmatch(detail, -1) {
		from, err1 := strconv.Unquote(m[2])
		to, err2 := strconv.Unquote(m[3])
		if err1 != nil || err2 != nil {
			continue
		}
		none := map[string]string{"vi": "(trống)", "en": "(empty)"}[lang]
		if from == "" {
			from = none
		} else {
			from = "«" + from + "»"
		}
		if to == "" {
			to = none
		} else {
			to = "«" + to + "»"
		}
		out = append(out, s.settingLabel(lang, m[1])+": "+from+" → "+to)
	}
	return out
}

// settingLabel is the label of a settings field: "title_en" is the site's
// title in English, "investor_phone" the investors' contact's phone.
func (s *Server) settingLabel(lang, key string) string {
	suffix := ""
	for _, l := range s.langs {
		if base, ok := strings.CutSuffix(key, "_"+l.Code); ok {
			key, suffix = base, " ("+translate(lang, "language_name_"+l.Code)+")"
			break
		}
	}
	label := func(k string) string {
		if m := translate(lang, k); m != k {
			return m
		}
		return ""
	}
	for prefix, title := range map[string]string{"investor_": "contact_investor", "spokesperson_": "spokesperson_contact", "press_": "press_contact"} {
		if field, ok := strings.CutPrefix(key, prefix); ok {
			sub := map[string]string{"name": "contact_name", "role": "contact_role", "phone": "site_phone", "email": "site_email", "url": "contact_url"}[field]
			if sub != "" {
				return label(title) + " · " + label(sub) + suffix
			}
		}
	}
	site := map[string]string{"title": "site_title", "organisation": "site_organisation", "description": "site_description",
		"address": "site_address", "phone": "site_phone", "email": "site_email", "licence": "site_licence_label",
		"primary_color": "primary_color", "accent_color": "accent_color", "logo": "site_logo"}
	if k, ok := site[key]; ok {
		return label(k) + suffix
	}
	if l := label(key); l != "" { // the mail settings' keys are their labels'
		return l + suffix
	}
	return key + suffix
}
