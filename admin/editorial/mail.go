package editorial

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"portal/admin"
	"portal/admin/auth"
	pmail "portal/admin/mail"
	"portal/admin/store"
	"portal/admin/text"
)

// The mail rules: the SMTP settings an administrator sets (the password
// itself is never stored: the settings name where it is), the test
// message, and password resets by e-mail.

var mailKeys = struct{ host, port, security, username, passwordEnv, passwordFile, from, fromName, caFile string }{
	"smtp_host", "smtp_port", "smtp_security", "smtp_username", "smtp_password_env", "smtp_password_file", "smtp_from", "smtp_from_name",
	"smtp_ca_file"}

// MailConfig returns the SMTP settings.
func (s *Service) MailConfig(ctx context.Context) (pmail.Config, error) {
	var c pmail.Config
	vals := map[string]*string{mailKeys.host: &c.Host, mailKeys.username: &c.Username, mailKeys.passwordEnv: &c.PasswordEnv,
		mailKeys.passwordFile: &c.PasswordFile, mailKeys.from: &c.From, mailKeys.fromName: &c.FromName, mailKeys.caFile: &c.CAFile}
	for k, p := range vals {
		v, err := s.db.Setting(ctx, k)
		if err != nil {
			return c, err
		}
		*p = v
	}
	port, err := s.db.Setting(ctx, mailKeys.port)
	if err != nil {
		return c, err
	}
	c.Port, _ = strconv.Atoi(port)
	sec, err := s.db.Setting(ctx, mailKeys.security)
	if err != nil {
		return c, err
	}
	c.Security = pmail.Security(sec)
	if c.Security == "" {
		c.Security = pmail.StartTLS
	}
	if c.Port == 0 {
		c.Port = 587
		if c.Security == pmail.TLS {
			c.Port = 465
		}
	}
	return c, nil
}

// SetMailConfig stores the SMTP settings; only administrators may. An
// empty host turns mail off.
func (s *Service) SetMailConfig(ctx context.Context, actor Actor, c pmail.Config) error {
	if !isAdmin(actor) {
		return forbidden("forbidden_role", "only administrators set up mail")
	}
	c.Host, c.Username = text.Line(c.Host), text.Line(c.Username)
	c.PasswordEnv, c.PasswordFile = text.Line(c.PasswordEnv), text.Line(c.PasswordFile)
	c.From, c.FromName = strings.ToLower(text.Line(c.From)), text.Line(c.FromName)
	c.CAFile = text.Line(c.CAFile)
	if c.Host != "" || c.From != "" {
		if c.Host == "" || strings.ContainsAny(c.Host, " /:@") {
			return invalid("smtp_host", "smtp_host_required", "enter the SMTP server's name, like mail.example.gov.vn")
		}
		if c.Port < 1 || c.Port > 65535 {
			return invalid("smtp_port", "smtp_port_invalid", "the port is a number from 1 to 65535")
		}
		if !slices.Contains(pmail.Securities, c.Security) {
			return invalid("smtp_security", "smtp_security_unknown", "unknown security %q", c.Security)
		}
		if a, err := mail.ParseAddress(c.From); err != nil || a.Address != c.From {
			return invalid("smtp_from", "smtp_sender_invalid", "%q is not an e-mail address", c.From)
		}
		if c.Security == pmail.None && c.Username != "" {
			// A password is never sent in clear.
			return invalid("smtp_security", "smtp_auth_needs_tls", "a password is sent only over an encrypted connection: choose STARTTLS or TLS, or leave the user name empty")
		}
	}
	for _, f := range []struct{ field, v string }{{"smtp_host", c.Host}, {"smtp_username", c.Username}, {"smtp_password_env", c.PasswordEnv},
		{"smtp_password_file", c.PasswordFile}, {"smtp_from", c.From}, {"smtp_from_name", c.FromName}, {"smtp_ca_file", c.CAFile}} {
		if e := admin.TooLong(f.field, f.v, 200); e != nil {
			return e
		}
	}
	vals := map[string]string{mailKeys.host: c.Host, mailKeys.port: strconv.Itoa(c.Port), mailKeys.security: string(c.Security),
		mailKeys.username: c.Username, mailKeys.passwordEnv: c.PasswordEnv, mailKeys.passwordFile: c.PasswordFile,
		mailKeys.from: c.From, mailKeys.fromName: c.FromName, mailKeys.caFile: c.CAFile}
	before := map[string]string{}
	for k := range vals {
		v, err := s.db.Setting(ctx, k)
		if err != nil {
			return err
		}
		before[k] = v
	}
	detail := Changes(before, vals)
	if detail == "" {
		return nil
	}
	return s.db.PutSettings(ctx, vals, s.event(actor, "setting.mail", "setting/smtp", detail))
}

// SendTestMail sends the test message to the address given, now, and says
// what the server answered; only administrators may.
func (s *Service) SendTestMail(ctx context.Context, actor Actor, to, lang string) error {
	if !isAdmin(actor) {
		return forbidden("forbidden_role", "only administrators set up mail")
	}
	to = text.Line(to)
	if a, err := mail.ParseAddress(to); err != nil || a.Address != to {
		return invalid("to", "email_invalid", "%q is not an e-mail address", to)
	}
	cfg, err := s.MailConfig(ctx)
	if err != nil {
		return err
	}
	if !cfg.Configured() {
		return invalid("smtp_host", "mail_not_configured", "no mail server is set up")
	}
	cfg.Timeout = 15 * time.Second
	m := pmail.ComposeTest(lang)
	m.To = to
	err = pmail.Send(ctx, cfg, m)
	ev := s.event(actor, "mail.test", "setting/smtp", "to "+to)
	if err != nil {
		ev.Detail += ": " + err.Error()
	}
	if rerr := s.db.Record(ctx, ev); rerr != nil {
		return rerr
	}
	if err != nil {
		return mailRefusal(err)
	}
	return nil
}

