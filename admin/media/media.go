// Package media checks and cleans the pictures officers upload to the media
// library, before the public site and the press agencies that reuse them
// ever see a byte.
//
// Clean accepts JPEG, PNG and WebP and nothing else. The type is read from
// the content (magic bytes, then the format's own header), never from the
// file name or the Content-Type the browser sent: both are chosen by the
// client, and a renamed executable, an SVG with script or an HTML page must
// not be served from the site's own origin as if it were a picture. SVG is
// refused because it can carry script, GIF and animated WebP because they
// move, HEIC because not every reader's browser shows it.
//
// The file is read through a limit of Limits.MaxBytes+1 bytes, so an
// endless body costs no more than that. Before any pixel is decoded the
// header's width × height is checked against Limits.MaxPixels: a few
// kilobytes of PNG or JPEG can claim a picture of billions of pixels
// (a decompression bomb) and a full decode would allocate all of them.
//
// Metadata is removed because a photo taken on a phone carries where it was
// taken (EXIF GPS, to a few metres, often an officer's home), the camera's
// serial number, the author's name, the editing history (XMP), IPTC
// captions and an embedded thumbnail of the uncropped original. None of it
// is needed to show the picture, and once published it cannot be taken
// back. The cleaning is lossless where the format allows it: the
// compressed picture data are copied byte for byte and only whole segments
// or chunks are left out.
//
//   - JPEG: every APPn and COM segment goes except APP0 JFIF (its thumbnail
//     removed), APP2 ICC_PROFILE and APP14 Adobe (its 12 bytes), which the
//     colours depend on; of the other markers only those a decoder needs are kept
//     (frames, tables, scans, restart intervals). Bytes after EOI go: other
//     images (MPF), vendor trailers, or a script appended to make a
//     polyglot file.
//   - PNG: the critical chunks and the chunks that describe colour and
//     display are kept; tEXt, zTXt, iTXt, eXIf, tIME and every other chunk
//     (private ones, C2PA credentials, APNG frames the checked decoder
//     ignores) go, as do bytes after IEND.
//   - WebP: the EXIF and "XMP " chunks (and any unknown chunk) go, their
//     flags in VP8X are cleared and the RIFF size is set anew.
//
// A camera stores a picture turned on its side and says so in the EXIF
// Orientation tag; viewers turn it when they show it. Once the tag is gone
// the picture would show on its side, so when it is not 1 the picture is
// decoded, turned or flipped, and encoded again: JPEG at quality 92, PNG
// losslessly, WebP as JPEG at quality 92 (or PNG when it has transparent
// pixels), since no WebP encoder exists here. The ICC profile is carried
// over when it still fits the encoded colour space. The tag is read with
// github.com/bep/imagemeta and the picture turned with
// github.com/gohugoio/gift: Hugo, which builds the public site, uses both
// for its own auto-orientation and already brings them into the build, the
// EXIF reader is bounded and fuzzed by its author, and a hand-written IFD
// walker over untrusted offsets is exactly the code worth not owning.
//
// Whatever Clean returns has been decoded in full once more from the
// cleaned bytes, so a file that passes is a picture the decoders read, of
// the size it reports. The other side of that rule: the few valid files
// that image/jpeg cannot read (arithmetic coding; some progressive files
// with restart intervals) are refused as damaged although a browser would
// show them. Saving them again in any editor makes them acceptable.
package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/webp"

	"portal/admin"
)

// Limits bounds an upload. A zero field takes its value from DefaultLimits.
type Limits struct {
	// MaxBytes is the largest file accepted, in bytes.
	MaxBytes int64
	// MaxPixels is the largest width × height accepted.
	MaxPixels int
	// MinSide is the smallest width and height accepted, in pixels.
	MinSide int
}

// DefaultLimits suits photos from phones and cameras: 20 MiB, 50 megapixels
// (a 40 MP camera fits; the full decode of the largest takes about 200 MB),
// and nothing smaller than an icon.
var DefaultLimits = Limits{MaxBytes: 20 << 20, MaxPixels: 50_000_000, MinSide: 16}

func (l Limits) orDefault() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultLimits.MaxPixels
	}
	if l.MinSide <= 0 {
		l.MinSide = DefaultLimits.MinSide
	}
	return l
}

// Image is an uploaded picture after checking and cleaning.
type Image struct {
	// Data is the cleaned file: no EXIF, XMP, IPTC or comments (so no GPS
	// location, camera serial or author), orientation applied.
	Data []byte
	// Format is "jpeg", "png" or "webp": the format of Data, which differs
	// from the upload's only when a turned WebP had to be encoded again.
	Format string
	// Ext is the file name extension of Format: ".jpg", ".png", ".webp".
	Ext string
	// MIME is the media type of Format.
	MIME string
	// Width and Height are in pixels, as the picture is shown.
	Width, Height int
	// SHA256 is the hex SHA-256 of Data.
	SHA256 string
}

