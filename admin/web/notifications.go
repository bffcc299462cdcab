package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"portal/admin"
	"portal/admin/mail"
)

// notificationsPage is how many notifications one page lists.
const notificationsPage = 50

// handleNotifications lists the user's notifications, the newest first,
// read and unread, each linking to its article.
func (s *Server) handleNotifications(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	before, _ := strconv.ParseInt(c.Query("before"), 10, 64)
	list, err := s.db.Notifications(ctx, u.ID, notificationsPage, before)
	if err != nil {
		s.fail(c, err)
		return
	}
	next := ""
	if len(list) == notificationsPage {
		next = "/admin/notifications?before=" + strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	s.render(c, http.StatusOK, "notifications", gin.H{"Notifications": list, "Next": next})
}

// handleNotificationOpen marks a notification read and opens its article
// (or the dashboard, for one about no article).
func (s *Server) handleNotificationOpen(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(c, admin.Refuse(admin.ENOTFOUND, "not_found", "no such notification"))
		return
	}
	n, err := s.db.MarkRead(c.Request.Context(), currentUser(c).ID, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, noticeLink(n))
}

// noticeLink is where a notification leads in the admin.
func noticeLink(n *admin.Notification) string {
	if n.ArticleID != 0 {
		return "/admin/articles/" + strconv.FormatInt(n.ArticleID, 10) + "/" + n.Lang
	}
	return "/admin/"
}

// handleNotificationsRead marks every notification of the user read.
func (s *Server) handleNotificationsRead(c *gin.Context) {
	if _, err := s.db.MarkRead(c.Request.Context(), currentUser(c).ID, 0); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/notifications")
}

// handleMailSettings shows the SMTP settings, the mail waiting and what
// failed.
func (s *Server) handleMailSettings(c *gin.Context) {
	s.renderMail(c, http.StatusOK, nil, "")
}

func (s *Server) renderMail(c *gin.Context, status int, typed *mail.Config, problem string) {
	ctx := c.Request.Context()
	cfg, err := s.ed.MailConfig(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	if typed != nil {
		cfg = *typed
	}
	waiting, failed, err := s.db.OutboxCounts(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	problems, err := s.db.MailProblems(ctx, 50)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "mail", gin.H{"Config": cfg, "Securities": mail.Securities, "Waiting": waiting, "Failed": failed,
		"Problems": problems, "Error": problem, "Flash": s.sessions.PopString(ctx, "flash")})
}

func (s *Server) handleMailSettingsSave(c *gin.Context) {
	port, _ := strconv.Atoi(c.PostForm("smtp_port"))
	cfg := mail.Config{Host: c.PostForm("smtp_host"), Port: port, Security: mail.Security(c.PostForm("smtp_security")),
		Username: c.PostForm("smtp_username"), PasswordEnv: c.PostForm("smtp_password_env"), PasswordFile: c.PostForm("smtp_password_file"),
		From: c.PostForm("smtp_from"), FromName: c.PostForm("smtp_from_name"), CAFile: c.PostForm("smtp_ca_file")}
	if err := s.ed.SetMailConfig(c.Request.Context(), s.actor(c), cfg); err != nil {
		if admin.ErrorCode(err) == admin.EINTERNAL {
			s.fail(c, err)
			return
		}
		_, msg := explain(s.adminLang(c), err)
		s.renderMail(c, httpStatus(admin.ErrorCode(err)), &cfg, msg)
		return
	}
	s.sessions.Put(c.Request.Context(), "flash", s.t(c, "saved"))
	c.Redirect(http.StatusSeeOther, "/admin/settings/mail")
}

// handleMailTest sends the test message now and says what happened.
func (s *Server) handleMailTest(c *gin.Context) {
	err := s.ed.SendTestMail(c.Request.Context(), s.actor(c), c.PostForm("to"), s.adminLang(c))
	if err != nil {
		if admin.ErrorCode(err) == admin.EINTERNAL {
			s.fail(c, err)
			return
		}
		_, msg := explain(s.adminLang(c), err)
		s.renderMail(c, httpStatus(admin.ErrorCode(err)), nil, msg)
		return
	}
	s.sessions.Put(c.Request.Context(), "flash", s.t(c, "mail_test_sent"))
	c.Redirect(http.StatusSeeOther, "/admin/settings/mail")
}

// handleResetForm asks for the e-mail address of the account whose
// password was forgotten.
func (s *Server) handleResetForm(c *gin.Context) {
	s.render(c, http.StatusOK, "reset", gin.H{"Step": "ask"})
}

// handleResetRequest sends the link; the answer is the same whether an
// account has the address or not.
func (s *Server) handleResetRequest(c *gin.Context) {
	// The link is made from the configured address, never from the
	// request's Host header, which whoever asks could set to their own.
	var err error
	if s.baseURL == "" {
		err = admin.Refuse(admin.EINVALID, "mail_not_configured", "the portal's address is not configured")
	} else {
		err = s.ed.RequestReset(c.Request.Context(), c.PostForm("email"), c.ClientIP(), s.baseURL+"admin/reset/password?token=")
	}
	if err != nil {
		if admin.ErrorCode(err) == admin.EINTERNAL {
			s.fail(c, err)
			return
		}
		_, msg := explain(s.adminLang(c), err)
		s.render(c, httpStatus(admin.ErrorCode(err)), "reset", gin.H{"Step": "ask", "Error": msg})
		return
	}
	s.render(c, http.StatusOK, "reset", gin.H{"Step": "sent"})
}

// handleResetPasswordForm shows the form to choose a new password from a
// reset link.
func (s *Server) handleResetPasswordForm(c *gin.Context) {
	// The address holds the token: no other site is told it.
	c.Header("Referrer-Policy", "no-referrer")
	token := c.Query("token")
	if err := s.ed.ResetTokenValid(c.Request.Context(), token); err != nil {
		if admin.ErrorCode(err) == admin.EINTERNAL {
			s.fail(c, err)
			return
		}
		_, msg := explain(s.adminLang(c), err)
		s.render(c, http.StatusGone, "reset", gin.H{"Step": "invalid", "Error": msg})
		return
	}
	s.render(c, http.StatusOK, "reset", gin.H{"Step": "choose", "Token": token})
}

func (s *Server) handleResetPassword(c *gin.Context) {
	token, next := c.PostForm("token"), c.PostForm("new_password")
	var err error
	if next != c.PostForm("repeat_password") {
		err = admin.Refuse(admin.EINVALID, "password_mismatch", "the two new passwords typed are not the same")
	} else {
		_, err = s.ed.ResetWithToken(c.Request.Context(), token, next, c.ClientIP())
	}
	if err != nil {
		if admin.ErrorCode(err) == admin.EINTERNAL {
			s.fail(c, err)
			return
		}
		_, msg := explain(s.adminLang(c), err)
		step := "choose"
		if admin.ErrorKey(err) == "reset_link_invalid" {
			step = "invalid"
		}
		s.render(c, httpStatus(admin.ErrorCode(err)), "reset", gin.H{"Step": step, "Token": token, "Error": msg})
		return
	}
	s.render(c, http.StatusOK, "reset", gin.H{"Step": "done"})
}
