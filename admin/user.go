package admin

import "time"

// Role says what a user may do.
type Role string

// Roles.
const (
	RoleContributor Role = "contributor"
	RoleEditor      Role = "editor"
	RoleApprover    Role = "approver"
	RoleAdmin       Role = "admin"
	// RoleInspector reads everything, the audit log included, and changes
	// nothing.
	RoleInspector Role = "inspector"
	// RolePress is a press agency's account: it reads, through its API
	// token, the press releases approved for a later publication (under
	// embargo), and nothing else. It cannot sign in to the admin.
	RolePress Role = "press"
)

// Roles lists every role.
var Roles = []Role{RoleContributor, RoleEditor, RoleApprover, RoleAdmin, RoleInspector, RolePress}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// User is a person who signs in to the admin.
type User struct {
	ID       int64
	Username string // the login
	// FullName is how the user is shown everywhere ("Nguyễn Văn An").
	FullName string
	// Email is where notifications and password resets go; unique.
	Email        string
	Phone        string
	Position     string // "Chuyên viên Phòng Thông tin đối ngoại"
	Role         Role
	UnitID       int64 // 0 for none
	PasswordHash string
	Disabled     bool
	CreatedAt    time.Time
	// Languages an approver may approve; empty for every language.
	Languages []string
	// UILang is the language of the admin's interface the user chose;
	// empty for the default (Vietnamese).
	UILang string
	// MustChangePassword is set when an administrator generated the
	// password: the user sets their own before doing anything else.
	MustChangePassword bool
	// SessionEpoch moves on when the password changes or the account is
	// disabled; sessions signed in under an earlier one are ended.
	SessionEpoch int64
	// TwoFA: the account signs in with a two-factor code.
	TwoFA bool
}

// Name is how u is shown: the full name, or the login when there is none.
func (u *User) Name() string {
	if u == nil {
		return ""
	}
	if u.FullName != "" {
		return u.FullName
	}
	return u.Username
}

// MayApprove reports whether u may approve versions in lang.
func (u *User) MayApprove(lang string) bool {
	if u.Role != RoleApprover {
		return false
	}
	if len(u.Languages) == 0 {
		return true
	}
	for _, l := range u.Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Build is the record of one site build.
type Build struct {
	ID         int64
	StartedAt  time.Time
	FinishedAt time.Time
	OK         bool
	Pages      int
	Error      string
}
