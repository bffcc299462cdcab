package web

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"portal/admin"
	"portal/admin/editorial"
	"portal/admin/hugo"
	"portal/admin/store"
)

func (s *Server) handleDashboard(c *gin.Context) {
	ctx := c.Request.Context()
	articles, published, err := s.db.CountArticles(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	build, err := s.db.LastBuild(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	recent, err := s.db.RecentArticles(ctx, 20)
	if err != nil {
		s.fail(c, err)
		return
	}
	cat, err := s.catalog(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	type row struct {
		ID      int64
		Title   string
		Area    string
		Updated any
		Langs   []langStatus
	}
	var rows []row
	for _, a := range recent {
		r := row{ID: a.ID, Area: cat.AreaName[a.AreaKey], Updated: a.UpdatedAt}
		for _, l := range s.langs {
			if r.Title == "" {
				r.Title = a.Titles[l.Code]
			}
			r.Langs = append(r.Langs, langStatus{Code: l.Code, Status: a.Statuses[l.Code]})
		}
		rows = append(rows, r)
	}
	queues, err := s.queues(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	problems, err := s.siteProblems(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	failedMail := 0
	if u := currentUser(c); u.Role == admin.RoleAdmin {
		if _, failedMail, err = s.db.OutboxCounts(ctx); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.render(c, http.StatusOK, "dashboard", gin.H{
		"FailedMail":   failedMail,
		"Flash":        s.sessions.PopString(ctx, "flash"),
		"SiteProblems": problems,
		"Articles":     articles,
		"Published":    published,
		"Build":        build,
		"Recent":       rows,
		"Queues":       queues,
		"Requested":    c.Query("requested") == "1",
		"CanPublish":   canPublish(currentUser(c)),
	})
}

// siteProblems are the published versions the site could not show that
// concern the signed-in user: all of them for those who publish, the ones
// they wrote, edited or approved for the others.
func (s *Server) siteProblems(c *gin.Context) ([]*store.SiteProblem, error) {
	all, err := s.db.SiteProblems(c.Request.Context())
	if err != nil {
		return nil, err
	}
	u := currentUser(c)
	if canPublish(u) {
		return all, nil
	}
	var mine []*store.SiteProblem
	for _, p := range all {
		if slices.Contains(p.People, u.ID) {
			mine = append(mine, p)
		}
	}
	return mine, nil
}

// queue is one work list of the dashboard.
type queue struct {
	Key   string // message key of its heading
	Items []*store.QueueItem
	Gaps  []*store.TranslationGap
}

// queues are the dashboard's work lists for the signed-in user: their
// drafts, what was sent back to them, what waits for their review, what is
// scheduled, what was published lately, and translations to do.
func (s *Server) queues(c *gin.Context) ([]queue, error) {
	ctx := c.Request.Context()
	u := currentUser(c)
	unit := editorial.UnitScope(u)
	var qs []queue
	add := func(key string, f store.QueueFilter) error {
		f.Limit = 10
		if f.UnitID == 0 {
			f.UnitID = unit
		}
		items, err := s.db.Queue(ctx, f)
		qs = append(qs, queue{Key: key, Items: items})
		return err
	}
	switch u.Role {
	case admin.RoleContributor, admin.RoleEditor, admin.RoleApprover:
		if err := add("my_drafts", store.QueueFilter{Statuses: []admin.Status{admin.StatusDraft}, AuthorID: u.ID}); err != nil {
			return nil, err
		}
		if err := add("my_changes", store.QueueFilter{Statuses: []admin.Status{admin.StatusChangesRequested}, AuthorID: u.ID}); err != nil {
			return nil, err
		}
		// The rest of one's own work, by state: what waits for review, what
		// is approved (scheduled or not), what readers see.
		if err := add("my_in_review", store.QueueFilter{Statuses: []admin.Status{admin.StatusInReview}, AuthorID: u.ID}); err != nil {
			return nil, err
		}
		if err := add("my_approved", store.QueueFilter{Statuses: []admin.Status{admin.StatusApproved}, AuthorID: u.ID}); err != nil {
			return nil, err
		}
		if err := add("my_published", store.QueueFilter{Live: true, AuthorID: u.ID, OrderByPublished: true}); err != nil {
			return nil, err
		}
	}
	if u.Role == admin.RoleEditor || u.Role == admin.RoleApprover {
		f := store.QueueFilter{Statuses: []admin.Status{admin.StatusInReview}, NotEditedBy: u.ID, Langs: u.Languages}
		if err := add("to_review", f); err != nil {
			return nil, err
		}
	}
	if err := add("scheduled_list", store.QueueFilter{Statuses: []admin.Status{admin.StatusApproved}, Scheduled: true}); err != nil {
		return nil, err
	}
	if err := add("recent_published", store.QueueFilter{Live: true, OrderByPublished: true}); err != nil {
		return nil, err
	}
	if u.Role != admin.RoleAdmin {
		gaps, err := s.db.TranslationGaps(ctx, hugo.Codes(s.langs), max(unit, 0), 10)
		if err != nil {
			return nil, err
		}
		qs = append(qs, queue{Key: "translation_gaps", Gaps: gaps})
	}
	return qs, nil
}

type langStatus struct {
	Code   string
	Status admin.Status
	Page   string // the public page, when readers see it
}

func canPublish(u *admin.User) bool {
	return u != nil && (u.Role == admin.RoleApprover || u.Role == admin.RoleAdmin)
}

// handleBuild asks for a rebuild of the site; only those who may publish can.
func (s *Server) handleBuild(c *gin.Context) {
	u := currentUser(c)
	if !canPublish(u) {
		s.render(c, http.StatusForbidden, "error", gin.H{"Message": s.t(c, "forbidden")})
		return
	}
	s.log.Info("site rebuild requested", "user", u.Username)
	s.pub.Request()
	c.Redirect(http.StatusSeeOther, "/admin/?requested=1")
}
