package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"portal/admin"
	"portal/admin/text"
)

var unitKinds = []string{"department", "agency", "district", "commune"}

func (s *Server) handleUnits(c *gin.Context) {
	units, err := s.db.Units(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "units", gin.H{"Units": units, "Kinds": unitKinds, "Langs": s.langs,
		"Flash": s.sessions.PopString(c.Request.Context(), "flash")})
}

// handleUnitPut adds a unit or renames one (units are found by key).
func (s *Server) handleUnitPut(c *gin.Context) {
	ctx := c.Request.Context()
	key := text.Slug(c.PostForm("key"))
	kind := c.PostForm("kind")
	u := &admin.Unit{Key: key, Kind: kind, Names: map[string]string{}}
	for _, l := range s.langs {
		if n := strings.TrimSpace(c.PostForm("name_" + l.Code)); n != "" {
			u.Names[l.Code] = n
		}
	}
	if key == "" || u.Names[s.langs[0].Code] == "" || !slices.Contains(unitKinds, kind) {
		s.sessions.Put(ctx, "flash", s.t(c, "unit_invalid"))
		c.Redirect(http.StatusSeeOther, "/admin/units")
		return
	}
	if err := s.db.PutUnit(ctx, u, s.adminEvent(c, "unit.put", "unit/"+key, kind+": "+u.Names[s.langs[0].Code])); err != nil {
		s.fail(c, err)
		return
	}
	s.sessions.Put(ctx, "flash", s.t(c, "saved"))
	c.Redirect(http.StatusSeeOther, "/admin/units")
}
