package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"portal/admin"
	"portal/admin/text"
)

func (s *Server) requireAuditReader(c *gin.Context) {
	if !mayReadAudit(currentUser(c)) {
		s.render(c, http.StatusForbidden, "error", gin.H{"Message": s.t(c, "forbidden")})
		c.Abort()
		return
	}
	c.Next()
}

// handleAudit shows the audit log, newest first, 200 entries a page, with
// filters by action, object, user and dates.
func (s *Server) handleAudit(c *gin.Context) {
	f, err := auditFilter(c)
	if err != nil {
		_, msg := explain(s.adminLang(c), err)
		s.render(c, http.StatusUnprocessableEntity, "error", gin.H{"Message": msg})
		return
	}
	events, err := s.db.Events(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := s.db.VerifyAudit(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	next := ""
	if len(events) == f.Limit {
		q := c.Request.URL.Query()
		q.Set("before", strconv.FormatInt(events[len(events)-1].ID, 10))
		next = "/admin/audit?" + q.Encode()
	}
	csvURL := "/admin/audit.csv"
	if raw := c.Request.URL.RawQuery; raw != "" {
		csvURL += "?" + raw
	}
	views, err := s.describe(c.Request.Context(), s.adminLang(c), events)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "audit", gin.H{
		"Events": views, "Filter": c.Request.URL.Query(), "Next": next, "CSV": csvURL, "Verify": v,
	})
}

// handleAuditCSV exports the entries matching the filters as CSV.
func (s *Server) handleAuditCSV(c *gin.Context) {
	f, err := auditFilter(c)
	if err != nil {
		_, msg := explain(s.adminLang(c), err)
		s.render(c, http.StatusUnprocessableEntity, "error", gin.H{"Message": msg})
		return
	}
	f.Limit = 0
	events, err := s.db.Events(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	// The export is in the log before anything is sent: one that cannot
	// be recorded is not made.
	u := currentUser(c)
	if err := s.db.Record(c.Request.Context(), &admin.Event{ActorID: u.ID, Actor: u.Username, Addr: c.ClientIP(),
		Action: "audit.export", Detail: fmt.Sprintf("%d entries; filter %s", len(events), c.Request.URL.RawQuery)}); err != nil {
		s.fail(c, err)
		return
	}
	views, err := s.describe(c.Request.Context(), s.adminLang(c), events)
	if err != nil {
		s.fail(c, err)
		return
	}
	rows := [][]string{{"id", "time", "time_vn", "actor_id", "actor", "address", "action", "object", "detail", "hash", "description"}}
	for _, e := range views {
		rows = append(rows, []string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339Nano), e.At.In(admin.Vietnam).Format("02/01/2006 15:04:05"),
			strconv.FormatInt(e.ActorID, 10), text.CSVCell(e.Actor), e.Addr, e.Action, text.CSVCell(e.Object), text.CSVCell(e.Detail), e.Hash,
			text.CSVCell(e.Sentence)})
	}
	s.sendCSV(c, fmt.Sprintf("audit-%s.csv", time.Now().In(admin.Vietnam).Format("20060102-1504")), rows)
}
