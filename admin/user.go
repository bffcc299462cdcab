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
)

// Roles lists every role.
var Roles = []Role{RoleContributor, RoleEditor, RoleApprover, RoleAdmin}

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