// format is what Clean knows of one accepted format.
type format struct {
	name, ext, mime string
	config          func(io.Reader) (image.Config, error)
	decode          func(io.Reader) (image.Image, error)
	// strip removes the metadata of a file whose header was read.
	strip func([]byte) (*stripped, error)
}

// stripped is a file without its metadata, and what an encoder needs to
// write the same colours again.
type stripped struct {
	data []byte
	// exif is the file's first EXIF block (a TIFF structure), which says
	// how the picture is turned; it is not in data.
	exif []byte
	// icc is the ICC profile, if the file has one and could be read whole.
	icc []byte
	// pngColour holds, for PNG, the raw colour chunks (iCCP, sRGB, gAMA,
	// cHRM) in file order, and pngGrey whether the colour type is grey.
	pngColour [][]byte
	pngGrey   bool
}

var (
	formatJPEG = &format{name: "jpeg", ext: ".jpg", mime: "image/jpeg",
		config: jpeg.DecodeConfig, decode: jpeg.Decode, strip: stripJPEG}
	formatPNG = &format{name: "png", ext: ".png", mime: "image/png",
		config: png.DecodeConfig, decode: png.Decode, strip: stripPNG}
	formatWebP = &format{name: "webp", ext: ".webp", mime: "image/webp",
		config: webp.DecodeConfig, decode: webp.Decode, strip: stripWebP}
)

// sniff returns the format whose magic bytes data starts with, or nil.
func sniff(data []byte) *format {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return formatJPEG
	case bytes.HasPrefix(data, []byte(pngSignature)):
		return formatPNG
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return formatWebP
	}
	return nil
}

// Clean reads one uploaded file from r, checks that it is a JPEG, PNG or
// WebP picture within lim, and returns it without its metadata and turned
// upright. A refusal is an *admin.Error with code admin.EINVALID and one of
// the keys media_not_image, media_too_large, media_too_many_pixels,
// media_too_small or media_damaged; any other error comes from r.
func Clean(r io.Reader, lim Limits) (*Image, error) {
	lim = lim.orDefault()
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("media: read upload: %w", err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, admin.Refuse(admin.EINVALID, "media_too_large",
			"the file is larger than %s", sizeText(lim.MaxBytes))
	}
	f := sniff(data)
	if f == nil {
		return nil, refuseNotImage()
	}
	cfg, err := f.config(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, refuseDamaged()
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(lim.MaxPixels) {
		return nil, admin.Refuse(admin.EINVALID, "media_too_many_pixels",
			"the picture is %d × %d pixels, more than the %d pixels accepted",
			cfg.Width, cfg.Height, lim.MaxPixels)
	}
	if cfg.Width < lim.MinSide || cfg.Height < lim.MinSide {
		return nil, admin.Refuse(admin.EINVALID, "media_too_small",
			"the picture is %d × %d pixels; each side must be at least %d",
			cfg.Width, cfg.Height, lim.MinSide)
	}

	s, err := f.strip(data)
	if err != nil {
		return nil, err
	}
	out, wantW, wantH := f, cfg.Width, cfg.Height
	if o := orientation(s.exif); o != 1 {
		src, err := f.decode(bytes.NewReader(s.data))
		if err != nil {
			return nil, refuseDamaged()
		}
		s.data, out, err = reorient(src, o, f, s)
		if err != nil {
			return nil, err
		}
		if o >= 5 {
			wantW, wantH = wantH, wantW
		}
	}

	// The one full decode of what is kept: what passes here is what the
	// site and its readers' browsers will read.
	img, err := out.decode(bytes.NewReader(s.data))
	if err != nil {
		return nil, refuseDamaged()
	}
	b := img.Bounds()
	if b.Dx() != wantW || b.Dy() != wantH {
		return nil, refuseDamaged()
	}
	sum := sha256.Sum256(s.data)
	return &Image{
		Data:   s.data,
		Format: out.name,
		Ext:    out.ext,
		MIME:   out.mime,
		Width:  b.Dx(),
		Height: b.Dy(),
		SHA256: hex.EncodeToString(sum[:]),
	}, nil
}

func refuseNotImage() error {
	return admin.Refuse(admin.EINVALID, "media_not_image",
		"the file is not a picture in an accepted format: upload a JPEG, PNG or WebP image")
}

func refuseDamaged() error {
	return admin.Refuse(admin.EINVALID, "media_damaged",
		"the picture is damaged or incomplete and cannot be read")
}

// sizeText writes n bytes the way the limit was most likely set.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
