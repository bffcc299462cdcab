// Package editorial holds the rules of the newsroom: who may write, edit,
// submit, review, approve, publish and unpublish each language version of
// an article, and in which order. The HTML admin and the JSON API both act
// through this package, so the rules exist once. Every change it makes is
// recorded in the audit log in the same transaction as the change.
//
// The workflow of one language version:
//
//	draft -> in_review -> approved (scheduled or not) -> published -> unpublished
//	            \-> changes_requested (with a comment) -> in_review ...
//
// The approver of a version is never its author nor its last editor (four
// eyes). Editing a published version makes a new draft; readers keep seeing
// the approved version until the new one is approved and published.
//
// Beside the article rules are the account rules (accounts.go: who creates,
// changes, disables and resets accounts; a contributor needs a unit; the
// password policy), the sign-in rules (signin.go: throttling, two-factor),
// the mail rules (mail.go: SMTP settings, password resets by e-mail) and
// the notification rules (notify.go: who is told what, and how each user
// chose to be told; the Notifier turns the audit log into notifications
// and outbox mail), the media rules (media.go: who adds and describes
// pictures; what an upload of a picture already in the library fills in)
// and the site settings rules (settings.go: administrators only; each change
// recorded field by field, old and new value, secrets masked).
package editorial

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"portal/admin"
	"portal/admin/store"
	"portal/admin/text"
)

// Service applies the editorial rules.
type Service struct {
	db    *store.DB
	langs []string
	now   func() time.Time
	// published is called after a change that alters what readers see, to
	// request a rebuild of the site.
	published func()
	// mailed is called when a mail was put in the outbox (see OnMail).
	mailed func()
}

// New returns a service for a site with the given languages (default
// first). published is called whenever readers' content changes.
func New(db *store.DB, langs []string, published func()) *Service {
	if published == nil {
		published = func() {}
	}
	return &Service{db: db, langs: langs, now: time.Now, published: published}
}

// OnMail sets what is called when a mail was put in the outbox: the
// outbox's Wake, so that it is sent at once.
func (s *Service) OnMail(f func()) { s.mailed = f }

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Actor is who acts, and from where.
type Actor struct {
	User *admin.User
	Addr string
}

// System is the actor of scheduled changes.
var System = Actor{User: &admin.User{Username: "system"}}

func (s *Service) event(a Actor, action, object, detail string) *admin.Event {
	e := &admin.Event{Action: action, Object: object, Detail: detail, Addr: a.Addr}
	if a.User != nil {
		e.ActorID, e.Actor = a.User.ID, a.User.Username
	}
	return e
}

func object(articleID int64, lang string) string {
	if lang == "" {
		return fmt.Sprintf("article/%d", articleID)
	}
	return fmt.Sprintf("article/%d/%s", articleID, lang)
}

// Errors the rules give. Their keys name messages in the admin's catalogue.
func forbidden(key, msg string, args ...any) error {
	return admin.Refuse(admin.EFORBIDDEN, key, msg, args...)
}

func conflict(key, msg string, args ...any) error {
	return admin.Refuse(admin.ECONFLICT, key, msg, args...)
}

func invalid(field, key, msg string, args ...any) error {
	e := admin.Refuse(admin.EINVALID, key, msg, args...)
	e.Field = field
	return e
}

func (s *Service) siteLang(lang string) error {
	if !slices.Contains(s.langs, lang) {
		return invalid("lang", "unknown_language", "the site has no language %q", lang)
	}
	return nil
}

// writer reports whether u's role writes content.
func writer(u *admin.User) bool {
	switch u.Role {
	case admin.RoleContributor, admin.RoleEditor, admin.RoleApprover:
		return true
	}
	return false
}

// mayEdit reports whether u may change article a: contributors only their
// own unit's articles; editors and approvers any.
func mayEdit(u *admin.User, a *admin.Article) bool {
	switch u.Role {
	case admin.RoleEditor, admin.RoleApprover:
		return true
	case admin.RoleContributor:
		return u.UnitID != 0 && u.UnitID == a.UnitID
	}
	return false
}

// MayView reports whether u may read article a in the admin: contributors
// see their unit's articles; the other roles see all.
func MayView(u *admin.User, a *admin.Article) bool {
	if u.Role == admin.RoleContributor {
		return u.UnitID != 0 && u.UnitID == a.UnitID
	}
	return u.Role.Valid()
}

// UnitScope is the unit whose articles u may list: 0 for every unit (all
// roles but contributors), the contributor's own unit, or -1 (no article)
// for a contributor who belongs to no unit. It is MayView for lists.
func UnitScope(u *admin.User) int64 {
	if u.Role != admin.RoleContributor {
		return 0
	}
	if u.UnitID == 0 {
		return -1
	}
	return u.UnitID
}

