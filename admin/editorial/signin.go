package editorial

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/pquerna/otp/totp"

	"portal/admin"
	"portal/admin/auth"
	"portal/admin/text"
)

// The sign-in rules: how a password and a two-factor code are checked,
// when sign-ins are throttled, and who must sign in with a second factor.
// Every failure is in the audit log, which is also what the throttle
// counts, so that it holds across restarts.

// SettingRequire2FA, when "1", makes approvers and administrators sign in
// with a two-factor code.
const SettingRequire2FA = "require_2fa"

// Sign-in throttling: after this many failures in the window, for one
// account or from one address, sign-ins are refused until the window has
// passed.
const (
	throttleWindow     = 15 * time.Minute
	maxFailuresAccount = 5
	maxFailuresAddr    = 20
)

// SignIn is the outcome of a password that was right.
type SignIn struct {
	User *admin.User
	// NeedsCode: the account has two-factor sign-in; its code comes next.
	NeedsCode bool
	// MustEnrol: the account's role must use two-factor sign-in and it
	// has none yet; it sets it up before anything else.
	MustEnrol bool
}

// dummyHash is checked when the user does not exist, so that the answer
// takes as long as for a wrong password and does not reveal user names.
// It is made at the first sign-in, not when the program starts.
var dummyHash = sync.OnceValue(func() string {
	h, _ := auth.HashPassword("not a real password, only for timing")
	return h
})

// signInObject is the audit object sign-ins of a typed user name are
// recorded and throttled under: the account's own name when there is an
// account of that name (however it was typed: spaces around it, another
// case, decomposed letters), else the name in the form the lookup uses.
func signInObject(typed string, u *admin.User) string {
	if u != nil {
		return "user/" + text.Fold(u.Username)
	}
	return "user/" + text.Fold(text.Line(typed))
}

// CheckPassword checks the login name and password typed at addr. A wrong
// one, an unknown name and a disabled account get the same refusal; a
// press account (which reads with its token) may not sign in.
func (s *Service) CheckPassword(ctx context.Context, username, password, addr string) (*SignIn, error) {
	u, err := s.db.UserByUsername(ctx, username)
	hash := ""
	switch {
	case err == nil:
		hash = u.PasswordHash
	case admin.ErrorCode(err) == admin.ENOTFOUND:
		u, hash = nil, dummyHash()
	default:
		return nil, err
	}
	object := signInObject(username, u)
	if err := s.throttle(ctx, object, addr); err != nil {
		return nil, err
	}
	if !auth.CheckPassword(password, hash) || u == nil || u.Disabled {
		ev := &admin.Event{Action: "signin.failed", Actor: text.Truncate(text.Line(username), 100), Addr: addr, Object: object}
		if u != nil {
			ev.ActorID = u.ID
			if u.Disabled {
				ev.Detail = "account disabled"
			}
		}
		if err := s.db.Record(ctx, ev); err != nil {
			return nil, err
		}
		return nil, admin.Refuse(admin.EUNAUTHORIZED, "signin_failed", "the user name or password is not correct")
	}
	if u.Role == admin.RolePress {
		if err := s.db.Record(ctx, &admin.Event{Action: "signin.failed", ActorID: u.ID, Actor: u.Username, Addr: addr, Object: object, Detail: "press account"}); err != nil {
			return nil, err
		}
		return nil, admin.Refuse(admin.EFORBIDDEN, "signin_press", "press accounts do not sign in to the admin; they read with their token")
	}
	secret, err := s.db.TOTPSecret(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if secret != "" {
		return &SignIn{User: u, NeedsCode: true}, nil
	}
	must, err := s.Needs2FA(ctx, u)
	if err != nil {
		return nil, err
	}
	return &SignIn{User: u, MustEnrol: must}, nil
}

// CheckCode checks the two-factor code typed at addr by the user whose
// password was right. A wrong code counts as a failed sign-in.
func (s *Service) CheckCode(ctx context.Context, userID int64, code, addr string) (*admin.User, error) {
	u, err := s.db.UserByID(ctx, userID)
	if err != nil || u.Disabled {
		if err != nil && admin.ErrorCode(err) != admin.ENOTFOUND {
			return nil, err
		}
		return nil, admin.Refuse(admin.EUNAUTHORIZED, "signin_failed", "the account cannot sign in")
	}
	object := signInObject("", u)
	if err := s.throttle(ctx, object, addr); err != nil {
		return nil, err
	}
	secret, err := s.db.TOTPSecret(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if secret == "" || !totp.Validate(strings.TrimSpace(code), secret) {
		// The throttle counts this record: without it, codes could be
		// tried without end.
		if err := s.db.Record(ctx, &admin.Event{Action: "signin.failed", ActorID: u.ID, Actor: u.Username, Addr: addr, Object: object, Detail: "wrong two-factor code"}); err != nil {
			return nil, err
		}
		return nil, admin.Refuse(admin.EUNAUTHORIZED, "code_wrong", "the code is not correct or has expired")
	}
	return u, nil
}

// SignedIn records that u signed in from addr.
func (s *Service) SignedIn(ctx context.Context, u *admin.User, addr, detail string) error {
	return s.db.Record(ctx, &admin.Event{Action: "signin", ActorID: u.ID, Actor: u.Username, Addr: addr, Object: "user/" + text.Fold(u.Username), Detail: detail})
}

// Needs2FA reports whether u must sign in with a second factor: approvers
// and administrators, when the setting asks for it.
func (s *Service) Needs2FA(ctx context.Context, u *admin.User) (bool, error) {
	if u.Role != admin.RoleAdmin && u.Role != admin.RoleApprover {
		return false, nil
	}
	v, err := s.db.Setting(ctx, SettingRequire2FA)
	return v == "1", err
}

// SetRequire2FA sets whether approvers and administrators must sign in
// with a second factor; only administrators may.
func (s *Service) SetRequire2FA(ctx context.Context, actor Actor, on bool) error {
	if !isAdmin(actor) {
		return forbidden("forbidden_role", "only administrators manage accounts")
	}
	v := "0"
	if on {
		v = "1"
	}
	return s.db.PutSetting(ctx, SettingRequire2FA, v, s.event(actor, "setting.change", "setting/"+SettingRequire2FA, v))
}

// EnrolTOTP gives the actor's account two-factor sign-in with secret,
// once the first code from the app is right.
func (s *Service) EnrolTOTP(ctx context.Context, actor Actor, secret, code string) error {
	if actor.User == nil || actor.User.ID == 0 {
		return forbidden("forbidden", "sign in first")
	}
	if secret == "" || !totp.Validate(strings.TrimSpace(code), secret) {
		return invalid("code", "code_wrong", "the code is not correct or has expired")
	}
	return s.db.SetTOTP(ctx, actor.User.ID, secret, s.event(actor, "user.2fa_enrol", "user/"+text.Fold(actor.User.Username), ""))
}

// throttle refuses a sign-in for object or from addr after too many
// failures in the window.
func (s *Service) throttle(ctx context.Context, object, addr string) error {
	since := s.now().Add(-throttleWindow)
	n, err := s.db.CountEvents(ctx, "signin.failed", object, "", since)
	if err != nil {
		return err
	}
	m, err := s.db.CountEvents(ctx, "signin.failed", "", addr, since)
	if err != nil {
		return err
	}
	if n >= maxFailuresAccount || m >= maxFailuresAddr {
		return admin.Refuse(admin.ETOOMANY, "throttled", "too many failed sign-ins: try again in %d minutes", int(throttleWindow.Minutes()))
	}
	return nil
}
