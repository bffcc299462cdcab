package editorial

import (
	"context"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"portal/admin"
	"portal/admin/mail"
	"portal/admin/store"
	"portal/admin/text"
)

// The notification rules: who is told what, and how each user chose to be
// told. The notifier follows the audit log, in which every change is
// committed with the change itself, so a change and what it tells people
// can never part: when the program stops, the notifier goes on where it
// was.

// Delivery is how a user is told of one kind of notification.
type Delivery string

const (
	ByEmail   Delivery = "email" // by e-mail and in the admin
	InAdmin   Delivery = "admin" // in the admin only
	NotAtAll  Delivery = "off"
	noChoices          = ""
)

// Deliveries lists the choices, in the order the account page offers them.
var Deliveries = []Delivery{ByEmail, InAdmin, NotAtAll}

// NotificationChoices returns how the user is told of each kind, with the
// default (by e-mail) for kinds never chosen.
func (s *Service) NotificationChoices(ctx context.Context, userID int64) (map[string]Delivery, error) {
	stored, err := s.db.NotificationChoices(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := map[string]Delivery{}
	for _, k := range admin.NoticeKinds {
		out[k] = delivery(stored, k)
	}
	return out, nil
}

func delivery(stored map[string]string, kind string) Delivery {
	if d := Delivery(stored[kind]); slices.Contains(Deliveries, d) {
		return d
	}
	return ByEmail
}

// SetNotificationChoices stores how the actor wants to be told of each
// kind; kinds left out keep their choice.
func (s *Service) SetNotificationChoices(ctx context.Context, actor Actor, choices map[string]Delivery) error {
	if actor.User == nil || actor.User.ID == 0 {
		return forbidden("forbidden", "sign in first")
	}
	stored := map[string]string{}
	var parts []string
	for _, k := range admin.NoticeKinds {
		d, ok := choices[k]
		if !ok || d == noChoices {
			continue
		}
		if !slices.Contains(Deliveries, d) {
			return invalid("notify_"+k, "notify_choice_unknown", "unknown choice %q", d)
		}
		stored[k] = string(d)
		parts = append(parts, k+"="+string(d))
	}
	if len(stored) == 0 {
		return nil
	}
	return s.db.SetNotificationChoices(ctx, actor.User.ID, stored,
		s.event(actor, "user.notifications", "user/"+text.Fold(actor.User.Username), strings.Join(parts, ", ")))
}

// Notifier turns the audit log into notifications and the mails that go
// with them.
type Notifier struct {
	db      *store.DB
	langs   []string
	baseURL string // the site's address, ending in "/"; the admin is under it
	log     *slog.Logger
	// Mailed is called when mail was queued (the outbox's Wake).
	Mailed func()
	wake   chan struct{}
}

// NewNotifier returns a notifier for the site at baseURL.
func NewNotifier(db *store.DB, langs []string, baseURL string, log *slog.Logger) *Notifier {
	if !strings.HasSuffix(baseURL, "/") {
		baseURL += "/"
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Notifier{db: db, langs: langs, baseURL: baseURL, log: log, wake: make(chan struct{}, 1)}
}

// Wake asks the notifier to read the audit log now.
func (n *Notifier) Wake() {
	select {
	case n.wake <- struct{}{}:
	default:
	}
}

// Run reads the audit log until ctx is done: when woken and every poll.
func (n *Notifier) Run(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := n.Process(ctx); err != nil && ctx.Err() == nil {
			n.log.Error("notifications", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-n.wake:
		case <-t.C:
		}
	}
}

// notifyBatch is how many audit entries the notifier reads at a time.
const notifyBatch = 200

// Process reads the audit log since the last entry it read and makes the
// notifications and mails it calls for. It returns how many notifications
// it made. The first time it runs it starts at the newest entry: what
// happened before notifications existed is not told.
func (n *Notifier) Process(ctx context.Context) (int, error) {
	cursor, ok, err := n.db.NotifyCursor(ctx)
	if err != nil {
		return 0, err
	}
	if !ok {
		head, err := n.db.AuditHead(ctx)
		if err != nil {
			return 0, err
		}
		return 0, n.db.Notify(ctx, head.ID, nil, nil)
	}
	made := 0
	for {
		events, err := n.db.EventsAfter(ctx, cursor, notifyBatch)
		if err != nil || len(events) == 0 {
			return made, err
		}
		r, err := n.newRound(ctx)
		if err != nil {
			return made, err
		}
		for _, e := range events {
			if err := r.tell(ctx, e); err != nil {
				return made, err
			}
		}
		cursor = events[len(events)-1].ID
		if err := n.db.Notify(ctx, cursor, r.notes, r.mails); err != nil {
			return made, err
		}
		made += len(r.notes)
		if len(r.mails) > 0 && n.Mailed != nil {
			n.Mailed()
		}
		if len(events) < notifyBatch {
			return made, nil
		}
	}
}

// round is one batch of the audit log being told: the users and their
// choices, read once, and what the batch makes.
type round struct {
	n        *Notifier
	users    []*admin.User
	byID     map[int64]*admin.User
	choices  map[int64]map[string]string
	areas    map[int64]*admin.Area
	articles map[int64]*admin.Article
	notes    []*admin.Notification
	mails    map[int]*store.Mail
}

func (n *Notifier) newRound(ctx context.Context) (*round, error) {
	users, err := n.db.Users(ctx)
	if err != nil {
		return nil, err
	}
	choices, err := n.db.AllNotificationChoices(ctx)
	if err != nil {
		return nil, err
	}
	areas, err := n.db.Areas(ctx)
	if err != nil {
		return nil, err
	}
	r := &round{n: n, users: users, byID: map[int64]*admin.User{}, choices: choices, areas: map[int64]*admin.Area{},
		articles: map[int64]*admin.Article{}, mails: map[int]*store.Mail{}}
	for _, u := range users {
		r.byID[u.ID] = u
	}
	for _, a := range areas {
		r.areas[a.ID] = a
	}
	return r, nil
}

var versionObject = regexp.MustCompile(`^article/(\d+)/([a-z]{2,3}(?:-[a-z0-9]+)?)$`)

// tell makes the notifications entry e calls for.
func (r *round) tell(ctx context.Context, e *admin.Event) error {
	if e.Action == "site.build_failed" {
		for _, u := range r.users {
			if u.Role == admin.RoleAdmin {
				r.add(u, admin.NoticeBuildFailed, e, nil, "", "")
			}
		}
		return nil
	}
	action, isVersion := strings.CutPrefix(e.Action, "translation.")
	if !isVersion && e.Action != "site.left_out" {
		return nil
	}
	m := versionObject.FindStringSubmatch(e.Object)
	if m == nil {
		return nil
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	lang := m[2]
	a, err := r.article(ctx, id)
	if err != nil || a == nil {
		return err
	}
	t := a.Translation(lang)
	if t == nil {
		return nil
	}
	owners := r.owners(t)
	system := e.ActorID == 0
	switch {
	case e.Action == "site.left_out":
		for _, u := range append(owners, r.approvers(lang)...) {
			r.add(u, admin.NoticeLeftOut, e, a, lang, "")
		}
	case action == ActionSubmit:
		for _, u := range r.reviewers(lang, a.UnitID) {
			r.add(u, admin.NoticeSubmitted, e, a, lang, "")
		}
	case action == ActionRequestChanges:
		for _, u := range owners {
			r.add(u, admin.NoticeChangesRequested, e, a, lang, comment(e.Detail))
		}
	case action == ActionApprove:
		for _, u := range owners {
			r.add(u, admin.NoticeApproved, e, a, lang, "")
		}
	case action == "schedule_failed":
		for _, u := range append(owners, r.approvers(lang)...) {
			// The reason is in the audit log in English; the mail says
			// what happened in the reader's language and links to the
			// article, where the refusal is shown in it.
			r.add(u, admin.NoticeScheduleFailed, e, a, lang, "")
		}
	case action == ActionPublish && system:
		for _, u := range append(owners, r.approvers(lang)...) {
			r.add(u, admin.NoticeScheduled, e, a, lang, "")
		}
	case action == ActionPublish:
		for _, u := range owners {
			r.add(u, admin.NoticePublished, e, a, lang, "")
		}
	case action == ActionUnpublish:
		for _, u := range owners {
			r.add(u, admin.NoticeUnpublished, e, a, lang, "")
		}
	}
	return nil
}

// comment is the reviewer's comment of a "changes requested" entry, whose
// detail reads "version 3: <comment>".
func comment(detail string) string {
	if _, c, ok := strings.Cut(detail, ": "); ok {
		return c
	}
	return ""
}

func (r *round) article(ctx context.Context, id int64) (*admin.Article, error) {
	if a, ok := r.articles[id]; ok {
		return a, nil
	}
	a, err := r.n.db.Article(ctx, id)
	if admin.ErrorCode(err) == admin.ENOTFOUND {
		a, err = nil, nil
	}
	r.articles[id] = a
	return a, err
}

// owners are the author of a version and its last editor.
func (r *round) owners(t *admin.Translation) []*admin.User {
	var out []*admin.User
	for _, id := range []int64{t.AuthorID, t.LastEditorID} {
		if u := r.byID[id]; u != nil && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// approvers are those who may approve versions in lang.
func (r *round) approvers(lang string) []*admin.User {
	var out []*admin.User
	for _, u := range r.users {
		if u.MayApprove(lang) {
			out = append(out, u)
		}
	}
	return out
}

// reviewers are those who review a version in lang of an article of
// unit: its approvers and the editors, who may send it back; an editor
// who belongs to a unit reviews that unit's articles (units review their
// own), one who belongs to none reviews all.
func (r *round) reviewers(lang string, unit int64) []*admin.User {
	out := r.approvers(lang)
	for _, u := range r.users {
		if u.Role == admin.RoleEditor && (u.UnitID == 0 || u.UnitID == unit) {
			out = append(out, u)
		}
	}
	return out
}

// add tells u of e, as u chose; never the one who did it, never a
// disabled account.
func (r *round) add(u *admin.User, kind string, e *admin.Event, a *admin.Article, lang, detail string) {
	if u.Disabled || (e.ActorID != 0 && u.ID == e.ActorID) || u.Role == admin.RolePress {
		return
	}
	d := delivery(r.choices[u.ID], kind)
	if d == NotAtAll {
		return
	}
	for _, n := range r.notes {
		if n.UserID == u.ID && n.EventID == e.ID && n.Kind == kind {
			return // the author is also an approver, say
		}
	}
	n := &admin.Notification{UserID: u.ID, Kind: kind, EventID: e.ID, Lang: lang, Detail: detail, Actor: r.actor(e)}
	if kind == admin.NoticeBuildFailed {
		n.Detail = "" // the build's error is on the dashboard, not in a mail
	}
	if a != nil {
		n.ArticleID = a.ID
		if t := a.Translation(lang); t != nil {
			n.Title = t.Title
		}
	}
	r.notes = append(r.notes, n)
	if d == ByEmail && u.Email != "" {
		r.mails[len(r.notes)-1] = r.mail(u, n, a)
	}
}

func (r *round) actor(e *admin.Event) string {
	if u := r.byID[e.ActorID]; u != nil && e.ActorID != 0 {
		return u.Name()
	}
	return ""
}

// mail is the mail telling u of n, in u's admin language.
func (r *round) mail(u *admin.User, n *admin.Notification, a *admin.Article) *store.Mail {
	lang := u.UILang
	if lang == "" {
		lang = "vi"
	}
	in := mail.Notice{Kind: n.Kind, Lang: lang, Name: u.Name(), Title: n.Title, Comment: n.Detail, Actor: n.Actor,
		VersionLang: n.Lang, AdminURL: r.n.baseURL + "admin/"}
	if a != nil {
		in.Link = r.n.baseURL + "admin/articles/" + strconv.FormatInt(a.ID, 10) + "/" + n.Lang
		if n.Kind == admin.NoticePublished || n.Kind == admin.NoticeScheduled {
			in.Public = r.publicURLs(a)
		}
	} else {
		in.Link = r.n.baseURL + "admin/"
	}
	m := mail.Compose(in)
	return &store.Mail{To: u.Email, ToName: u.Name(), Subject: m.Subject, Text: m.Text, HTML: m.HTML}
}

// publicURLs are the addresses readers find the article at, one per
// language it is published in.
func (r *round) publicURLs(a *admin.Article) []mail.Link {
	var out []mail.Link
	area := r.areas[a.AreaID]
	for _, lang := range r.n.langs {
		t := a.Translation(lang)
		if t == nil || t.LiveVersion == 0 || area == nil || area.Names[lang].Slug == "" {
			continue
		}
		out = append(out, mail.Link{Lang: lang, URL: r.n.baseURL + lang + "/" + area.Names[lang].Slug + "/" + t.Slug + "/"})
	}
	return out
}
