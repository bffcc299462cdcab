package admin

import (
	"fmt"
	"time"
	"unicode/utf8"
)

// Kind is what sort of content an article is.
type Kind string

// Article kinds.
const (
	KindNews           Kind = "news"
	KindPressRelease   Kind = "press_release"
	KindClarification  Kind = "clarification"
	KindEvent          Kind = "event"
	KindInvestProject  Kind = "investment_project"
	KindIndustrialPark Kind = "industrial_park"
	KindProduct        Kind = "product"
	KindPage           Kind = "page"
	KindIncentive      Kind = "incentive" // an investment incentive and who gets it
	KindProcedure      Kind = "procedure" // an administrative procedure for investors
)

// Kinds lists every article kind in display order.
var Kinds = []Kind{KindNews, KindPressRelease, KindClarification, KindEvent,
	KindInvestProject, KindIndustrialPark, KindIncentive, KindProcedure, KindProduct, KindPage}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, v := range Kinds {
		if k == v {
			return true
		}
	}
	return false
}

// Status is the workflow state of one language version of an article.
type Status string

// Workflow states of a translation.
const (
	StatusDraft            Status = "draft"
	StatusInReview         Status = "in_review"
	StatusChangesRequested Status = "changes_requested"
	StatusApproved         Status = "approved"
	StatusPublished        Status = "published"
	StatusUnpublished      Status = "unpublished"
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusInReview, StatusChangesRequested, StatusApproved,
		StatusPublished, StatusUnpublished:
		return true
	}
	return false
}

// Article is the language-independent story: where it belongs, what kind it
// is and who owns it. Its text lives in one Translation per language.
type Article struct {
	ID     int64
	AreaID int64
	Kind   Kind
	UnitID int64 // 0 when no unit owns it
	// SourceKey identifies an article loaded from outside (the demo content,
	// an import) so that loading it again finds it instead of adding a copy.
	SourceKey string
	// InternalNotes are for the editorial team only; they are never exported
	// and never in any API.
	InternalNotes string
	// SourceLang is the language the article is written in first.
	SourceLang string
	Policy     Policy
	// Licence is the key of the licence of the article's text when it is
	// not the site's ("" for the site's).
	Licence   string
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time

	Translations []*Translation
}

// Translation returns the version of a in lang, or nil.
func (a *Article) Translation(lang string) *Translation {
	for _, t := range a.Translations {
		if t.Lang == lang {
			return t
		}
	}
	return nil
}

// ReservedSlugs are addresses no article may take: the site uses them for
// its own pages inside each area (the month archive, the lists of parks,
// projects and events).
var ReservedSlugs = []string{"archive", "khu-cong-nghiep", "industrial-parks", "du-an", "projects", "su-kien", "events",
	"uu-dai", "incentives", "thu-tuc", "procedures"}

// Translation is one language version of an article, with its own workflow.
type Translation struct {
	ID        int64
	ArticleID int64
	Lang      string
	Title     string
	// Slug is the last segment of the page's URL. It is unique per language
	// and never changes once the translation has been published.
	Slug    string
	Summary string
	Body    string // Markdown
	Tags    []string
	// Facts are the structured data of its kind (see FactSchemas).
	Facts Facts
	// ChangeNote, on a save, tells readers what this version corrects or
	// updates; it is shown on the page once the version is live.
	ChangeNote string
	// Changes are the notes of the versions up to the live one, oldest
	// first (set for published translations).
	Changes []ChangeNote
	Status  Status
	Version int
	// PublishedAt is when the translation was first published; it is the
	// date readers see. Zero until then.
	PublishedAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time

	AuthorID     int64 // who created this language version
	LastEditorID int64 // who saved the current version
	ApprovedBy   int64 // who approved the current version; 0 when not approved
	// LiveVersion is the version published for readers, 0 when none. An
	// edit after publication makes a new version that stays off the site
	// until it is approved and published in turn. Readers see it once a
	// build of the site has it: see SiteVersion.
	LiveVersion int
	// SiteVersion is the version the served site shows, 0 when none; it
	// trails LiveVersion while a build runs. SiteError says why the last
	// build did not bring LiveVersion to the site ("" when it did, or has
	// not tried yet). See Site.
	SiteVersion int
	SiteError   string
	PublishAt   time.Time // scheduled publication (embargo), zero for none
	UnpublishAt time.Time // scheduled removal, zero for none
	// SignificantVersion is the latest version whose change matters to
	// translators; minor edits (typo fixes) do not move it.
	SignificantVersion int
	// SourceVersion is, for a translation, the significant version of the
	// source-language version it was translated from.
	SourceVersion int
	ReviewComment string // the reviewer's words when changes were requested
}

