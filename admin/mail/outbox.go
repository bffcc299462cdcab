package mail

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"portal/admin/store"
)

// Store is what the outbox needs of the database.
type Store interface {
	DueMail(ctx context.Context, limit int) ([]*store.Mail, error)
	NextMail(ctx context.Context) (time.Time, error)
	MailSent(ctx context.Context, id int64) error
	MailRetry(ctx context.Context, id int64, errText string, next time.Time) error
	MailFailed(ctx context.Context, id int64, errText string) error
}

// Outbox sends the mails of the outbox table in the background.
type Outbox struct {
	Store Store
	// Config returns the SMTP settings as they are now: a change on the
	// settings page applies to the next mail.
	Config func(ctx context.Context) (Config, error)
	// Backoff is the pause after a first failed attempt; it doubles with
	// each failure, up to MaxBackoff. GiveUp is how long after it was
	// queued a mail that still cannot be sent is marked failed.
	Backoff, MaxBackoff, GiveUp time.Duration
	// Poll is how often the outbox looks for mail when nobody wakes it.
	Poll time.Duration
	Log  *slog.Logger

	once sync.Once
	wake chan struct{}
}

// Defaults for an outbox left at zero.
const (
	DefaultBackoff    = 30 * time.Second
	DefaultMaxBackoff = 30 * time.Minute
	DefaultGiveUp     = 72 * time.Hour
	DefaultPoll       = 30 * time.Second
	batch             = 100
)

func (o *Outbox) init() {
	o.once.Do(func() {
		o.wake = make(chan struct{}, 1)
		if o.Backoff == 0 {
			o.Backoff = DefaultBackoff
		}
		if o.MaxBackoff == 0 {
			o.MaxBackoff = DefaultMaxBackoff
		}
		if o.GiveUp == 0 {
			o.GiveUp = DefaultGiveUp
		}
		if o.Poll == 0 {
			o.Poll = DefaultPoll
		}
		if o.Log == nil {
			o.Log = slog.New(slog.DiscardHandler)
		}
	})
}

// Wake asks the outbox to look for mail now (something was queued).
func (o *Outbox) Wake() {
	o.init()
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// pause is how long to wait before attempt n+1 after n failed ones.
func (o *Outbox) pause(attempts int) time.Duration {
	d := o.Backoff
	for i := 1; i < attempts && d < o.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, o.MaxBackoff)
}

// Drain sends every mail whose time has come, over one connection, and
// returns how many were sent. When the server cannot be reached, every
// due mail waits for its next attempt; nothing is lost.
func (o *Outbox) Drain(ctx context.Context) (int, error) {
	o.init()
	sent := 0
	for {
		due, err := o.Store.DueMail(ctx, batch)
		if err != nil || len(due) == 0 {
			return sent, err
		}
		n, err := o.send(ctx, due)
		sent += n
		if err != nil {
			return sent, err
		}
		if len(due) < batch {
			return sent, nil
		}
	}
}

// send sends due, recording each outcome.
func (o *Outbox) send(ctx context.Context, due []*store.Mail) (int, error) {
	cfg, err := o.Config(ctx)
	if err != nil {
		return 0, err
	}
	var c *Client
	if cfg.Configured() {
		c, err = Dial(ctx, cfg)
	} else {
		err = ErrNotConfigured
	}
	if err != nil {
		o.Log.Warn("mail server not reachable; mail waits", "mails", len(due), "err", err)
		for _, m := range due {
			if rerr := o.failed(ctx, m, err); rerr != nil {
				return 0, rerr
			}
		}
		return 0, nil
	}
	defer func() {
		if err := c.Close(); err != nil {
			o.Log.Debug("mail connection close", "err", err)
		}
	}()
	sent := 0
	for i, m := range due {
		err := c.Send(Message{To: m.To, ToName: m.ToName, Subject: m.Subject, Text: m.Text, HTML: m.HTML})
		if err == nil {
			sent++
			if err := o.Store.MailSent(context.WithoutCancel(ctx), m.ID); err != nil {
				return sent, err
			}
			continue
		}
		if rerr := o.failed(ctx, m, err); rerr != nil {
			return sent, rerr
		}
		var perm *PermanentError
		if !errors.As(err, &perm) {
			// The connection is likely gone: the rest waits for the next
			// round rather than failing one by one.
			for _, rest := range due[i+1:] {
				if rerr := o.failed(ctx, rest, err); rerr != nil {
					return sent, rerr
				}
			}
			return sent, nil
		}
	}
	return sent, nil
}

// failed records a failed attempt at m: another try later, or, for a
// permanent refusal or a mail too old, failure for good.
func (o *Outbox) failed(ctx context.Context, m *store.Mail, err error) error {
	ctx = context.WithoutCancel(ctx)
	var perm *PermanentError
	if errors.As(err, &perm) || time.Since(m.CreatedAt) > o.GiveUp {
		o.Log.Error("mail failed for good", "mail", m.ID, "to", m.To, "err", err)
		return o.Store.MailFailed(ctx, m.ID, err.Error())
	}
	return o.Store.MailRetry(ctx, m.ID, err.Error(), time.Now().Add(o.pause(m.Attempts+1)))
}

// Run sends mail until ctx is done: when woken, when the next retry is
// due, and every Poll.
func (o *Outbox) Run(ctx context.Context) {
	o.init()
	for {
		if _, err := o.Drain(ctx); err != nil && ctx.Err() == nil {
			o.Log.Error("outbox", "err", err)
		}
		wait := o.Poll
		if next, err := o.Store.NextMail(ctx); err == nil && !next.IsZero() {
			wait = min(wait, max(time.Until(next), 10*time.Millisecond))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-o.wake:
		case <-t.C:
		}
		t.Stop()
	}
}
