package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"portal/admin"
	"portal/admin/markdown"
	"portal/admin/rss"
)

// Press agencies' accounts (role press) read, with their API token, the
// press releases and clarifications approved for a later publication:
// under embargo, they are on no public page, feed or index until their
// time. Every access is written to the audit log with what it showed.

// requirePress lets only press accounts through to the embargo endpoints.
func (s *Server) requirePress(c *gin.Context) {
	if u := currentUser(c); u == nil || u.Role != admin.RolePress {
		s.fail(c, admin.Refuse(admin.EFORBIDDEN, "forbidden_role", "this is for press accounts"))
		return
	}
	c.Next()
}

// refusePress keeps press accounts out of the editorial API.
func (s *Server) refusePress(c *gin.Context) {
	if u := currentUser(c); u != nil && u.Role == admin.RolePress {
		s.fail(c, admin.Refuse(admin.EFORBIDDEN, "forbidden_role", "press accounts read only the embargoed releases"))
		return
	}
	c.Next()
}

type embargoed struct {
	URI          string    `json:"uri"`
	Lang         string    `json:"lang"`
	Kind         string    `json:"kind"`
	Title        string    `json:"title"`
	Summary      string    `json:"summary"`
	Body         string    `json:"body"`      // Markdown
	BodyHTML     string    `json:"body_html"` // as the site will show it
	Unit         string    `json:"unit,omitempty"`
	EmbargoUntil time.Time `json:"embargo_until"`
	URL          string    `json:"url"` // where it will be on the site
	Version      int       `json:"version"`
}

// embargoedItems returns what is under embargo now, and records the access.
func (s *Server) embargoedItems(c *gin.Context, format string) ([]embargoed, error) {
	ctx := c.Request.Context()
	list, err := s.db.Embargoed(ctx, time.Now())
	if err != nil {
		return nil, err
	}
	site := s.siteURL(c)
	items := make([]embargoed, 0, len(list))
	var uris []string
	for _, p := range list {
		t := &p.Translation
		html, err := markdown.Render(t.Body)
		if err != nil {
			return nil, err
		}
		uri := fmt.Sprintf("urn:portal:article:%d:%s", p.ArticleID, t.Lang)
		uris = append(uris, fmt.Sprintf("%s@v%d", uri, t.Version))
		items = append(items, embargoed{URI: uri, Lang: t.Lang, Kind: string(p.Kind), Title: t.Title, Summary: t.Summary,
			Body: t.Body, BodyHTML: string(html), Unit: p.UnitName, EmbargoUntil: t.PublishAt.UTC(), Version: t.Version,
			URL: fmt.Sprintf("%s%s/%s/%s/", site, t.Lang, p.Area.Slug, t.Slug)})
	}
	detail := format + ": " + strings.Join(uris, ", ")
	if len(uris) == 0 {
		detail = format + ": nothing under embargo"
	}
	if err := s.db.Record(ctx, s.adminEvent(c, "press.embargoed", "press", detail)); err != nil {
		return nil, err
	}
	return items, nil
}

func (s *Server) handlePressEmbargoed(c *gin.Context) {
	items, err := s.embargoedItems(c, "json")
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"items": items,
		"notice": "Under embargo: not to be published before embargo_until. / Cấm đăng trước thời điểm embargo_until."})
}

// handlePressEmbargoedFeed is the same as an RSS 2.0 feed, for the
// agencies' feed readers.
func (s *Server) handlePressEmbargoedFeed(c *gin.Context) {
	items, err := s.embargoedItems(c, "rss")
	if err != nil {
		s.fail(c, err)
		return
	}
	feed := rss.Channel{Title: "Embargoed press releases / Thông cáo báo chí chưa đến giờ đăng", Link: s.siteURL(c),
		Description: "Not to be published before each item's date. / Không được đăng trước thời điểm ghi ở từng mục."}
	for _, it := range items {
		feed.Items = append(feed.Items, rss.Item{Title: it.Title, Link: it.URL, ID: it.URI,
			Description: "EMBARGO " + it.EmbargoUntil.Format(time.RFC1123Z) + " — " + it.Summary, HTML: it.BodyHTML,
			Category: "embargo", Date: it.EmbargoUntil})
	}
	b, err := feed.Bytes()
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "application/rss+xml; charset=utf-8", b)
}
