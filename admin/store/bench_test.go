package store_test

import (
	"context"
	"fmt"
	"testing"

	"portal/admin"
)

// BenchmarkSave measures one save of a translation (a revision and an
// audit entry in one transaction) with the database's durability setting,
// FULL, against NORMAL in the same run:
//
//	go test ./admin/store -run '^$' -bench Save -count 5
func BenchmarkSave(b *testing.B) {
	for _, mode := range []string{"NORMAL", "FULL"} {
		b.Run(mode, func(b *testing.B) {
			ctx := context.Background()
			db, area := open(b)
			db.SQL().SetMaxOpenConns(1)
			if _, err := db.SQL().ExecContext(ctx, "PRAGMA synchronous = "+mode); err != nil {
				b.Fatal(err)
			}
			a := newArticle(area, &admin.Translation{Lang: "vi", Title: "Đồng Xoài", Body: "Nội dung"})
			if err := db.CreateArticle(ctx, a, nil); err != nil {
				b.Fatal(err)
			}
			t := a.Translations[0]
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t.Body = fmt.Sprintf("Nội dung, lần sửa thứ %d", i)
				if err := db.SaveTranslation(ctx, t, false, &admin.Event{Action: "translation.save"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
