package editorial

import (
	"context"
	"fmt"
	"strings"
	"time"

	"portal/admin"
	"portal/admin/markdown"
	"portal/admin/store"
)

// Actions on a language version.
const (
	ActionSubmit         = "submit"
	ActionRequestChanges = "request-changes"
	ActionApprove        = "approve"
	ActionPublish        = "publish"
	ActionUnpublish      = "unpublish"
)

// Actions lists every workflow action.
var Actions = []string{ActionSubmit, ActionRequestChanges, ActionApprove, ActionPublish, ActionUnpublish}

// TransitionInput is what a workflow action may carry.
type TransitionInput struct {
	Comment string
	// PublishAt, with approve or publish, schedules the publication; while
	// it is in the future the version stays approved and off the site
	// (an embargo). UnpublishAt schedules its removal.
	PublishAt   time.Time
	UnpublishAt time.Time
	// Version, when not 0, is the version the actor looked at: the action
	// is refused if the text has changed since.
	Version int
}

// Transition applies a workflow action to the lang version of an article.
func (s *Service) Transition(ctx context.Context, actor Actor, articleID int64, lang, action string, in TransitionInput) (*admin.Translation, error) {
	if err := s.siteLang(lang); err != nil {
		return nil, err
	}
	a, t, err := s.version(ctx, actor, articleID, lang)
	if err != nil {
		return nil, err
	}
	if in.Version != 0 && in.Version != t.Version {
		return nil, conflict("stale_version", "this text was changed by someone else while you edited it (now version %d, you started from version %d); your text is kept below", t.Version, in.Version)
	}
	if err := Check(actor.User, a, t, action); err != nil {
		return nil, err
	}
	var changes []store.Change
	switch action {
	case ActionSubmit:
		changes = []store.Change{s.change(actor, a, t, action, admin.StatusInReview, "")}

	case ActionRequestChanges:
		comment := strings.TrimSpace(in.Comment)
		if comment == "" {
			return nil, invalid("comment", "comment_required", "say what needs to change")
		}
		c := s.change(actor, a, t, action, admin.StatusChangesRequested, comment)
		c.Comment = comment
		changes = []store.Change{c}

	case ActionApprove:
		if err := s.complete(ctx, a, t); err != nil {
			return nil, err
		}
		c := s.change(actor, a, t, action, admin.StatusApproved, in.Comment)
		c.ApprovedBy = actor.User.ID
		c.PublishAt, c.UnpublishAt = in.PublishAt, in.UnpublishAt
		changes = []store.Change{c}

	case ActionPublish:
		// The pictures' texts live in the library and may have changed
		// since the approval.
		if err := s.complete(ctx, a, t); err != nil {
			return nil, err
		}
		if !in.PublishAt.IsZero() && in.PublishAt.After(s.now()) {
			c := s.change(actor, a, t, "schedule", admin.StatusApproved, in.PublishAt.UTC().Format(time.RFC3339))
			c.PublishAt, c.UnpublishAt = in.PublishAt, in.UnpublishAt
			changes = []store.Change{c}
			break
		}
		if changes, err = s.goLive(actor, a, t, in.UnpublishAt); err != nil {
			return nil, err
		}

	case ActionUnpublish:
		// Taking a page away from readers is said and explained.
		reason := strings.TrimSpace(in.Comment)
		if reason == "" {
			return nil, invalid("comment", "reason_required", "say why the version is taken off the site")
		}
		c := s.takeDown(actor, a, t)
		c.Event.Detail += ": " + reason
		changes = []store.Change{c}
	}
	done, err := s.db.ApplyChanges(ctx, changes)
	if err != nil {
		return nil, err
	}
	for _, c := range changes {
		if c.GoLive || c.TakeDown {
			s.published()
			break
		}
	}
	// The version as this change left it, not as it is now.
	for _, d := range done {
		if d.ID == t.ID {
			return d, nil
		}
	}
	return nil, fmt.Errorf("editorial: %s of article %d (%s) changed other versions only", action, a.ID, lang)
}

// Check tells whether u may apply action to the version t of article a in
// its current state: nil when allowed, else the refusal. It is what the
// admin uses to offer only the actions a user can take; Transition checks
// it again, with what the action carries (comments, completeness).
func Check(u *admin.User, a *admin.Article, t *admin.Translation, action string) error {
	lang := t.Lang
	switch action {
	case ActionSubmit:
		if !writer(u) || !mayEdit(u, a) {
			return forbidden("forbidden_submit", "you may not submit this article")
		}
		if t.Status != admin.StatusDraft && t.Status != admin.StatusChangesRequested {
			return invalidTransition(action, t.Status)
		}
	case ActionRequestChanges:
		if u.Role != admin.RoleEditor && !u.MayApprove(lang) {
			return forbidden("forbidden_review", "only editors and approvers of this language review it")
		}
		if t.Status != admin.StatusInReview {
			return invalidTransition(action, t.Status)
		}
	case ActionApprove:
		if !u.MayApprove(lang) {
			return forbidden("forbidden_approve", "you may not approve versions in this language")
		}
		if t.Status != admin.StatusInReview {
			return invalidTransition(action, t.Status)
		}
		if u.ID == t.AuthorID || u.ID == t.LastEditorID {
			return forbidden("four_eyes", "a version is approved by someone who did not write or last edit it")
		}
	case ActionPublish:
		if !u.MayApprove(lang) {
			return forbidden("forbidden_publish", "you may not publish versions in this language")
		}
		if t.Status != admin.StatusApproved {
			return invalidTransition(action, t.Status)
		}
	case ActionUnpublish:
		if !u.MayApprove(lang) {
			return forbidden("forbidden_publish", "you may not unpublish versions in this language")
		}
		if t.LiveVersion == 0 {
			return invalidTransition(action, t.Status)
		}
	default:
		return invalid("action", "unknown_action", "unknown action %q", action)
	}
	return nil
}

