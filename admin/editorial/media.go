package editorial

import "portal/admin"

// MayUpload reports whether u may add pictures to the media library: the
// people who write articles.
func MayUpload(u *admin.User) bool { return writer(u) }

// MayEditMedia reports whether u may change a picture's texts, credit and
// licence: editors and approvers any picture, contributors those of their
// own unit (or of no unit).
func MayEditMedia(u *admin.User, m *admin.Media) bool {
	if !writer(u) {
		return false
	}
	return u.Role != admin.RoleContributor || m.UnitID == 0 || m.UnitID == u.UnitID
}

// MayDeleteMedia reports whether u may remove pictures from the library
// (only pictures no article shows; the store checks that).
func MayDeleteMedia(u *admin.User) bool {
	return u.Role == admin.RoleEditor || u.Role == admin.RoleApprover || u.Role == admin.RoleAdmin
}
