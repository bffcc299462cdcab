// Package mail sends the portal's e-mail: notifications and password
// reset links, through the SMTP server an administrator set up.
//
// Nothing is sent while a request waits: mail is written to the outbox
// table in the transaction that decided it, and Outbox sends it in the
// background, trying again with growing pauses while the server cannot be
// reached, so that a server that is down loses nothing. A mail the server
// refuses for good (an address that does not exist) is marked failed and
// shown to administrators. The SMTP password is never stored in the
// database: the settings name the environment variable or the file that
// holds it.
package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Security is how the connection to the SMTP server is protected.
type Security string

const (
	StartTLS Security = "starttls" // plain connection upgraded with STARTTLS (port 587)
	TLS      Security = "tls"      // TLS from the first byte (port 465)
	None     Security = "none"     // no encryption: only for a server on the same machine or network
)

// Securities lists the choices, in the order the settings page offers them.
var Securities = []Security{StartTLS, TLS, None}

// Config is how the portal reaches its SMTP server.
type Config struct {
	Host     string
	Port     int
	Security Security
	Username string
	// PasswordEnv names the environment variable that holds the password;
	// PasswordFile, a file that holds it (a mounted secret). Either or
	// neither (no authentication).
	PasswordEnv  string
	PasswordFile string
	From         string // the sender's address
	FromName     string // the sender's name, "Cổng thông tin đối ngoại"
	// CAFile, when set, is a PEM file of certificate authorities trusted
	// besides the system's: a mail server inside a government network
	// often has a certificate from the network's own authority.
	CAFile string
	// Timeout bounds one connection (dial, hello, sending); 30 s when 0.
	Timeout time.Duration
}

// tlsConfig is the TLS configuration for the server of c.
func (c Config) tlsConfig() (*tls.Config, error) {
	cfg := &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
	if c.CAFile == "" {
		return cfg, nil
	}
	pem, err := os.ReadFile(c.CAFile)
	if err != nil {
		return nil, fmt.Errorf("the certificate authority file cannot be read: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("the certificate authority file %s holds no PEM certificate", c.CAFile)
	}
	cfg.RootCAs = pool
	return cfg, nil
}

// Configured reports whether mail can be sent at all.
func (c Config) Configured() bool { return c.Host != "" && c.From != "" }

// Password reads the password from where the settings say it is; "" when
// there is none.
func (c Config) Password() (string, error) {
	switch {
	case c.PasswordEnv != "":
		v, ok := os.LookupEnv(c.PasswordEnv)
		if !ok {
			return "", fmt.Errorf("the environment variable %s that should hold the SMTP password is not set", c.PasswordEnv)
		}
		return v, nil
	case c.PasswordFile != "":
		b, err := os.ReadFile(c.PasswordFile)
		if err != nil {
			return "", fmt.Errorf("the file that should hold the SMTP password cannot be read: %w", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	return "", nil
}

// Message is one mail: plain text with an HTML alternative.
type Message struct {
	To, ToName string
	Subject    string
	Text, HTML string
}

// ErrNotConfigured is returned when no SMTP server is set up.
var ErrNotConfigured = errors.New("mail: no SMTP server is set up")

// PermanentError is a refusal by the server that trying again will not
// change (a 5xx answer to a recipient or to the message).
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Client is a connection to the SMTP server for sending several messages.
type Client struct {
	c   *gomail.Client
	cfg Config
}

// Dial connects to the server of cfg.
func Dial(ctx context.Context, cfg Config) (*Client, error) {
	if !cfg.Configured() {
		return nil, ErrNotConfigured
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	tc, err := cfg.tlsConfig()
	if err != nil {
		return nil, err
	}
	opts := []gomail.Option{gomail.WithPort(cfg.Port), gomail.WithTimeout(timeout), gomail.WithTLSConfig(tc)}
	switch cfg.Security {
	case TLS:
		opts = append(opts, gomail.WithSSL())
	case None:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if cfg.Username != "" {
		password, err := cfg.Password()
		if err != nil {
			return nil, err
		}
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(cfg.Username), gomail.WithPassword(password))
	}
	c, err := gomail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	if err := c.DialWithContext(ctx); err != nil {
		return nil, fmt.Errorf("mail: cannot reach %s:%d: %w", cfg.Host, cfg.Port, err)
	}
	return &Client{c: c, cfg: cfg}, nil
}

// Send sends one message. A refusal that trying again will not change is
// a *PermanentError.
func (c *Client) Send(m Message) error {
	msg := gomail.NewMsg()
	if err := msg.FromFormat(c.cfg.FromName, c.cfg.From); err != nil {
		return &PermanentError{fmt.Errorf("mail: the sender's address %q: %w", c.cfg.From, err)}
	}
	if err := msg.AddToFormat(m.ToName, m.To); err != nil {
		return &PermanentError{fmt.Errorf("mail: the address %q: %w", m.To, err)}
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	err := c.c.Send(msg)
	if err == nil {
		return nil
	}
	var se *gomail.SendError
	if errors.As(err, &se) && !se.IsTemp() && se.Reason != gomail.ErrConnCheck && se.Reason != gomail.ErrSMTPReset {
		return &PermanentError{fmt.Errorf("mail: %w", err)}
	}
	return fmt.Errorf("mail: %w", err)
}

// Close ends the connection.
func (c *Client) Close() error { return c.c.Close() }

// Send connects, sends one message and disconnects: for the test message
// of the settings page.
func Send(ctx context.Context, cfg Config, m Message) error {
	c, err := Dial(ctx, cfg)
	if err != nil {
		return err
	}
	err = c.Send(m)
	return errors.Join(err, c.Close())
}
