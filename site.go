// Package portal holds the source of the public site: hugo.toml, the
// hand-written content, the theme and the site's interface strings.
//
// The repository root is at once the Go module and the Hugo site, so the only
// way to embed the site source into the binary is a file at the root. Nothing
// else lives here: the admin application is under admin/, the commands under
// cmd/.
package portal

import "embed"

// Site is the site source embedded in the binary. The publisher copies it into
// the data folder before a build unless a working tree is given instead.
//
//go:embed hugo.toml all:content all:themes all:i18n
var Site embed.FS
