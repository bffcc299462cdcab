package mail

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
)

// Notice is what a notification mail says.
type Notice struct {
	Kind        string // admin.Notice*
	Lang        string // the recipient's admin language: vi or en
	Name        string // the recipient, as shown
	Title       string // the article's title
	VersionLang string // the language of the version it is about
	Comment     string // the reviewer's comment
	Actor       string // who did it
	Link        string // the article's page in the admin
	Public      []Link // where readers find it
	AdminURL    string
}

// Link is a page's address in one language.
type Link struct{ Lang, URL string }

// words are the mail texts, per language. %[1]s is the title.
var words = map[string]map[string]string{
	"vi": {
		"greeting":                  "Kính gửi %s,",
		"subject_submitted":         "Bài chờ duyệt: %s",
		"body_submitted":            "Bản %[2]s của bài «%[1]s» vừa được gửi duyệt%[3]s và đang chờ bạn xem xét.",
		"subject_changes_requested": "Bài cần chỉnh sửa: %s",
		"body_changes_requested":    "Bản %[2]s của bài «%[1]s» đã được trả lại để chỉnh sửa%[3]s.",
		"subject_approved":          "Bài đã được duyệt: %s",
		"body_approved":             "Bản %[2]s của bài «%[1]s» đã được duyệt%[3]s.",
		"subject_published":         "Bài đã xuất bản: %s",
		"body_published":            "Bản %[2]s của bài «%[1]s» đã được xuất bản%[3]s. Trang công khai được cập nhật trong ít phút.",
		"subject_unpublished":       "Bài đã được gỡ khỏi trang: %s",
		"body_unpublished":          "Bản %[2]s của bài «%[1]s» đã được gỡ khỏi trang công khai%[3]s.",
		"subject_scheduled":         "Bài hẹn giờ đã xuất bản: %s",
		"body_scheduled":            "Bản %[2]s của bài «%[1]s» đã được xuất bản đúng giờ đã hẹn. Trang công khai được cập nhật trong ít phút.",
		"subject_left_out":          "Bài chưa lên được trang: %s",
		"body_left_out":             "Bản %[2]s của bài «%[1]s» đã được xuất bản nhưng chưa hiện được trên trang công khai. Lý do ghi ở trang của bài trong trang quản trị.",
		"subject_build_failed":      "Lần xây dựng trang bị lỗi",
		"body_build_failed":         "Lần xây dựng trang công khai vừa rồi bị lỗi; trang cũ vẫn đang hiển thị. Chi tiết ở bảng điều khiển của trang quản trị.",
		"by":                        " bởi %s",
		"comment":                   "Nhận xét của người duyệt:",
		"open":                      "Mở bài trong trang quản trị:",
		"open_admin":                "Mở trang quản trị:",
		"public":                    "Địa chỉ trên trang công khai:",
		"footer":                    "Thư này do cổng thông tin gửi tự động. Bạn có thể chọn loại thông báo nhận qua thư ở trang Tài khoản của tôi.",
		"lang_vi":                   "tiếng Việt",
		"lang_en":                   "tiếng Anh",
		"subject_test":              "Thư thử của cổng thông tin",
		"body_test":                 "Đây là thư thử gửi từ trang Cài đặt. Máy chủ thư điện tử đã được cấu hình đúng.",
		"subject_reset":             "Đặt lại mật khẩu",
		"body_reset":                "Có người (có thể là bạn) đã yêu cầu đặt lại mật khẩu cho tài khoản %s. Đường dẫn dưới đây chỉ dùng được một lần, trong vòng 1 giờ. Nếu bạn không yêu cầu, hãy bỏ qua thư này; mật khẩu của bạn không thay đổi.",
		"reset_link":                "Đặt mật khẩu mới:",
	},
	"en": {
		"greeting":                  "Dear %s,",
		"subject_submitted":         "Waiting for review: %s",
		"body_submitted":            "The %[2]s version of “%[1]s” was submitted for review%[3]s and waits for you.",
		"subject_changes_requested": "Changes requested: %s",
		"body_changes_requested":    "The %[2]s version of “%[1]s” was sent back for changes%[3]s.",
		"subject_approved":          "Approved: %s",
		"body_approved":             "The %[2]s version of “%[1]s” was approved%[3]s.",
		"subject_published":         "Published: %s",
		"body_published":            "The %[2]s version of “%[1]s” was published%[3]s. The public site is updated within minutes.",
		"subject_unpublished":       "Taken off the site: %s",
		"body_unpublished":          "The %[2]s version of “%[1]s” was taken off the public site%[3]s.",
		"subject_scheduled":         "Scheduled publication out: %s",
		"body_scheduled":            "The %[2]s version of “%[1]s” was published at the time set. The public site is updated within minutes.",
		"subject_left_out":          "Not on the site yet: %s",
		"body_left_out":             "The %[2]s version of “%[1]s” was published but could not be put on the public site. The reason is on the article's page in the admin.",
		"subject_build_failed":      "A site build failed",
		"body_build_failed":         "The last build of the public site failed; the previous site is still online. The details are on the admin's dashboard.",
		"by":                        " by %s",
		"comment":                   "The reviewer's comment:",
		"open":                      "Open the article in the admin:",
		"open_admin":                "Open the admin:",
		"public":                    "On the public site:",
		"footer":                    "This message was sent by the portal. You choose which notifications come by e-mail on the My account page.",
		"lang_vi":                   "Vietnamese",
		"lang_en":                   "English",
		"subject_test":              "Test message from the portal",
		"body_test":                 "This is a test message sent from the Settings page. The mail server is set up correctly.",
		"subject_reset":             "Reset your password",
		"body_reset":                "Someone (perhaps you) asked to reset the password of the account %s. The link below works once, within one hour. If it was not you, ignore this message; your password has not changed.",
		"reset_link":                "Set a new password:",
	},
}

