package editorial

import (
	"context"
	"fmt"

	"portal/admin"
	"portal/admin/text"
)

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

// AddPicture records in the media library a picture whose cleaned file the
// caller has stored, with what the uploader typed about it (texts per
// language, credit, licence). The same picture uploaded again is the item
// already there: what was typed then fills the details that item still
// lacks (never replacing one), so a description typed once is kept. It
// returns the library's item and whether it was already there.
func (s *Service) AddPicture(ctx context.Context, actor Actor, m *admin.Media) (*admin.Media, bool, error) {
	if !MayUpload(actor.User) {
		return nil, false, forbidden("forbidden_upload", "you may not add pictures to the library")
	}
	if err := checkLicence(m.Licence); err != nil {
		return nil, false, err
	}
	old, err := s.db.AddMedia(ctx, m, s.event(actor, "media.add", "", m.OriginalName))
	if err != nil || old == nil {
		return m, false, err
	}
	if !MayEditMedia(actor.User, old) || !fillBlanks(old, m) {
		return old, true, nil
	}
	err = s.db.UpdateMedia(ctx, old, s.event(actor, "media.save", fmt.Sprintf("media/%d", old.ID), ""))
	return old, true, err
}

// SaveMedia saves a picture's texts, credit and licence.
func (s *Service) SaveMedia(ctx context.Context, actor Actor, m *admin.Media) error {
	if !MayEditMedia(actor.User, m) {
		return forbidden("forbidden_media_edit", "you may not change this picture")
	}
	if err := checkLicence(m.Licence); err != nil {
		return err
	}
	return s.db.UpdateMedia(ctx, m, s.event(actor, "media.save", fmt.Sprintf("media/%d", m.ID), ""))
}

// checkLicence refuses a licence the province does not offer ("" is none
// chosen yet).
func checkLicence(key string) error {
	if key != "" && admin.LicenceByKey(key) == nil {
		return invalid("licence", "media_licence_unknown", "choose one of the licences offered")
	}
	return nil
}

// fillBlanks copies into m what typed gives and m lacks, and reports
// whether it copied anything.
func fillBlanks(m, typed *admin.Media) bool {
	changed := false
	fill := func(dst *string, src string) {
		if text.Blank(*dst) && !text.Blank(src) {
			*dst, changed = src, true
		}
	}
	fill(&m.Credit, typed.Credit)
	fill(&m.Licence, typed.Licence)
	if m.Texts == nil {
		m.Texts = map[string]admin.MediaText{}
	}
	for lang, t := range typed.Texts {
		have := m.Texts[lang]
		fill(&have.Alt, t.Alt)
		fill(&have.Caption, t.Caption)
		m.Texts[lang] = have
	}
	return changed
}
