package editorial

import "portal/admin"

// MayNominate reports whether u may nominate articles for the national
// external-information press award: those who approve, and administrators.
func MayNominate(u *admin.User) bool {
	return u.Role == admin.RoleApprover || u.Role == admin.RoleAdmin
}