// MayEdit reports whether u may save the article's versions.
func MayEdit(u *admin.User, a *admin.Article) bool { return writer(u) && mayEdit(u, a) }

func invalidTransition(action string, from admin.Status) error {
	return conflict("invalid_transition", "%s is not possible for a version that is %s", action, from)
}

// Completeness lists, in plain words, what the version t of article a
// still lacks before it may be approved: a title, a summary, a text; links
// whose address the site cannot use (see markdown.CheckLink); for
// every picture it shows, that it comes from the media library and has an
// alternative text and a caption in t's language, a credit and a licence;
// and, when the article goes out in every language at once, the other
// language versions. No problems means it may be approved.
func (s *Service) Completeness(ctx context.Context, a *admin.Article, t *admin.Translation) ([]*admin.Error, error) {
	var probs []*admin.Error
	add := func(field, key, msg string, args ...any) {
		e := admin.Refuse(admin.EINVALID, key, msg, args...)
		e.Field = field
		probs = append(probs, e)
	}
	if strings.TrimSpace(t.Title) == "" {
		add("title", "incomplete_title", "the title is missing")
	}
	if strings.TrimSpace(t.Summary) == "" {
		add("summary", "incomplete_summary", "the summary is missing")
	}
	if strings.TrimSpace(t.Body) == "" {
		add("body", "incomplete_body", "the text is missing")
	}
	for _, l := range markdown.Links(t.Body) {
		if reason := markdown.CheckLink(l.Dest); reason != "" {
			add("body", "incomplete_link_"+reason, "the link %q has an address that cannot be used (%s): %s", l.Text, l.Dest, reason)
		}
	}
	for _, key := range admin.MissingFacts(a.Kind, t.Facts) {
		add("fact_"+key, "incomplete_fact", "the fact %q is missing", admin.FactLabel(key))
	}
	if dests := markdown.Images(t.Body); len(dests) > 0 {
		library, err := s.db.AllMedia(ctx)
		if err != nil {
			return nil, err
		}
		for i, dest := range dests {
			id, name, ok := admin.ParseMediaPath(dest)
			m := library[id]
			if !ok || m == nil || m.FileName != name {
				add("body", "incomplete_picture_outside", "picture %d is not from the media library (%s)", i+1, dest)
				continue
			}
			// The field names the picture, for the admin to link to where
			// its details are completed.
			at := fmt.Sprintf("picture/%d", m.ID)
			for _, miss := range m.Missing(t.Lang) {
				switch miss {
				case "alt":
					add(at, "incomplete_picture_alt", "picture %d (%s) has no alternative text in %s", i+1, m.FileName, admin.Language(t.Lang))
				case "caption":
					add(at, "incomplete_picture_caption", "picture %d (%s) has no caption in %s", i+1, m.FileName, admin.Language(t.Lang))
				case "credit":
					add(at, "incomplete_picture_credit", "picture %d (%s) has no credit", i+1, m.FileName)
				case "licence":
					add(at, "incomplete_picture_licence", "picture %d (%s) has no licence", i+1, m.FileName)
				}
			}
		}
	}
	if a.Policy == admin.PolicyTogether {
		for _, lang := range s.langs {
			if a.Translation(lang) == nil {
				add("", "together_missing", "this article goes out in every language at once, and its %s version does not exist yet", admin.Language(lang))
			}
		}
	}
	return probs, nil
}

// complete refuses with the first thing t lacks before approval.
func (s *Service) complete(ctx context.Context, a *admin.Article, t *admin.Translation) error {
	probs, err := s.Completeness(ctx, a, t)
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		return probs[0]
	}
	return nil
}

// change is a change of t from its current state and version to `to`.
func (s *Service) change(actor Actor, a *admin.Article, t *admin.Translation, action string, to admin.Status, detail string) store.Change {
	d := fmt.Sprintf("version %d", t.Version)
	if detail != "" {
		d += ": " + detail
	}
	return store.Change{
		TranslationID: t.ID, FromStatus: t.Status, FromVersion: t.Version, To: to,
		PublishAt: t.PublishAt, UnpublishAt: t.UnpublishAt,
		Event: s.event(actor, "translation."+action, object(a.ID, t.Lang), d),
	}
}

