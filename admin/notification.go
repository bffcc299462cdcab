package admin

import "time"

// Notification is what the newsroom told one user about their work: a
// version waits for their review, theirs was sent back, approved,
// published or taken down, a scheduled publication went out or was left
// out of the site, a site build failed.
type Notification struct {
	ID        int64
	UserID    int64
	Kind      string
	EventID   int64 // the audit entry it tells of
	ArticleID int64 // 0 when about no article
	Lang      string
	Title     string // the article's title when it happened
	Detail    string // the reviewer's comment, the reason it failed
	Actor     string // who did it, as shown
	CreatedAt time.Time
	ReadAt    time.Time // zero while unread
}

// The kinds of notification.
const (
	NoticeSubmitted        = "submitted"         // a version waits for my review
	NoticeChangesRequested = "changes_requested" // my version was sent back, with the comment
	NoticeApproved         = "approved"          // my version was approved
	NoticePublished        = "published"         // my version was published
	NoticeUnpublished      = "unpublished"       // my version was taken off the site
	NoticeScheduled        = "scheduled"         // a scheduled publication went out
	NoticeScheduleFailed   = "schedule_failed"   // a scheduled publication could not go out
	NoticeLeftOut          = "left_out"          // a published version could not be put on the site
	NoticeBuildFailed      = "build_failed"      // a site build failed
)

// NoticeKinds lists every kind, in the order the account page offers them.
var NoticeKinds = []string{NoticeSubmitted, NoticeChangesRequested, NoticeApproved, NoticePublished,
	NoticeUnpublished, NoticeScheduled, NoticeScheduleFailed, NoticeLeftOut, NoticeBuildFailed}
