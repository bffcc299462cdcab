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
	ID           int64
	Username     string
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
