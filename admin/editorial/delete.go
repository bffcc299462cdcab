package editorial

import (
	"context"
	"fmt"
	"strings"

	"portal/admin"
)

// The deletion rules. An article readers never saw may be deleted by its
// author while every version of it is a draft, and by editors and
// administrators at any time. An article that was ever published is
// deleted only by administrators, and its addresses keep a page saying it
// was withdrawn. Every deletion is in the audit log with what was deleted.

// EverPublished reports whether readers ever saw a version of a.
func EverPublished(a *admin.Article) bool {
	for _, t := range a.Translations {
		if t.LiveVersion > 0 || !t.PublishedAt.IsZero() || t.Status == admin.StatusPublished || t.Status == admin.StatusUnpublished {
			return true
		}
	}
	return false
}

// CheckDelete says whether u may delete a: nil, or the refusal.
func CheckDelete(u *admin.User, a *admin.Article) error {
	if u == nil {
		return forbidden("forbidden", "sign in first")
	}
	if EverPublished(a) {
		if u.Role != admin.RoleAdmin {
			return forbidden("delete_published", "an article readers have seen is deleted only by an administrator; unpublish it instead")
		}
		return nil
	}
	switch u.Role {
	case admin.RoleAdmin, admin.RoleEditor:
		return nil
	case admin.RoleContributor, admin.RoleApprover:
		if a.CreatedBy != u.ID || !mayEdit(u, a) {
			return forbidden("delete_not_yours", "you may delete only articles you created")
		}
		for _, t := range a.Translations {
			if t.Status != admin.StatusDraft {
				return forbidden("delete_not_draft", "this article is no longer a draft: ask an editor to delete it")
			}
		}
		return nil
	}
	return forbidden("forbidden_role", "your role does not delete articles")
}

// DeleteArticle deletes an article, as CheckDelete allows.
func (s *Service) DeleteArticle(ctx context.Context, actor Actor, id int64) error {
	a, err := s.article(ctx, actor, id)
	if err != nil {
		return err
	}
	if err := CheckDelete(actor.User, a); err != nil {
		return err
	}
	var what []string
	live := false
	for _, t := range a.Translations {
		what = append(what, fmt.Sprintf("%s %q (%s, version %d, address %s)", t.Lang, t.Title, t.Status, t.Version, t.Slug))
		live = live || t.LiveVersion > 0
	}
	detail := fmt.Sprintf("%s in %d: %s", a.Kind, a.AreaID, strings.Join(what, "; "))
	if EverPublished(a) {
		detail += "; its addresses now say it was withdrawn"
	}
	if err := s.db.DeleteArticle(ctx, a.ID, s.event(actor, "article.delete", fmt.Sprintf("article/%d", a.ID), detail)); err != nil {
		return err
	}
	if EverPublished(a) || live {
		s.published()
	}
	return nil
}

// CreateArticleWith creates an article together with the first version of
// its source language: nothing is left behind when that version is
// refused (a title too long, say), so a "new article" never stays as an
// empty row.
func (s *Service) CreateArticleWith(ctx context.Context, actor Actor, in NewArticle, first TranslationInput) (*admin.Article, error) {
	if strings.TrimSpace(first.Title) == "" {
		return nil, invalid("title", "title_required", "enter a title")
	}
	a, err := s.CreateArticle(ctx, actor, in)
	if err != nil {
		return nil, err
	}
	first.Version = 0
	if _, err := s.SaveTranslation(ctx, actor, a.ID, a.SourceLang, first); err != nil {
		ev := s.event(actor, "article.create_undone", fmt.Sprintf("article/%d", a.ID), "its first version was refused: "+admin.ErrorMessage(err))
		if derr := s.db.DeleteArticle(ctx, a.ID, ev); derr != nil {
			return nil, derr
		}
		return nil, err
	}
	return s.db.Article(ctx, a.ID)
}