func say(lang, key string) string {
	if w, ok := words[lang][key]; ok {
		return w
	}
	return words["vi"][key]
}

func langName(lang, code string) string {
	if w, ok := words[lang]["lang_"+code]; ok {
		return w
	}
	return code
}

// paragraph is one part of a mail: a text, and under it an optional
// label with links.
type paragraph struct {
	Text  string
	Label string
	Links []Link
	Quote bool
}

var htmlMail = template.Must(template.New("mail").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:40em">
{{range .Paras}}{{if .Quote}}<blockquote style="border-left:4px solid #0b5394;margin:0 0 1em;padding:.25em 1em;white-space:pre-wrap">{{.Text}}</blockquote>{{else if .Text}}<p>{{.Text}}</p>{{end}}
{{if .Links}}<p>{{.Label}}{{range .Links}}<br><a href="{{.URL}}">{{.URL}}</a>{{end}}</p>{{end}}
{{end}}<p style="color:#555;font-size:14px">{{.Footer}}</p>
</body></html>`))

// build writes a mail of paragraphs as plain text and HTML.
func build(lang, subject string, paras []paragraph) Message {
	var b strings.Builder
	for _, p := range paras {
		if p.Text != "" {
			if p.Quote {
				for _, line := range strings.Split(p.Text, "\n") {
					b.WriteString("> " + line + "\n")
				}
			} else {
				b.WriteString(p.Text + "\n")
			}
			b.WriteString("\n")
		}
		if len(p.Links) > 0 {
			b.WriteString(p.Label + "\n")
			for _, l := range p.Links {
				b.WriteString(l.URL + "\n")
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("-- \n" + say(lang, "footer") + "\n")
	var h bytes.Buffer
	data := struct {
		Lang, Subject, Footer string
		Paras                 []paragraph
	}{lang, subject, say(lang, "footer"), paras}
	if err := htmlMail.Execute(&h, data); err != nil {
		return Message{Subject: subject, Text: b.String()}
	}
	return Message{Subject: subject, Text: b.String(), HTML: h.String()}
}

// Compose writes the mail of a notification in its recipient's language.
// It holds the title, the comment, who did it and the links; never an
// article's internal notes, nor any secret.
func Compose(n Notice) Message {
	lang := n.Lang
	by := ""
	if n.Actor != "" {
		by = fmt.Sprintf(say(lang, "by"), n.Actor)
	}
	subject := say(lang, "subject_"+n.Kind)
	if strings.Contains(subject, "%s") {
		subject = fmt.Sprintf(subject, oneLine(n.Title))
	}
	paras := []paragraph{{Text: fmt.Sprintf(say(lang, "greeting"), n.Name)}}
	body := say(lang, "body_"+n.Kind)
	if strings.Contains(body, "%[1]s") {
		body = fmt.Sprintf(body, oneLine(n.Title), langName(lang, n.VersionLang), by)
	}
	paras = append(paras, paragraph{Text: body})
	if n.Comment != "" {
		label := say(lang, "comment")
		if n.Kind != "changes_requested" {
			label = say(lang, "reason")
		}
		paras = append(paras, paragraph{Text: label}, paragraph{Text: n.Comment, Quote: true})
	}
	if len(n.Public) > 0 {
		paras = append(paras, paragraph{Label: say(lang, "public"), Links: n.Public})
	}
	label := say(lang, "open")
	if n.Title == "" {
		label = say(lang, "open_admin")
	}
	paras = append(paras, paragraph{Label: label, Links: []Link{{URL: n.Link}}})
	return build(lang, subject, paras)
}

// ComposeTest writes the test message of the settings page.
func ComposeTest(lang string) Message {
	return build(lang, say(lang, "subject_test"), []paragraph{{Text: say(lang, "body_test")}})
}

// ComposeReset writes the mail with a password reset link.
func ComposeReset(lang, name, login, link string) Message {
	return build(lang, say(lang, "subject_reset"), []paragraph{
		{Text: fmt.Sprintf(say(lang, "greeting"), name)},
		{Text: fmt.Sprintf(say(lang, "body_reset"), login)},
		{Label: say(lang, "reset_link"), Links: []Link{{URL: link}}},
	})
}

// oneLine keeps a title on one line, for a subject.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