// goLive publishes t now, and with the "together" policy every other
// language version with it, which requires all of them approved.
func (s *Service) goLive(actor Actor, a *admin.Article, t *admin.Translation, unpublishAt time.Time) ([]store.Change, error) {
	versions := []*admin.Translation{t}
	if a.Policy == admin.PolicyTogether {
		versions = versions[:0]
		for _, lang := range s.langs {
			v := a.Translation(lang)
			if v == nil {
				return nil, conflict("together_missing", "this article goes out in every language at once, and its %s version does not exist yet", admin.Language(lang))
			}
			if v.Status == admin.StatusPublished && v.LiveVersion == v.Version {
				continue
			}
			if v.Status != admin.StatusApproved {
				return nil, conflict("together_unapproved", "this article goes out in every language at once, and its %s version is not approved yet", admin.Language(lang))
			}
			versions = append(versions, v)
		}
	}
	var changes []store.Change
	for _, v := range versions {
		c := s.change(actor, a, v, ActionPublish, admin.StatusPublished, "")
		c.GoLive = true
		c.PublishAt = time.Time{}
		if v == t && !unpublishAt.IsZero() {
			c.UnpublishAt = unpublishAt
		}
		changes = append(changes, c)
	}
	return changes, nil
}

// takeDown removes t from the site. A version with edits awaiting review
// keeps its state; a published one becomes unpublished.
func (s *Service) takeDown(actor Actor, a *admin.Article, t *admin.Translation) store.Change {
	to := t.Status
	if to == admin.StatusPublished {
		to = admin.StatusUnpublished
	}
	c := s.change(actor, a, t, ActionUnpublish, to, "")
	c.TakeDown = true
	c.UnpublishAt = time.Time{}
	return c
}

// RunDue carries out the schedules whose time has come: approved versions
// whose publication time has passed go live (with the "together" policy,
// only once every language's time has come), and live versions whose
// removal time has passed are taken down. It returns how many versions
// changed. It is safe to run at any time, as often as wanted.
func (s *Service) RunDue(ctx context.Context) (int, error) {
	due, err := s.db.DueSchedules(ctx, s.now())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range due {
		a, err := s.db.Article(ctx, d.ArticleID)
		if err != nil {
			return n, err
		}
		t := a.Translation(d.Lang)
		if t == nil || t.Version != d.Version {
			continue
		}
		var changes []store.Change
		switch {
		case t.LiveVersion > 0 && !t.UnpublishAt.IsZero() && !t.UnpublishAt.After(s.now()):
			changes = []store.Change{s.takeDown(System, a, t)}
		case t.Status == admin.StatusApproved:
			if a.Policy == admin.PolicyTogether && !s.allDue(a) {
				continue
			}
			if changes, err = s.goLive(System, a, t, t.UnpublishAt); err != nil {
				// Another language is not ready: try again next time, and
				// say so once, so that its people are told.
				if rerr := s.scheduleBlocked(ctx, a, t, err); rerr != nil {
					return n, rerr
				}
				continue
			}
		default:
			continue
		}
		if _, err := s.db.ApplyChanges(ctx, changes); err != nil {
			if admin.ErrorCode(err) == admin.ECONFLICT {
				continue // changed meanwhile (by a person, or with another language)
			}
			return n, err
		}
		n += len(changes)
	}
	if n > 0 {
		s.published()
	}
	return n, nil
}

// scheduleBlocked records, once per scheduled time, that the scheduled
// publication of t could not go out, and why.
func (s *Service) scheduleBlocked(ctx context.Context, a *admin.Article, t *admin.Translation, why error) error {
	obj := object(a.ID, t.Lang)
	n, err := s.db.CountEvents(ctx, "translation.schedule_failed", obj, "", t.PublishAt)
	if err != nil || n > 0 {
		return err
	}
	return s.db.Record(ctx, s.event(System, "translation.schedule_failed", obj, fmt.Sprintf("version %d: %s", t.Version, admin.ErrorMessage(why))))
}

// allDue reports whether every approved version of a together-article has
// reached its publication time.
func (s *Service) allDue(a *admin.Article) bool {
	for _, v := range a.Translations {
		if v.Status == admin.StatusApproved && !v.PublishAt.IsZero() && v.PublishAt.After(s.now()) {
			return false
		}
	}
	return true
}

// RunScheduler runs RunDue every interval until ctx is done. Schedules are
// in the database, so they survive restarts and need nobody signed in.
func (s *Service) RunScheduler(ctx context.Context, interval time.Duration, onError func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.RunDue(ctx); err != nil && onError != nil {
			onError(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Approvers returns who may approve the version t as it is: the enabled
// approvers of its language who neither wrote nor last edited it (four
// eyes). The edit page names them when the viewer cannot approve.
func (s *Service) Approvers(ctx context.Context, t *admin.Translation) ([]*admin.User, error) {
	users, err := s.db.Users(ctx)
	if err != nil {
		return nil, err
	}
	var out []*admin.User
	for _, u := range users {
		if !u.Disabled && u.MayApprove(t.Lang) && u.ID != t.AuthorID && u.ID != t.LastEditorID {
			out = append(out, u)
		}
	}
	return out, nil
}
