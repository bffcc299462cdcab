package web_test

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"portal/admin/web"
)

// TestSiteIsSentCompressed: pages go to browsers that accept it gzipped,
// and whole to the others.
func TestSiteIsSentCompressed(t *testing.T) {
	f := setup(t, web.Config{})
	if _, err := f.pub.Publish(context.Background()); err != nil {
		t.Fatal(err)
	}
	get := func(enc string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, f.url+"/vi/", nil)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	resp, plain := get("")
	if resp.Header.Get("Content-Encoding") != "" || !strings.Contains(string(plain), "<html") {
		t.Fatalf("without gzip: %q, %d bytes", resp.Header.Get("Content-Encoding"), len(plain))
	}
	resp, packed := get("gzip, deflate, br")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("with gzip accepted: Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(strings.NewReader(string(packed)))
	if err != nil {
		t.Fatal(err)
	}
	unpacked, _ := io.ReadAll(zr)
	if string(unpacked) != string(plain) {
		t.Error("the compressed page is not the page")
	}
	if len(packed)*2 > len(plain) {
		t.Errorf("compressed %d bytes of %d: less than half saved", len(packed), len(plain))
	}
	t.Logf("home page: %d bytes, %d compressed", len(plain), len(packed))
}
