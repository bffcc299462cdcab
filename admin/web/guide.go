package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// handleGuide shows a page of the officers' guide.
func (s *Server) handleGuide(c *gin.Context) {
	s.render(c, http.StatusOK, "guide", gin.H{})
}