// article loads an article that actor may view.
func (s *Service) article(ctx context.Context, actor Actor, id int64) (*admin.Article, error) {
	a, err := s.db.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	if !MayView(actor.User, a) {
		// Contributors of other units are not told the article exists.
		return nil, admin.Refuse(admin.ENOTFOUND, "not_found", "no such article")
	}
	return a, nil
}

// Article returns an article actor may view.
func (s *Service) Article(ctx context.Context, actor Actor, id int64) (*admin.Article, error) {
	return s.article(ctx, actor, id)
}

// NewArticle is what creating an article takes.
type NewArticle struct {
	AreaKey       string
	Kind          admin.Kind
	Policy        admin.Policy // default by kind
	UnitID        int64        // contributors: their own unit, whatever is given
	SourceLang    string       // default: the site's default language
	InternalNotes string
}

// CreateArticle creates an article (without text yet: each language
// version is added by SaveTranslation).
func (s *Service) CreateArticle(ctx context.Context, actor Actor, in NewArticle) (*admin.Article, error) {
	u := actor.User
	if !writer(u) {
		return nil, forbidden("forbidden_role", "your role does not write articles")
	}
	if u.Role == admin.RoleContributor {
		if u.UnitID == 0 {
			return nil, forbidden("no_unit", "your account belongs to no unit; ask an administrator")
		}
		if in.UnitID != 0 && in.UnitID != u.UnitID {
			return nil, forbidden("other_unit", "you can write only for your own unit")
		}
		in.UnitID = u.UnitID
	}
	if !in.Kind.Valid() {
		return nil, invalid("kind", "unknown_kind", "unknown kind %q", in.Kind)
	}
	if in.Policy == "" {
		in.Policy = admin.DefaultPolicy(in.Kind)
	}
	if in.Policy != admin.PolicyIndependent && in.Policy != admin.PolicyTogether {
		return nil, invalid("policy", "unknown_policy", "unknown language policy %q", in.Policy)
	}
	if in.SourceLang == "" {
		in.SourceLang = s.langs[0]
	}
	if err := s.siteLang(in.SourceLang); err != nil {
		return nil, err
	}
	area, err := s.db.AreaByKey(ctx, in.AreaKey)
	if err != nil {
		if admin.ErrorCode(err) == admin.ENOTFOUND {
			return nil, invalid("area", "unknown_area", "unknown area %q", in.AreaKey)
		}
		return nil, err
	}
	a := &admin.Article{AreaID: area.ID, Kind: in.Kind, Policy: in.Policy, UnitID: in.UnitID,
		SourceLang: in.SourceLang, InternalNotes: in.InternalNotes, CreatedBy: u.ID}
	if err := s.db.CreateArticle(ctx, a, s.event(actor, "article.create", "", string(in.Kind)+" in "+in.AreaKey)); err != nil {
		return nil, err
	}
	return a, nil
}

// TranslationInput is one save of a language version.
type TranslationInput struct {
	Title, Slug, Summary, Body string
	Tags                       []string
	// Version is the version the edit started from: 0 to create the
	// language version. A save on any other version than the current one
	// is refused; nothing is overwritten.
	Version int
	// Minor marks a change (a typo fix) that does not make the other
	// languages' translations outdated.
	Minor bool
	// Facts replace the version's structured facts; nil keeps them (a new
	// translation starts with the source's figures).
	Facts admin.Facts
	// ChangeNote tells readers what this version corrects or updates.
	ChangeNote string
}

// SaveTranslation creates or updates the lang version of an article.
func (s *Service) SaveTranslation(ctx context.Context, actor Actor, articleID int64, lang string, in TranslationInput) (*admin.Translation, error) {
	return s.save(ctx, actor, articleID, lang, in, "translation.save", "")
}

