package media_test

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/bep/imagemeta"
	"golang.org/x/image/webp"

	"portal/admin"
	"portal/admin/media"
)

// Personal data planted in the fixtures; none of it may survive Clean.
const (
	author  = "Nguyễn Văn A"
	owner   = "Trần Thị B"
	serial  = "SN-4711-XYZ"
	comment = "secret comment: taken at home"
	xmpNS   = "http://ns.adobe.com/xap/1.0/"
	trailer = "<script>alert(1)</script>"
)

// secrets are byte strings that mark metadata in a file. "Exif" and "GPS"
// are named in the EXIF fixtures as the APP1 header and in
// GPSProcessingMethod.
var secrets = []string{"Exif", "GPS", "http://ns.adobe.com/xap", "xmpmeta", author, owner, serial, comment, trailer}

var (
	red   = color.NRGBA{255, 0, 0, 255}
	blue  = color.NRGBA{0, 0, 255, 255}
	white = color.NRGBA{255, 255, 255, 255}
)

// ---- EXIF (TIFF) -------------------------------------------------------

type tag struct {
	id, typ uint16
	count   uint32
	val     []byte
}

const (
	tByte      = 1
	tASCII     = 2
	tShort     = 3
	tLong      = 4
	tRational  = 5
	tUndefined = 7
)

func ascii(id uint16, s string) tag {
	return tag{id, tASCII, uint32(len(s) + 1), append([]byte(s), 0)}
}

func short(id, v uint16) tag { return tag{id, tShort, 1, binary.BigEndian.AppendUint16(nil, v)} }

func rationals(id uint16, v ...uint32) tag {
	var b []byte
	for _, x := range v {
		b = binary.BigEndian.AppendUint32(b, x)
	}
	return tag{id, tRational, uint32(len(v) / 2), b}
}

func ifdSize(tags []tag) int {
	n := 2 + 12*len(tags) + 4
	for _, t := range tags {
		if len(t.val) > 4 {
			n += len(t.val) + len(t.val)&1
		}
	}
	return n
}

// appendIFD writes an IFD at the end of b, whose start is the TIFF header.
func appendIFD(b []byte, tags []tag) []byte {
	data := len(b) + 2 + 12*len(tags) + 4
	var extra []byte
	b = binary.BigEndian.AppendUint16(b, uint16(len(tags)))
	for _, t := range tags {
		b = binary.BigEndian.AppendUint16(b, t.id)
		b = binary.BigEndian.AppendUint16(b, t.typ)
		b = binary.BigEndian.AppendUint32(b, t.count)
		if len(t.val) <= 4 {
			b = append(b, t.val...)
			b = append(b, make([]byte, 4-len(t.val))...)
			continue
		}
		b = binary.BigEndian.AppendUint32(b, uint32(data+len(extra)))
		extra = append(extra, t.val...)
		if len(t.val)%2 == 1 {
			extra = append(extra, 0)
		}
	}
	b = binary.BigEndian.AppendUint32(b, 0)
	return append(b, extra...)
}

// exifTIFF returns a big-endian TIFF structure as cameras write it: IFD0
// with the maker, author and orientation (none when 0), an Exif IFD with
// the camera's serial number, and a GPS IFD with where it was taken.
func exifTIFF(orientation uint16) []byte {
	exifIFD := []tag{ascii(0xA430, owner), ascii(0xA431, serial)}
	gpsIFD := []tag{
		{0x0000, tByte, 4, []byte{2, 3, 0, 0}},
		ascii(0x0001, "N"),
		rationals(0x0002, 11, 1, 32, 1, 1234, 100),
		ascii(0x0003, "E"),
		rationals(0x0004, 106, 1, 53, 1, 4321, 100),
		{0x001B, tUndefined, 11, []byte("ASCII\x00\x00\x00GPS")},
	}
	ifd0 := []tag{ascii(0x010F, "Canon"), ascii(0x0110, "Canon EOS 90D")}
	if orientation != 0 {
		ifd0 = append(ifd0, short(0x0112, orientation))
	}
	ifd0 = append(ifd0, ascii(0x013B, author),
		tag{0x8769, tLong, 1, nil}, tag{0x8825, tLong, 1, nil})
	exifAt := 8 + ifdSize(ifd0)
	gpsAt := exifAt + ifdSize(exifIFD)
	ifd0[len(ifd0)-2].val = binary.BigEndian.AppendUint32(nil, uint32(exifAt))
	ifd0[len(ifd0)-1].val = binary.BigEndian.AppendUint32(nil, uint32(gpsAt))

	b := []byte("MM\x00\x2a\x00\x00\x00\x08")
	b = appendIFD(b, ifd0)
	b = appendIFD(b, exifIFD)
	return appendIFD(b, gpsIFD)
}