// mailRefusal says why a message could not be sent, in the words of an
// administrator: the server could not be reached, its certificate is not
// trusted, it refused the user name or password, it did not answer; else
// the server's own answer. No password is ever in these errors.
func mailRefusal(err error) error {
	msg := strings.ToLower(err.Error())
	detail := text.Truncate(strings.TrimPrefix(err.Error(), "mail: "), 300)
	key := "mail_failed"
	switch {
	case strings.Contains(msg, "certificate"):
		key = "mail_failed_certificate"
	case strings.Contains(msg, "535") || strings.Contains(msg, "authentication"):
		key = "mail_failed_auth"
	case strings.Contains(msg, "connection refused") || strings.Contains(msg, "no such host"):
		key = "mail_failed_connect"
	case strings.Contains(msg, "timeout") || strings.Contains(msg, "deadline"):
		key = "mail_failed_timeout"
	case strings.Contains(msg, "environment variable") || strings.Contains(msg, "password cannot be read"):
		key = "mail_failed_password_source"
	}
	return admin.Refuse(admin.EINVALID, key, "the message could not be sent: %s", detail)
}

// Password resets by e-mail.
const (
	resetValid        = time.Hour
	maxResetsAddr     = 5 // requests from one address in the throttle window
	maxResetsAccount  = 3 // links sent to one account in the throttle window
	resetRequestEvent = "password.reset_request"
)

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// MailConfigured reports whether mail can be sent (and so whether
// password resets by e-mail are offered).
func (s *Service) MailConfigured(ctx context.Context) (bool, error) {
	c, err := s.MailConfig(ctx)
	return c.Configured(), err
}

// RequestReset sends, to the account with the e-mail address typed, a
// link to set a new password; linkBase is the address the token is added
// to. The answer is the same whether an account has that address or not;
// requests are throttled by address and by account.
func (s *Service) RequestReset(ctx context.Context, email, addr, linkBase string) error {
	ok, err := s.MailConfigured(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return invalid("email", "mail_not_configured", "no mail server is set up")
	}
	since := s.now().Add(-throttleWindow)
	n, err := s.db.CountEvents(ctx, resetRequestEvent, "", addr, since)
	if err != nil {
		return err
	}
	if n >= maxResetsAddr {
		return admin.Refuse(admin.ETOOMANY, "reset_throttled", "too many requests: try again in %d minutes", int(throttleWindow.Minutes()))
	}
	email = strings.ToLower(text.Line(email))
	ev := &admin.Event{Action: resetRequestEvent, Addr: addr, Object: "email", Detail: "no account with this address"}
	u, err := s.db.UserByEmail(ctx, email)
	switch {
	case admin.ErrorCode(err) == admin.ENOTFOUND:
		return s.db.Record(ctx, ev)
	case err != nil:
		return err
	case u.Disabled || u.Role == admin.RolePress:
		ev.Detail = "account cannot sign in"
		return s.db.Record(ctx, ev)
	}
	object := "user/" + text.Fold(u.Username)
	ev.Object, ev.ActorID, ev.Actor, ev.Detail = object, u.ID, u.Username, "link sent"
	m, err := s.db.CountEvents(ctx, resetRequestEvent, object, "", since)
	if err != nil {
		return err
	}
	if m >= maxResetsAccount {
		ev.Detail = "not sent: too many requests for this account"
		return s.db.Record(ctx, ev)
	}
	token := auth.RandomSecret(32)
	lang := u.UILang
	if lang == "" {
		lang = "vi"
	}
	msg := pmail.ComposeReset(lang, u.Name(), u.Username, linkBase+token)
	mm := &store.Mail{To: u.Email, ToName: u.Name(), Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML, Secret: true}
	if err := s.db.CreateReset(ctx, tokenHash(token), u.ID, s.now().Add(resetValid), mm, ev); err != nil {
		return err
	}
	if s.mailed != nil {
		s.mailed()
	}
	return nil
}

// ResetTokenValid reports whether a reset link can still be used.
func (s *Service) ResetTokenValid(ctx context.Context, token string) error {
	_, err := s.db.ResetUser(ctx, tokenHash(token))
	if admin.ErrorCode(err) == admin.ENOTFOUND {
		return invalid("token", "reset_link_invalid", "this link was used already or is more than an hour old")
	}
	return err
}

// ResetWithToken sets the password of the account a reset link is for.
// The link works once; every session of the account ends.
func (s *Service) ResetWithToken(ctx context.Context, token, password, addr string) (*admin.User, error) {
	hash := tokenHash(token)
	id, err := s.db.ResetUser(ctx, hash)
	if admin.ErrorCode(err) == admin.ENOTFOUND {
		return nil, invalid("token", "reset_link_invalid", "this link was used already or is more than an hour old")
	}
	if err != nil {
		return nil, err
	}
	u, err := s.db.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if e := auth.CheckStrength(password, u.Username, u.FullName, u.Email); e != nil {
		return nil, e
	}
	if _, err := s.db.ClaimReset(ctx, hash); err != nil {
		if admin.ErrorCode(err) == admin.ENOTFOUND {
			return nil, invalid("token", "reset_link_invalid", "this link was used already or is more than an hour old")
		}
		return nil, err
	}
	pw, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	ev := &admin.Event{Action: "user.password_reset_mail", ActorID: u.ID, Actor: u.Username, Addr: addr, Object: "user/" + text.Fold(u.Username)}
	if _, err := s.db.SetPassword(ctx, u.ID, pw, false, ev); err != nil {
		return nil, err
	}
	return u, nil
}
