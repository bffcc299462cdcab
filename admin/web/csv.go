package web

import (
	"encoding/csv"
	"fmt"

	"github.com/gin-gonic/gin"
)

// sendCSV sends rows as the CSV file called name, in UTF-8 with a
// byte-order mark, so that spreadsheet programs read Vietnamese right.
func (s *Server) sendCSV(c *gin.Context, name string, rows [][]string) {
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	if _, err := c.Writer.WriteString("\ufeff"); err != nil {
		s.cutOff(c.Request, err)
		return
	}
	if err := csv.NewWriter(c.Writer).WriteAll(rows); err != nil {
		s.cutOff(c.Request, err)
	}
}
