// Package smtptest runs a real SMTP server on 127.0.0.1 for tests
// (github.com/emersion/go-smtp): it receives what the portal sends, can be
// stopped and started again on the same port, and reads each message's
// recipient, subject, plain text and HTML.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one message the server accepted.
type Message struct {
	From    string
	To      []string
	Subject string
	Header  mail.Header
	Text    string
	HTML    string
	Raw     []byte
}

// Server is an SMTP server for one test.
type Server struct {
	Host string
	Port int
	// Username and Password, when set, are the only credentials accepted
	// (AUTH PLAIN).
	Username, Password string
	// CAFile is a PEM file of the certificate the server offers with
	// STARTTLS, made for 127.0.0.1 when the server starts: the client
	// trusts it as its certificate authority.
	CAFile string

	t        testing.TB
	mu       sync.Mutex
	msgs     []Message
	srv      *smtp.Server
	ln       net.Listener
	cert     tls.Certificate
	implicit bool // TLS from the first byte
	done     chan struct{}
	// Reject, when it returns an error for a recipient, refuses it with a
	// permanent 550.
	Reject func(to string) bool
}

// Start starts a server on a free port of 127.0.0.1; it stops at the end
// of the test.
func Start(t testing.TB) *Server { return start(t, false) }

// StartTLS starts a server that speaks TLS from the first byte (as on
// port 465), with the certificate of CAFile.
func StartTLS(t testing.TB) *Server { return start(t, true) }

func start(t testing.TB, implicit bool) *Server {
	t.Helper()
	s := &Server{Host: "127.0.0.1", t: t, implicit: implicit}
	s.CAFile = filepath.Join(t.TempDir(), "smtp-ca.pem")
	cert, err := selfSigned(s.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	s.cert = cert
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Port = ln.Addr().(*net.TCPAddr).Port
	s.serve(ln)
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) serve(ln net.Listener) {
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.EnableSMTPUTF8 = true
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{s.cert}, MinVersion: tls.VersionTLS12}
	if s.implicit {
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	done := make(chan struct{})
	s.mu.Lock()
	s.srv, s.ln, s.done = srv, ln, done
	s.mu.Unlock()
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, smtp.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			s.t.Log("smtp test server:", err)
		}
	}()
}

// Stop stops the server; its port refuses connections until Restart.
func (s *Server) Stop() {
	s.mu.Lock()
	srv, ln, done := s.srv, s.ln, s.done
	s.srv = nil
	s.mu.Unlock()
	if srv == nil {
		return
	}
	// Closing the listener too: Close misses one Serve has not taken yet.
	_ = srv.Close()
	_ = ln.Close()
	<-done
}

// Restart starts the server again on the same port.
func (s *Server) Restart() {
	s.t.Helper()
	var (
		ln  net.Listener
		err error
	)
	for range 50 { // the port may linger for a moment
		if ln, err = net.Listen("tcp", net.JoinHostPort(s.Host, strconv.Itoa(s.Port))); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatal(err)
	}
	s.serve(ln)
}

// Messages returns what the server has accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait waits until the server has accepted n messages or timeout has
// passed, and returns what it has.
func (s *Server) Wait(n int, timeout time.Duration) []Message {
	end := time.Now().Add(timeout)
	for {
		m := s.Messages()
		if len(m) >= n || time.Now().After(end) {
			return m
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

func (se *session) AuthMechanisms() []string {
	if se.s.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (se *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != se.s.Username || pass != se.s.Password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "authentication failed"}
		}
		se.authed = true
		return nil
	}), nil
}

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	if se.s.Username != "" && !se.authed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "authentication required"}
	}
	se.from = from
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if se.s.Reject != nil && se.s.Reject(to) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m := Message{From: se.from, To: se.to, Raw: raw}
	if msg, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		m.Header = msg.Header
		m.Subject, _ = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		m.Text, m.HTML = parts(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	}
	se.s.mu.Lock()
	se.s.msgs = append(se.s.msgs, m)
	se.s.mu.Unlock()
	return nil
}

func (se *session) Reset()        { se.from, se.to = "", nil }
func (se *session) Logout() error { return nil }

// parts reads the plain text and HTML of a message body.
func parts(contentType, encoding string, body io.Reader) (text, html string) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", ""
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				return text, html
			}
			t, h := parts(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p)
			text, html = text+t, html+h
		}
	}
	var r io.Reader = body
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = base64Reader(body)
	}
	b, _ := io.ReadAll(r)
	switch mt {
	case "text/plain":
		return string(b), ""
	case "text/html":
		return "", string(b)
	}
	return "", ""
}

func base64Reader(r io.Reader) io.Reader {
	return base64.NewDecoder(base64.StdEncoding, newlineStripper{r})
}

// newlineStripper drops the line breaks of a base64 body.
type newlineStripper struct{ r io.Reader }

func (n newlineStripper) Read(p []byte) (int, error) {
	k, err := n.r.Read(p)
	j := 0
	for _, c := range p[:k] {
		if c != '\r' && c != '\n' {
			p[j] = c
			j++
		}
	}
	return j, err
}

// selfSigned makes a certificate for 127.0.0.1 signed by itself and writes
// it, as PEM, to path.
func selfSigned(path string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtptest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