// SiteState says how far a language version's publication has reached
// readers.
type SiteState string

// Site states of a translation.
const (
	SiteNone     SiteState = ""         // never published, or taken down and gone
	SiteWaiting  SiteState = "waiting"  // published; the build that shows it has not finished yet
	SiteOnSite   SiteState = "on_site"  // readers see the live version
	SiteFailed   SiteState = "failed"   // published, but the last build could not show it (SiteError says why)
	SiteRemoving SiteState = "removing" // taken down; the build that removes it has not finished yet
)

// Site returns how far t's publication has reached readers.
func (t *Translation) Site() SiteState {
	switch {
	case t.LiveVersion == 0 && t.SiteVersion == 0:
		return SiteNone
	case t.LiveVersion == 0:
		return SiteRemoving
	case t.SiteVersion == t.LiveVersion:
		return SiteOnSite
	case t.SiteError != "":
		return SiteFailed
	}
	return SiteWaiting
}

// Policy says how the language versions of an article go out.
type Policy string

// Language policies.
const (
	// PolicyIndependent: each language version goes out when approved.
	PolicyIndependent Policy = "independent"
	// PolicyTogether: every language version goes out at the same moment,
	// only when all are approved (press releases, clarifications).
	PolicyTogether Policy = "together"
)

// DefaultPolicy is the language policy an article of kind k starts with.
func DefaultPolicy(k Kind) Policy {
	if k == KindPressRelease || k == KindClarification {
		return PolicyTogether
	}
	return PolicyIndependent
}

// Revision is an immutable snapshot of one save of a translation.
type Revision struct {
	ID            int64
	TranslationID int64
	Version       int
	Title         string
	Slug          string
	Summary       string
	Body          string
	Tags          []string
	Facts         Facts
	EditorID      int64
	Minor         bool
	SourceVersion int
	CreatedAt     time.Time
}

// Event is one entry of the audit log: who did what, when, from where.
type Event struct {
	ID      int64
	At      time.Time
	ActorID int64
	Actor   string // user name at the time
	Addr    string // network address
	Action  string // e.g. "signin", "signin.failed", "translation.save", "translation.approve"
	Object  string // e.g. "article/12/vi"
	Detail  string
	Hash    string
}

// Area is a content area of the site (Decision 755/QĐ-UBND): investment,
// culture and people, tourism, and so on. Areas are data.
type Area struct {
	ID     int64
	Key    string
	Weight int
	Names  map[string]AreaName // by language
}

// AreaName is an area's name, URL segment and description in one language.
type AreaName struct {
	Name        string
	Slug        string
	Description string
}

// Unit is a department, agency or district that owns articles and users.
type Unit struct {
	ID    int64
	Key   string
	Kind  string
	Names map[string]string // by language
}

// ChangeNote is what a published version changed, for readers.
type ChangeNote struct {
	At   time.Time
	Note string
}

// Published is one published translation with what the site needs to show
// it: its article's area, kind and unit, and the links to other languages.
type Published struct {
	ArticleID   int64
	Licence     string // the article's own licence key, "" for the site's
	Kind        Kind
	AreaKey     string
	Area        AreaName // in the translation's language
	UnitName    string   // in the translation's language
	Translation Translation
}

// Limits on what one language version holds, in characters. They are far
// above what an article needs (the body limit is some two hundred printed
// pages) and keep one save from filling the server.
const (
	MaxTitle   = 300
	MaxSummary = 1_000
	MaxBody    = 500_000
	MaxTags    = 30
	MaxTag     = 80
	MaxFact    = 2_000
	MaxNote    = 5_000 // change notes, review comments, internal notes
)

// TooLong refuses a text of field longer than max characters, with the
// message key field+"_too_long" and arguments max and the text's length;
// nil when s is short enough.
func TooLong(field, s string, max int) *Error {
	if n := utf8.RuneCountInString(s); n > max {
		return &Error{Code: EINVALID, Field: field, Key: field + "_too_long", Args: []any{max, n},
			Message: fmt.Sprintf("%s is at most %d characters long (this one has %d)", field, max, n)}
	}
	return nil
}