// save is SaveTranslation recorded as action, with note added to the
// record.
func (s *Service) save(ctx context.Context, actor Actor, articleID int64, lang string, in TranslationInput, action, note string) (*admin.Translation, error) {
	if err := s.siteLang(lang); err != nil {
		return nil, err
	}
	a, err := s.article(ctx, actor, articleID)
	if err != nil {
		return nil, err
	}
	if !writer(actor.User) || !mayEdit(actor.User, a) {
		return nil, forbidden("forbidden_edit", "you may not edit this article")
	}
	sourceVersion := 0
	if src := a.Translation(a.SourceLang); src != nil && lang != a.SourceLang {
		sourceVersion = src.SignificantVersion
	}
	t := a.Translation(lang)
	facts, err := s.facts(a, t, lang, in.Facts)
	if err != nil {
		return nil, err
	}
	if t == nil {
		if in.Version != 0 {
			return nil, conflict("stale_version", "this language version was deleted or never existed; start again from the current text")
		}
		t = &admin.Translation{ArticleID: a.ID, Lang: lang, Title: in.Title, Slug: in.Slug, Summary: in.Summary,
			Body: in.Body, Tags: in.Tags, Facts: facts, Status: admin.StatusDraft, AuthorID: actor.User.ID, SourceVersion: sourceVersion}
		if err := s.db.AddTranslation(ctx, t, s.event(actor, "translation.create", object(a.ID, lang), "version 1")); err != nil {
			return nil, err
		}
		return t, nil
	}
	if actor.User.Role == admin.RoleContributor && t.Status == admin.StatusInReview {
		return nil, conflict("in_review", "this version is being reviewed; wait for the reviewer's decision")
	}
	next := admin.StatusDraft
	if t.Status == admin.StatusInReview || t.Status == admin.StatusChangesRequested {
		next = t.Status
	}
	if in.Version != t.Version {
		return nil, conflict("stale_version", "this text was changed by someone else while you edited it (now version %d, you started from version %d); your text is kept below", t.Version, in.Version)
	}
	// Saving what is already there makes no new version, whatever the
	// version's state (an approval or the live text is not lost to a save
	// that changed nothing): the officer is told nothing changed.
	if unchanged(t, in, facts) && (lang == a.SourceLang || sourceVersion == t.SourceVersion) {
		return t, nil
	}
	comment := ""
	if next == admin.StatusChangesRequested {
		comment = t.ReviewComment
	}
	saved := &admin.Translation{ID: t.ID, ArticleID: a.ID, Lang: lang, Title: in.Title, Slug: in.Slug, Summary: in.Summary,
		Body: in.Body, Tags: in.Tags, Facts: facts, ChangeNote: in.ChangeNote, Status: next, Version: in.Version, LastEditorID: actor.User.ID,
		SourceVersion: sourceVersion, ReviewComment: comment}
	if lang == a.SourceLang {
		saved.SourceVersion = 0
	}
	detail := fmt.Sprintf("version %d", in.Version+1)
	if in.Minor {
		detail += " (minor)"
	}
	if note != "" {
		detail += ": " + note
	}
	// The store reads the version back in the transaction that made it:
	// what the save answers is this save's version, even when another
	// editor saves right after.
	if err := s.db.SaveTranslation(ctx, saved, in.Minor, s.event(actor, action, object(a.ID, lang), detail)); err != nil {
		return nil, err
	}
	return saved, nil
}

// facts returns the facts a save of version t (nil when new) of a stores:
// in cleaned, or t's when in is nil, or, for a new translation, the
// source's facts that are the same in every language.
func (s *Service) facts(a *admin.Article, t *admin.Translation, lang string, in admin.Facts) (admin.Facts, error) {
	if in == nil {
		if t != nil {
			return t.Facts, nil
		}
		src := a.Translation(a.SourceLang)
		if src == nil {
			return nil, nil
		}
		shared := admin.Facts{}
		for _, f := range admin.FactSchemas[a.Kind] {
			if v := src.Facts[f.Key]; v != "" && !f.Translated {
				shared[f.Key] = v
			}
		}
		return shared, nil
	}
	return admin.CleanFactsIn(a.Kind, lang, in)
}

// translation reads the lang version of an article again, after a change
// the caller was allowed to make.
func (s *Service) translation(ctx context.Context, articleID int64, lang string) (*admin.Translation, error) {
	a, err := s.db.Article(ctx, articleID)
	if err != nil {
		return nil, err
	}
	return versionOf(a, lang)
}

// version loads an article actor may view and its lang version, which must
// exist.
func (s *Service) version(ctx context.Context, actor Actor, articleID int64, lang string) (*admin.Article, *admin.Translation, error) {
	a, err := s.article(ctx, actor, articleID)
	if err != nil {
		return nil, nil, err
	}
	t, err := versionOf(a, lang)
	return a, t, err
}

func versionOf(a *admin.Article, lang string) (*admin.Translation, error) {
	if t := a.Translation(lang); t != nil {
		return t, nil
	}
	return nil, admin.Refuse(admin.ENOTFOUND, "no_translation", "this article has no %s version", lang)
}

// unchanged reports whether saving in (with its cleaned facts) over t
// would store the same text: title, address, summary, body, tags and facts.
func unchanged(t *admin.Translation, in TranslationInput, facts admin.Facts) bool {
	same := func(a, b string) bool { return text.Clean(a) == text.Clean(b) }
	if text.Line(t.Title) != text.Line(in.Title) || !same(t.Summary, in.Summary) || !same(t.Body, in.Body) {
		return false
	}
	if slug := strings.TrimSpace(in.Slug); slug != "" && slug != t.Slug {
		return false
	}
	if len(in.Tags) != len(t.Tags) || len(facts) != len(t.Facts) {
		return false
	}
	for i := range in.Tags {
		if !same(in.Tags[i], t.Tags[i]) {
			return false
		}
	}
	for k, v := range facts {
		if t.Facts[k] != v {
			return false
		}
	}
	return true
}