const xmpPacket = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:exif="http://ns.adobe.com/exif/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" exif:GPSLatitude="11,32.2N" exif:GPSLongitude="106,53.7E"
 xmp:CreatorTool="Lightroom" dc:creator="` + author + `"/>
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`

// fakeICC is the start of an ICC profile for RGB pixels: enough for a
// reader to tell its colour space, and no decoder here applies it.
func fakeICC(space string) []byte {
	p := make([]byte, 132)
	binary.BigEndian.PutUint32(p, uint32(len(p)))
	copy(p[12:], "mntr")
	copy(p[16:], space)
	copy(p[20:], "XYZ ")
	copy(p[36:], "acsp")
	return p
}

// ---- JPEG ---------------------------------------------------------------

func segment(marker byte, payload []byte) []byte {
	b := []byte{0xFF, marker}
	b = binary.BigEndian.AppendUint16(b, uint16(2+len(payload)))
	return append(b, payload...)
}

// withSegments inserts segments after the SOI of jpg.
func withSegments(jpg []byte, segs ...[]byte) []byte {
	out := append([]byte(nil), jpg[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, jpg[2:]...)
}

func encodeJPEG(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func gradient(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x + y) * 7), uint8(255 - x - y)})
		}
	}
	return img
}

func opaque(img *image.NRGBA) *image.NRGBA {
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 255
	}
	return img
}

// marked is a white w×h picture with a red 10×10 block in its top left
// corner and a blue one in its top right corner.
func marked(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := white
			switch {
			case x < 10 && y < 10:
				c = red
			case x >= w-10 && y < 10:
				c = blue
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

var (
	jfifWithThumbnail = []byte("JFIF\x00\x01\x01\x01\x00\x48\x00\x48\x02\x01" + "\xff\x00\x00\x00\xff\x00")
	adobe             = []byte("Adobe\x00\x64\x00\x00\x00\x00\x01")
	iptc              = []byte("Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x11\x1c\x02\x50\x00\x0d" + "Nguyễn Văn A")
)

func iccSegment(profile []byte) []byte {
	return append([]byte("ICC_PROFILE\x00\x01\x01"), profile...)
}

// jpegWithMetadata is what a phone and an editor leave in a photo: JFIF
// with a thumbnail, Exif with GPS and serial, XMP, IPTC, a comment, the
// colour profile and Adobe segments a decoder needs, and a script after EOI.
func jpegWithMetadata(tb testing.TB, img image.Image, orientation uint16) []byte {
	jpg := withSegments(encodeJPEG(tb, img),
		segment(0xE0, jfifWithThumbnail),
		segment(0xE1, append([]byte("Exif\x00\x00"), exifTIFF(orientation)...)),
		segment(0xE1, append([]byte(xmpNS+"\x00"), xmpPacket...)),
		segment(0xE2, iccSegment(fakeICC("RGB "))),
		segment(0xED, iptc),
		segment(0xEE, adobe),
		segment(0xFE, []byte(comment)),
	)
	return append(jpg, trailer...)
}

type jpegSegment struct {
	marker  byte
	payload []byte
}

// jpegParts splits a single-scan JPEG into its segments up to SOS and the
// scan (the SOS segment's data and everything after it).
func jpegParts(t *testing.T, data []byte) (segs []jpegSegment, scan []byte) {
	t.Helper()
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			t.Fatalf("no marker at %d", i)
		}
		m := data[i+1]
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		segs = append(segs, jpegSegment{m, data[i+4 : i+2+n]})
		if m == 0xDA {
			return segs, data[i+2+n:]
		}
		i += 2 + n
	}
	t.Fatal("no SOS")
	return nil, nil
}

// ---- PNG ----------------------------------------------------------------

func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

func zlibbed(b []byte) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(b)
	w.Close()
	return z.Bytes()
}

func encodePNG(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// withChunks inserts chunks after the IHDR of p.
func withChunks(p []byte, chunks ...[]byte) []byte {
	const ihdrEnd = 8 + 12 + 13
	out := append([]byte(nil), p[:ihdrEnd]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, p[ihdrEnd:]...)
}

// pngWithMetadata carries text, XMP, EXIF with GPS and a private chunk,
// next to gAMA and pHYs which a viewer uses, and a script after IEND.
func pngWithMetadata(tb testing.TB, img image.Image, orientation uint16) []byte {
	p := withChunks(encodePNG(tb, img),
		pngChunk("gAMA", binary.BigEndian.AppendUint32(nil, 45455)),
		pngChunk("iCCP", append([]byte("ICC\x00\x00"), zlibbed(fakeICC("RGB "))...)),
		pngChunk("tEXt", []byte("Author\x00Nguyen Van A")),
		pngChunk("zTXt", append([]byte("Comment\x00\x00"), zlibbed([]byte(comment))...)),
		pngChunk("iTXt", append([]byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"), xmpPacket...)),
		pngChunk("eXIf", exifTIFF(orientation)),
		pngChunk("tIME", []byte{0x07, 0xE8, 6, 6, 12, 0, 0}),
		pngChunk("pHYs", []byte{0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1}),
		pngChunk("prVt", []byte(owner)),
	)
	return append(p, trailer...)
}

func pngChunkTypes(t *testing.T, p []byte) []string {
	t.Helper()
	var types []string
	for i := 8; i < len(p); {
		if i+12 > len(p) {
			t.Fatalf("PNG cut at %d", i)
		}
		n := int(binary.BigEndian.Uint32(p[i:]))
		if typ := string(p[i+4 : i+8]); len(types) == 0 || types[len(types)-1] != typ {
			types = append(types, typ)
		}
		i += 12 + n
	}
	return types
}

// ---- WebP ---------------------------------------------------------------

// bitWriter writes the least significant bit first, as VP8L reads.
type bitWriter struct {
	b     []byte
	nBits uint
}

func (w *bitWriter) write(v uint32, n uint) {
	for i := range n {
		if w.nBits%8 == 0 {
			w.b = append(w.b, 0)
		}
		w.b[len(w.b)-1] |= byte(v>>i&1) << (w.nBits % 8)
		w.nBits++
	}
}

// vp8l returns a lossless WebP bitstream of img, each of whose channels
// may take at most two values. No encoder exists in Go, so the test writes
// the simplest stream the format allows: no transforms, no colour cache,
// and for each of the green, red, blue and alpha channels a "simple" prefix
// code of one symbol (0 bits a pixel) or two (1 bit a pixel); see the WebP
// lossless bitstream specification, sections 3.7.2.1.1 and 5.
func vp8l(img *image.NRGBA) []byte {
	b := img.Bounds()
	channel := func(x, y, i int) uint32 {
		c := img.NRGBAAt(x, y)
		return uint32([4]uint8{c.G, c.R, c.B, c.A}[i])
	}
	var values [4][]uint32 // per channel, in the order green, red, blue, alpha
	for y := range b.Dy() {
		for x := range b.Dx() {
			for i := range 4 {
				if v := channel(x, y, i); !slices.Contains(values[i], v) {
					values[i] = append(values[i], v)
				}
			}
		}
	}

	var w bitWriter
	w.write(0x2f, 8)
	w.write(uint32(b.Dx()-1), 14)
	w.write(uint32(b.Dy()-1), 14)
	w.write(1, 1) // alpha is used (a hint)
	w.write(0, 3) // version
	w.write(0, 1) // no transform
	w.write(0, 1) // no colour cache
	w.write(0, 1) // no meta prefix codes
	for i := range 4 {
		vs := values[i]
		if len(vs) > 2 {
			panic("vp8l: a channel takes more than two values")
		}
		w.write(1, 1)                 // simple code
		w.write(uint32(len(vs)-1), 1) // of one or two symbols
		w.write(1, 1)                 // the first of 8 bits
		for _, v := range vs {
			w.write(v, 8)
		}
	}
	w.write(1, 1) // distance: simple code, one symbol of 1 bit: 0
	w.write(0, 1)
	w.write(0, 1)
	w.write(0, 1)
	for y := range b.Dy() {
		for x := range b.Dx() {
			for i := range 4 {
				if len(values[i]) == 2 {
					w.write(uint32(slices.Index(values[i], channel(x, y, i))), 1)
				}
			}
		}
	}
	return w.b
}

func riffChunk(id string, data []byte) []byte {
	c := append([]byte(id), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
	c = append(c, data...)
	if len(data)%2 == 1 {
		c = append(c, 0)
	}
	return c
}

func riff(chunks ...[]byte) []byte {
	body := []byte("WEBP")
	for _, c := range chunks {
		body = append(body, c...)
	}
	return append(append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...), body...)
}

func vp8x(flags byte, w, h int) []byte {
	b := []byte{flags, 0, 0, 0}
	b = append(b, byte(w-1), byte((w-1)>>8), byte((w-1)>>16))
	b = append(b, byte(h-1), byte((h-1)>>8), byte((h-1)>>16))
	return riffChunk("VP8X", b)
}

// webpWithMetadata is an extended WebP with a colour profile, EXIF (GPS,
// serial, author; orientation when not 0), XMP and an unknown chunk, and a
// script after the RIFF form. The VP8L chunk has an odd size.
func webpWithMetadata(img *image.NRGBA, orientation uint16) []byte {
	b := img.Bounds()
	bits := vp8l(img)
	if len(bits)%2 == 0 {
		// A zero after the bitstream is never read; an odd size makes the
		// chunk padded, as many real files are.
		bits = append(bits, 0)
	}
	const flags = 0x20 | 0x10 | 0x08 | 0x04 // ICC, alpha, EXIF, XMP
	w := riff(
		vp8x(flags, b.Dx(), b.Dy()),
		riffChunk("ICCP", fakeICC("RGB ")),
		riffChunk("VP8L", bits),
		riffChunk("EXIF", exifTIFF(orientation)),
		riffChunk("XMP ", []byte(xmpPacket)),
		riffChunk("JUNK", []byte(owner)),
	)
	return append(w, trailer...)
}

// lossyWebP is a lossy WebP with alpha (VP8X, ALPH, VP8), 24×16 pixels:
// white, with a red 8×8 block in the top left corner, a blue one in the top
// right, and the bottom four rows transparent. It was made with cwebp 1.2.4
// (-q 75 -alpha_q 100 -metadata none) from that picture as PNG, since Go
// has no lossy WebP encoder.
var lossyWebP, _ = hex.DecodeString("" +
	"524946467c00000057454250565038580a000000100000001700000f0000414c" +
	"5048100000000150d3b60113fea44b609e1191ba077b5650382046000000b003" +
	"009d012a180010003e9124a04d25a123a21800b012096800b125417e0001a5ad" +
	"72d4800000fef1447ffc937ffe470ffff21cbd5b72c2fff5ee43eaedbfff56cc" +
	"d7e0b000")

// lossyWithMetadata adds to lossyWebP a colour profile, EXIF and XMP.
func lossyWithMetadata(orientation uint16) []byte {
	const flags = 0x20 | 0x10 | 0x08 | 0x04 // ICC, alpha, EXIF, XMP
	vp8x := slices.Clone(lossyWebP[12 : 12+18])
	vp8x[8] = flags
	return riff(vp8x,
		riffChunk("ICCP", fakeICC("RGB ")),
		lossyWebP[12+18:], // ALPH, VP8
		riffChunk("EXIF", exifTIFF(orientation)),
		riffChunk("XMP ", []byte(xmpPacket)),
	)
}

func webpChunkIDs(t *testing.T, w []byte) []string {
	t.Helper()
	if got, want := int(binary.LittleEndian.Uint32(w[4:])), len(w)-8; got != want {
		t.Errorf("RIFF size %d, file has %d", got, want)
	}
	var ids []string
	for i := 12; i < len(w); {
		n := int(binary.LittleEndian.Uint32(w[i+4:]))
		ids = append(ids, string(w[i:i+4]))
		i += 8 + n + n%2
	}
	return ids
}

// ---- checks -------------------------------------------------------------

// metaTags lists the metadata tags that an independent reader, the one
// Hugo uses, finds in data.
func metaTags(data []byte, f imagemeta.ImageFormat) []string {
	var tags []string
	imagemeta.Decode(imagemeta.Options{
		R:               bytes.NewReader(data),
		ImageFormat:     f,
		Sources:         imagemeta.EXIF | imagemeta.IPTC | imagemeta.XMP,
		ShouldHandleTag: func(imagemeta.TagInfo) bool { return true },
		HandleTag: func(ti imagemeta.TagInfo) error {
			tags = append(tags, ti.Tag)
			return nil
		},
	})
	return tags
}

func metaFormat(format string) imagemeta.ImageFormat {
	return map[string]imagemeta.ImageFormat{"jpeg": imagemeta.JPEG, "png": imagemeta.PNG, "webp": imagemeta.WebP}[format]
}

func assertNoSecrets(t *testing.T, m *media.Image) {
	t.Helper()
	for _, s := range secrets {
		if bytes.Contains(m.Data, []byte(s)) {
			t.Errorf("cleaned file still holds %q", s)
		}
	}
	if tags := metaTags(m.Data, metaFormat(m.Format)); len(tags) > 0 {
		t.Errorf("cleaned file still has metadata tags %v", tags)
	}
	sum := sha256.Sum256(m.Data)
	if m.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("SHA256 = %s, not the hash of Data", m.SHA256)
	}
}

// assertPlanted guards the fixture: the metadata must be there to begin
// with, or the test proves nothing. tags are those a reader finds in it.
func assertPlanted(t *testing.T, data []byte, tags []string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !bytes.Contains(data, []byte(s)) {
			t.Fatalf("fixture lacks %q", s)
		}
	}
	for _, tag := range []string{"GPSLatitude", "Artist", "SerialNumber"} {
		if !slices.Contains(tags, tag) {
			t.Fatalf("fixture's EXIF, as a reader sees it, lacks %s (has %v)", tag, tags)
		}
	}
}

func clean(t *testing.T, data []byte) *media.Image {
	t.Helper()
	m, err := media.Clean(bytes.NewReader(data), media.DefaultLimits)
	if err != nil {
		t.Fatalf("Clean: %v", err)
	}
	return m
}

func decode(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return img
}

func assertSamePixels(t *testing.T, got, want image.Image) {
	t.Helper()
	if got.Bounds() != want.Bounds() {
		t.Fatalf("bounds %v, want %v", got.Bounds(), want.Bounds())
	}
	b := want.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g := color.NRGBA64Model.Convert(got.At(x, y))
			w := color.NRGBA64Model.Convert(want.At(x, y))
			if g != w {
				t.Fatalf("pixel (%d, %d) = %v, want %v", x, y, g, w)
			}
		}
	}
}

// shown is where stored pixel (x, y) of a w×h picture is seen once
// EXIF orientation o is applied (EXIF 2.32, tag 0x0112).
func shown(o, x, y, w, h int) (int, int) {
	switch o {
	case 2:
		return w - 1 - x, y
	case 3:
		return w - 1 - x, h - 1 - y
	case 4:
		return x, h - 1 - y
	case 5:
		return y, x
	case 6:
		return h - 1 - y, x
	case 7:
		return h - 1 - y, w - 1 - x
	case 8:
		return y, w - 1 - x
	}
	return x, y
}

// near reports whether c is want give or take what JPEG loses.
func near(c color.Color, want color.NRGBA) bool {
	return within(color.NRGBAModel.Convert(c).(color.NRGBA), want, 40)
}

func within(a, b color.NRGBA, d int) bool {
	diff := func(x, y uint8) int { return max(int(x)-int(y), int(y)-int(x)) }
	return diff(a.R, b.R) <= d && diff(a.G, b.G) <= d && diff(a.B, b.B) <= d
}

// ---- tests --------------------------------------------------------------

func TestCleanJPEG(t *testing.T) {
	src := opaque(gradient(40, 30))
	in := jpegWithMetadata(t, src, 1)
	assertPlanted(t, in, metaTags(in, imagemeta.JPEG), secrets...)

	m := clean(t, in)
	if m.Format != "jpeg" || m.Ext != ".jpg" || m.MIME != "image/jpeg" || m.Width != 40 || m.Height != 30 {
		t.Errorf("got %s %s %s %d×%d, want jpeg .jpg image/jpeg 40×30", m.Format, m.Ext, m.MIME, m.Width, m.Height)
	}
	assertNoSecrets(t, m)

	inSegs, inScan := jpegParts(t, in)
	outSegs, outScan := jpegParts(t, m.Data)
	if !bytes.Equal(outScan, inScan[:len(inScan)-len(trailer)]) {
		t.Error("the scan data changed")
	}
	var markers []byte
	for _, s := range outSegs {
		markers = append(markers, s.marker)
	}
	// APP0, APP2, APP14 kept in place; then what image/jpeg wrote: DQT, SOF0, DHT, SOS.
	if want := []byte{0xE0, 0xE2, 0xEE, 0xDB, 0xC0, 0xC4, 0xDA}; !bytes.Equal(markers, want) {
		t.Errorf("segments % X, want % X", markers, want)
	}
	if want := append(jfifWithThumbnail[:12:12], 0, 0); !bytes.Equal(outSegs[0].payload, want) {
		t.Errorf("JFIF = % X, want its thumbnail gone: % X", outSegs[0].payload, want)
	}
	if !bytes.Equal(outSegs[1].payload, inSegs[3].payload) || !bytes.Equal(outSegs[2].payload, adobe) {
		t.Error("the ICC profile or Adobe segment changed")
	}
	assertSamePixels(t, decode(t, m.Data), decode(t, in))
}

// libjpegFixtures are JPEGs of what image/jpeg cannot write, made with
// jpegtran 2.1.5 (-copy none -optimize) from a 24×16 image/jpeg file: one
// progressive, of ten scans with Huffman tables between them, as web tools
// export; one baseline with a restart marker in its scan (-restart 1B), as
// many cameras write. They hold no metadata.
var libjpegFixtures = map[string]string{
	"progressive": "" +
		"ffd8ffe000104a46494600010100000100010000ffdb00430006040506050406" +
		"060506070706080a100a0a09090a140e0f0c1017141818171416161a1d251f1a" +
		"1b231c1616202c20232627292a29191f2d302d283025282928ffdb0043010707" +
		"070a080a130a0a13281a161a2828282828282828282828282828282828282828" +
		"282828282828282828282828282828282828282828282828282828282828ffc2" +
		"0011080010001803012200021101031101ffc400160001010100000000000000" +
		"000000000000050600ffc4001501010100000000000000000000000000000406" +
		"ffda000c030100021003100000018f41f41049fd61854fffc400161000030000" +
		"000000000000000000000000000204ffda000801010001050249c49c49c49c49" +
		"c49cffc4001811000203000000000000000000000000000005030422ffda0008" +
		"010301013f01a4c085864fffc400181100020300000000000000000000000000" +
		"0004020321ffda0008010201013f01b1d24ee9ffc40014100100000000000000" +
		"000000000000000020ffda0008010100063f025fffc400151001010000000000" +
		"0000000000000000000061ffda0008010100013f21920924924fffda000c0301" +
		"0002000300000010030fffc40016110101010000000000000000000000000021" +
		"0031ffda0008010301013f10c584dfffc4001611010101000000000000000000" +
		"00000000005161ffda0008010201013f10d943ffc40016100003000000000000" +
		"00000000000000000031c1ffda0008010100013f10448a9112224448893fffd9",
	"restart markers": "" +
		"ffd8ffe000104a46494600010100000100010000ffdb00430006040506050406" +
		"060506070706080a100a0a09090a140e0f0c1017141818171416161a1d251f1a" +
		"1b231c1616202c20232627292a29191f2d302d283025282928ffdb0043010707" +
		"070a080a130a0a13281a161a2828282828282828282828282828282828282828" +
		"282828282828282828282828282828282828282828282828282828282828ffc0" +
		"0011080010001803012200021101031101ffc400160001010100000000000000" +
		"000000000000060007ffc4001910000105000000000000000000000000000004" +
		"062231a1ffc400160101010100000000000000000000000000050406ffc4001e" +
		"11000103040300000000000000000000000004050601032131222361ffdd0004" +
		"0001ffda000c03010002110311003f00c7d0b7ea182044dfa860f90b7ea18204" +
		"2dfa8608297af4259643ac9fffd03c85bf50c235f42dfa86112dc7ae5b3708e4" +
		"3d74c9ffd9",
}

func TestCleanLibjpegFixtures(t *testing.T) {
	for name, h := range libjpegFixtures {
		t.Run(name, func(t *testing.T) {
			orig, err := hex.DecodeString(h)
			if err != nil {
				t.Fatal(err)
			}
			in := withSegments(orig,
				segment(0xE1, append([]byte("Exif\x00\x00"), exifTIFF(1)...)),
				segment(0xE1, append([]byte(xmpNS+"\x00"), xmpPacket...)),
				segment(0xED, iptc),
			)
			// A comment between the last scan and EOI, and a script after it.
			in = slices.Concat(in[:len(in)-2], segment(0xFE, []byte(comment)), in[len(in)-2:], []byte(trailer))
			m := clean(t, in)
			assertNoSecrets(t, m)
			if !bytes.Equal(m.Data, orig) {
				t.Errorf("cleaned file differs from the picture without its metadata (%d bytes, want %d)", len(m.Data), len(orig))
			}
			if m.Width != 24 || m.Height != 16 {
				t.Errorf("got %d×%d, want 24×16", m.Width, m.Height)
			}
		})
	}
}

func TestCleanOrientation(t *testing.T) {
	const w, h = 40, 20
	src := marked(w, h)
	for o := 1; o <= 8; o++ {
		t.Run(orientationNames[o], func(t *testing.T) {
			in := jpegWithMetadata(t, src, uint16(o))
			m := clean(t, in)
			assertNoSecrets(t, m)
			wantW, wantH := w, h
			if o >= 5 {
				wantW, wantH = h, w
			}
			if m.Format != "jpeg" || m.Width != wantW || m.Height != wantH {
				t.Fatalf("got %s %d×%d, want jpeg %d×%d", m.Format, m.Width, m.Height, wantW, wantH)
			}
			out := decode(t, m.Data)
			if out.Bounds().Dx() != wantW || out.Bounds().Dy() != wantH {
				t.Fatalf("decodes to %v, want %d×%d", out.Bounds(), wantW, wantH)
			}
			for _, p := range []struct {
				x, y int
				c    color.NRGBA
			}{{5, 5, red}, {w - 5, 5, blue}, {w / 2, h - 5, white}} {
				x, y := shown(o, p.x, p.y, w, h)
				if c := out.At(x, y); !near(c, p.c) {
					t.Errorf("stored (%d, %d) shown at (%d, %d) is %v, want %v", p.x, p.y, x, y, c, p.c)
				}
			}
			// The colour profile goes along into the new encoding.
			if !bytes.Contains(m.Data, iccSegment(fakeICC("RGB "))) {
				t.Error("the ICC profile was lost")
			}
		})
	}
}

var orientationNames = [...]string{1: "1 as stored", 2: "2 mirrored", 3: "3 upside down",
	4: "4 flipped", 5: "5 transposed", 6: "6 turned 90 clockwise", 7: "7 transversed",
	8: "8 turned 90 counter-clockwise"}

// A turned picture is encoded again; its ICC profile goes along only when
// it describes the encoded pixels (grey ones here).
func TestCleanTurnedGreyJPEG(t *testing.T) {
	grey := image.NewGray(image.Rect(0, 0, 40, 20))
	for i := range grey.Pix {
		grey.Pix[i] = uint8(i % 40 * 6)
	}
	for _, tt := range []struct {
		space string
		kept  bool
	}{{"GRAY", true}, {"RGB ", false}} {
		t.Run(tt.space, func(t *testing.T) {
			in := withSegments(encodeJPEG(t, grey),
				segment(0xE1, append([]byte("Exif\x00\x00"), exifTIFF(3)...)),
				segment(0xE2, iccSegment(fakeICC(tt.space))))
			m := clean(t, in)
			out := decode(t, m.Data)
			if _, ok := out.(*image.Gray); !ok || m.Width != 40 || m.Height != 20 {
				t.Fatalf("got %T %d×%d, want a grey 40×20 JPEG", out, m.Width, m.Height)
			}
			// Turned upside down: the dark left edge is now on the right.
			if l, r := out.(*image.Gray).GrayAt(1, 10).Y, out.(*image.Gray).GrayAt(38, 10).Y; l < 200 || r > 40 {
				t.Errorf("left %d, right %d: not turned", l, r)
			}
			if kept := bytes.Contains(m.Data, iccSegment(fakeICC(tt.space))); kept != tt.kept {
				t.Errorf("profile kept = %v, want %v", kept, tt.kept)
			}
		})
	}
}

func TestCleanPNG(t *testing.T) {
	src := gradient(30, 20)
	in := pngWithMetadata(t, src, 0)
	assertPlanted(t, in, metaTags(in, imagemeta.PNG), "Nguyen Van A", "GPS", xmpNS, owner, trailer)

	m := clean(t, in)
	if m.Format != "png" || m.Ext != ".png" || m.MIME != "image/png" || m.Width != 30 || m.Height != 20 {
		t.Errorf("got %s %s %s %d×%d, want png .png image/png 30×20", m.Format, m.Ext, m.MIME, m.Width, m.Height)
	}
	assertNoSecrets(t, m)
	if bytes.Contains(m.Data, []byte("Nguyen Van A")) {
		t.Error("tEXt author kept")
	}
	if got, want := pngChunkTypes(t, m.Data), []string{"IHDR", "gAMA", "iCCP", "pHYs", "IDAT", "IEND"}; !slices.Equal(got, want) {
		t.Errorf("chunks %v, want %v", got, want)
	}
	assertSamePixels(t, decode(t, m.Data), src)
}

func TestCleanPNGOrientation(t *testing.T) {
	src := gradient(40, 20)
	m := clean(t, pngWithMetadata(t, src, 6))
	assertNoSecrets(t, m)
	if m.Format != "png" || m.Width != 20 || m.Height != 40 {
		t.Fatalf("got %s %d×%d, want png 20×40", m.Format, m.Width, m.Height)
	}
	out := decode(t, m.Data)
	for y := range 20 {
		for x := range 40 {
			sx, sy := shown(6, x, y, 40, 20)
			if g, w := color.NRGBAModel.Convert(out.At(sx, sy)), src.At(x, y); g != w {
				t.Fatalf("stored (%d, %d) shown at (%d, %d) is %v, want %v", x, y, sx, sy, g, w)
			}
		}
	}
	if got := pngChunkTypes(t, m.Data); !slices.Contains(got, "gAMA") || !slices.Contains(got, "iCCP") {
		t.Errorf("chunks %v: the colour chunks were lost", got)
	}
}

func TestCleanWebP(t *testing.T) {
	src := marked(40, 20)
	in := webpWithMetadata(src, 0)
	if _, err := webp.Decode(bytes.NewReader(in)); err != nil {
		t.Fatalf("the fixture does not decode: %v", err)
	}
	// The reader's WebP walk does not skip the pad byte after the odd-sized
	// VP8L chunk, so it is shown the EXIF chunk alone.
	assertPlanted(t, in, metaTags(exifTIFF(0), imagemeta.TIFF), "GPS", xmpNS, author, owner, trailer)

	m := clean(t, in)
	if m.Format != "webp" || m.Ext != ".webp" || m.MIME != "image/webp" || m.Width != 40 || m.Height != 20 {
		t.Errorf("got %s %s %s %d×%d, want webp .webp image/webp 40×20", m.Format, m.Ext, m.MIME, m.Width, m.Height)
	}
	assertNoSecrets(t, m)
	if got, want := webpChunkIDs(t, m.Data), []string{"VP8X", "ICCP", "VP8L"}; !slices.Equal(got, want) {
		t.Errorf("chunks %v, want %v", got, want)
	}
	if flags := m.Data[20]; flags != 0x20|0x10 {
		t.Errorf("VP8X flags %#x, want ICC and alpha only", flags)
	}
	out, err := webp.Decode(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatalf("webp.Decode: %v", err)
	}
	assertSamePixels(t, out, src)
}

func TestCleanLossyWebP(t *testing.T) {
	want, err := webp.Decode(bytes.NewReader(lossyWebP))
	if err != nil {
		t.Fatalf("the fixture does not decode: %v", err)
	}
	in := lossyWithMetadata(0)
	m := clean(t, in)
	assertNoSecrets(t, m)
	if m.Format != "webp" || m.Width != 24 || m.Height != 16 {
		t.Errorf("got %s %d×%d, want webp 24×16", m.Format, m.Width, m.Height)
	}
	if got, want := webpChunkIDs(t, m.Data), []string{"VP8X", "ICCP", "ALPH", "VP8 "}; !slices.Equal(got, want) {
		t.Errorf("chunks %v, want %v", got, want)
	}
	if !bytes.Contains(m.Data, lossyWebP[12+18:]) {
		t.Error("the picture's chunks changed")
	}
	out, err := webp.Decode(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatalf("webp.Decode: %v", err)
	}
	assertSamePixels(t, out, want)

	// Turned: transparent rows, so it becomes a PNG.
	m = clean(t, lossyWithMetadata(8))
	assertNoSecrets(t, m)
	if m.Format != "png" || m.Width != 16 || m.Height != 24 {
		t.Fatalf("turned: got %s %d×%d, want png 16×24", m.Format, m.Width, m.Height)
	}
	turned := decode(t, m.Data)
	for y := range 16 {
		for x := range 24 {
			sx, sy := shown(8, x, y, 24, 16)
			// The PNG holds 8 bits a channel of what the YCbCr decoded to.
			g := color.NRGBAModel.Convert(turned.At(sx, sy)).(color.NRGBA)
			w := color.NRGBAModel.Convert(want.At(x, y)).(color.NRGBA)
			if g.A != w.A || g.A != 0 && !within(g, w, 2) {
				t.Fatalf("stored (%d, %d) shown at (%d, %d) is %v, want %v", x, y, sx, sy, g, w)
			}
		}
	}
}

func TestCleanWebPOrientation(t *testing.T) {
	seeThrough := marked(40, 20)
	for y := range 20 {
		for x := range 40 {
			if seeThrough.NRGBAAt(x, y) == white {
				seeThrough.SetNRGBA(x, y, color.NRGBA{})
			}
		}
	}
	tests := []struct {
		name   string
		src    *image.NRGBA
		format string
		bg     color.NRGBA
	}{
		{"opaque becomes JPEG", marked(40, 20), "jpeg", white},
		{"transparent becomes PNG", seeThrough, "png", color.NRGBA{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := clean(t, webpWithMetadata(tt.src, 6))
			assertNoSecrets(t, m)
			if m.Format != tt.format || m.Width != 20 || m.Height != 40 {
				t.Fatalf("got %s %d×%d, want %s 20×40", m.Format, m.Width, m.Height, tt.format)
			}
			out := decode(t, m.Data)
			for _, p := range []struct {
				x, y int
				c    color.NRGBA
			}{{5, 5, red}, {35, 5, blue}, {20, 15, tt.bg}} {
				x, y := shown(6, p.x, p.y, 40, 20)
				c := color.NRGBAModel.Convert(out.At(x, y)).(color.NRGBA)
				if p.c.A == 0 && c.A != 0 || p.c.A != 0 && (c.A != 255 || !near(c, p.c)) {
					t.Errorf("stored (%d, %d) shown at (%d, %d) is %v, want %v", p.x, p.y, x, y, c, p.c)
				}
			}
		})
	}
}

// endless is a request body that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 0xFF
	}
	return len(p), nil
}

func TestCleanRefuses(t *testing.T) {
	small := media.Limits{MaxBytes: 4 << 10}
	var gifFile bytes.Buffer
	gif.Encode(&gifFile, marked(40, 20), nil)
	noise := make([]byte, 64<<10)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	noisy := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	copy(noisy.Pix, noise)
	jpg := encodeJPEG(t, noisy)
	pngFile := encodePNG(t, noisy)

	// A JPEG whose frame header claims 60000×60000 pixels.
	jpegBomb := append([]byte(nil), jpg...)
	sof := bytes.Index(jpegBomb, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(jpegBomb[sof+5:], 60000)
	binary.BigEndian.PutUint16(jpegBomb[sof+7:], 60000)

	ihdr := func(w, h uint32) []byte {
		b := binary.BigEndian.AppendUint32(nil, w)
		b = binary.BigEndian.AppendUint32(b, h)
		return pngChunk("IHDR", append(b, 8, 6, 0, 0, 0))
	}
	pngBomb := slices.Concat([]byte("\x89PNG\r\n\x1a\n"), ihdr(100000, 100000),
		pngChunk("IDAT", zlibbed(make([]byte, 1<<10))), pngChunk("IEND", nil))

	tests := []struct {
		name string
		data []byte
		r    io.Reader
		lim  media.Limits
		key  string
	}{
		{name: "SVG", data: []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), key: "media_not_image"},
		{name: "GIF", data: gifFile.Bytes(), key: "media_not_image"},
		{name: "PDF", data: []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), key: "media_not_image"},
		{name: "HTML", data: []byte("<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>"), key: "media_not_image"},
		{name: "HEIC", data: []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), key: "media_not_image"},
		{name: "executable", data: append([]byte("\x7fELF\x02\x01\x01\x00"), noise[:512]...), key: "media_not_image"},
		{name: "Windows executable", data: append([]byte("MZ\x90\x00"), noise[:512]...), key: "media_not_image"},
		{name: "random bytes", data: noise[1:4097], key: "media_not_image"},
		{name: "empty", data: nil, key: "media_not_image"},
		{name: "animated WebP", data: riff(vp8x(0x02, 40, 20), riffChunk("ANIM", make([]byte, 6))), key: "media_not_image"},
		{name: "truncated JPEG", data: jpg[:len(jpg)*2/3], key: "media_damaged"},
		{name: "JPEG cut in its header", data: jpg[:40], key: "media_damaged"},
		{name: "truncated PNG", data: pngFile[:len(pngFile)*2/3], key: "media_damaged"},
		{name: "WebP with a damaged bitstream", data: riff(riffChunk("VP8L", vp8l(marked(40, 20))[:12])), key: "media_damaged"},
		{name: "JPEG claiming 60000×60000", data: jpegBomb, key: "media_too_many_pixels"},
		{name: "PNG claiming 100000×100000", data: pngBomb, key: "media_too_many_pixels"},
		{name: "WebP claiming 16384×16384", data: riff(vp8x(0, 16384, 16384), riffChunk("VP8L", vp8l(marked(40, 20)))), key: "media_too_many_pixels"},
		{name: "over the pixel limit", data: pngFile, lim: media.Limits{MaxPixels: 64*64 - 1}, key: "media_too_many_pixels"},
		{name: "over MaxBytes", data: encodePNG(t, noisy), lim: small, key: "media_too_large"},
		{name: "endless body", r: endless{}, lim: small, key: "media_too_large"},
		{name: "4×4", data: encodePNG(t, marked(4, 4)), key: "media_too_small"},
		{name: "narrow", data: encodeJPEG(t, marked(200, 8)), key: "media_too_small"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			if r == nil {
				r = bytes.NewReader(tt.data)
			}
			m, err := media.Clean(r, tt.lim)
			var e *admin.Error
			if !errors.As(err, &e) {
				t.Fatalf("Clean = %v, %v; want refusal %s", m, err, tt.key)
			}
			if e.Code != admin.EINVALID || e.Key != tt.key {
				t.Fatalf("refused with %s %s (%s), want %s %s", e.Code, e.Key, e.Message, admin.EINVALID, tt.key)
			}
			if e.Key == "media_not_image" && !strings.Contains(e.Message, "JPEG, PNG or WebP") {
				t.Errorf("message %q does not name the accepted types", e.Message)
			}
		})
	}
}

func TestCleanReadError(t *testing.T) {
	broken := io.MultiReader(bytes.NewReader([]byte{0xFF, 0xD8, 0xFF}), iotestErrReader{})
	_, err := media.Clean(broken, media.DefaultLimits)
	if err == nil || admin.ErrorCode(err) != admin.EINTERNAL {
		t.Fatalf("Clean = %v, want an internal error from the reader", err)
	}
}

type iotestErrReader struct{}

func (iotestErrReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

// metadataIn lists the metadata a cleaned file carries, found by walking
// its structure; it knows nothing of how Clean works.
func metadataIn(data []byte) []string {
	var found []string
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8}):
		i := 2
		for i+1 < len(data) {
			if data[i] != 0xFF {
				return append(found, "bytes outside a segment")
			}
			m := data[i+1]
			i += 2
			if m == 0xD9 {
				if i != len(data) {
					found = append(found, "bytes after EOI")
				}
				return found
			}
			if m >= 0xD0 && m <= 0xD7 {
				continue
			}
			if i+2 > len(data) {
				return append(found, "cut segment")
			}
			n := int(binary.BigEndian.Uint16(data[i:]))
			if n < 2 || i+n > len(data) {
				return append(found, "cut segment")
			}
			p := data[i+2 : i+n]
			i += n
			switch {
			case m == 0xE0 && (!bytes.HasPrefix(p, []byte("JFIF\x00")) || len(p) != 14 || p[12] != 0 || p[13] != 0):
				found = append(found, "APP0 other than JFIF without thumbnail")
			case m == 0xE2 && !bytes.HasPrefix(p, []byte("ICC_PROFILE\x00")):
				found = append(found, "APP2 other than ICC")
			case m == 0xEE && !bytes.HasPrefix(p, []byte("Adobe")):
				found = append(found, "APP14 other than Adobe")
			case m >= 0xE0 && m <= 0xEF && m != 0xE0 && m != 0xE2 && m != 0xEE:
				found = append(found, "APPn")
			case m == 0xFE:
				found = append(found, "COM")
			case m == 0xDA:
				for i+1 < len(data) && (data[i] != 0xFF || data[i+1] == 0 || data[i+1] >= 0xD0 && data[i+1] <= 0xD7) {
					i++
				}
			}
		}
		return append(found, "no EOI")
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		for i := 8; i+12 <= len(data); {
			n := int(binary.BigEndian.Uint32(data[i:]))
			typ := string(data[i+4 : i+8])
			switch typ {
			case "tEXt", "zTXt", "iTXt", "eXIf", "tIME":
				found = append(found, typ)
			}
			if typ[1] >= 'a' {
				found = append(found, "private chunk "+typ)
			}
			i += 12 + n
			if typ == "IEND" && i != len(data) {
				found = append(found, "bytes after IEND")
			}
		}
		return found
	case bytes.HasPrefix(data, []byte("RIFF")):
		if int(binary.LittleEndian.Uint32(data[4:]))+8 != len(data) {
			found = append(found, "RIFF size")
		}
		for i := 12; i+8 <= len(data); {
			n := int(binary.LittleEndian.Uint32(data[i+4:]))
			id := string(data[i : i+4])
			if id == "EXIF" || id == "XMP " {
				found = append(found, id)
			}
			if id == "VP8X" && data[i+8]&0x0C != 0 {
				found = append(found, "VP8X metadata flags")
			}
			i += 8 + n + n%2
		}
		return found
	}
	return []string{"unknown format"}
}

func FuzzClean(f *testing.F) {
	f.Add(jpegWithMetadata(f, opaque(gradient(20, 20)), 1))
	f.Add(jpegWithMetadata(f, marked(20, 16), 6))
	f.Add(pngWithMetadata(f, gradient(20, 16), 0))
	f.Add(pngWithMetadata(f, gradient(16, 20), 8))
	f.Add(webpWithMetadata(marked(20, 16), 0))
	f.Add(webpWithMetadata(marked(20, 16), 3))
	f.Add(lossyWithMetadata(6))
	for _, h := range libjpegFixtures {
		b, _ := hex.DecodeString(h)
		f.Add(b)
	}
	f.Add([]byte("<svg/>"))
	lim := media.Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 20, MinSide: 1}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := media.Clean(bytes.NewReader(data), lim)
		if err != nil {
			var e *admin.Error
			if !errors.As(err, &e) || e.Code != admin.EINVALID {
				t.Fatalf("Clean = %v, want a refusal", err)
			}
			return
		}
		img, format, err := image.Decode(bytes.NewReader(m.Data))
		if err != nil {
			t.Fatalf("the cleaned file does not decode: %v", err)
		}
		if format != m.Format || img.Bounds().Dx() != m.Width || img.Bounds().Dy() != m.Height {
			t.Fatalf("decodes as %s %v, Clean said %s %d×%d", format, img.Bounds(), m.Format, m.Width, m.Height)
		}
		if found := metadataIn(m.Data); len(found) > 0 {
			t.Fatalf("the cleaned file carries %v", found)
		}
		if tags := metaTags(m.Data, metaFormat(m.Format)); len(tags) > 0 {
			t.Fatalf("the cleaned file has metadata tags %v", tags)
		}
	})
}

// BenchmarkClean measures a 12-megapixel phone photo: kept as it is, and
// turned (decoded, turned and encoded again).
func BenchmarkClean(b *testing.B) {
	photo := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range photo.Y {
		photo.Y[i] = uint8(i/4000 + rng.IntN(16))
	}
	for _, o := range []uint16{1, 6} {
		in := jpegWithMetadata(b, photo, o)
		b.Run(orientationNames[o], func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				if _, err := media.Clean(bytes.NewReader(in), media.DefaultLimits); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
