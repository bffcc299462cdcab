// Package rss writes the RSS 2.0 feeds the portal makes itself, outside
// Hugo's templates: the corrections feed of each language and the press
// agencies' feed of embargoed releases. Items have stable ids (guid, not a
// permalink) and, when given, their full HTML (content:encoded).
//
// Descriptions are plain text. RSS 2.0 defines <description> as HTML
// (entity-encoded), and feed readers render it so: a plain text is
// therefore escaped as HTML before it is written as XML, and a summary
// holding "<b>" reads "<b>" in every reader instead of turning bold. Any
// text, control characters and broken UTF-8 included, gives a well-formed
// document.
package rss

import (
	"encoding/xml"
	"fmt"
	"html"
	"time"

	"portal/admin/text"
)

// Channel is a feed.
type Channel struct {
	Title       string
	Link        string
	Description string // plain text
	Language    string // "" to leave out
	Items       []Item
}

// Item is one entry of a feed.
type Item struct {
	Title       string
	Link        string
	ID          string // stable; never the title or the address
	Description string // plain text
	HTML        string // the full content, "" to leave out
	Category    string
	Date        time.Time
}

type guid struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type item struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        guid   `xml:"guid"`
	Description string `xml:"description"`
	Content     string `xml:"content:encoded,omitempty"`
	Category    string `xml:"category,omitempty"`
	PubDate     string `xml:"pubDate"`
}

type channel struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	Description string `xml:"description"`
	Language    string `xml:"language,omitempty"`
	Items       []item `xml:"item"`
}

type document struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Content string   `xml:"xmlns:content,attr"`
	Channel channel  `xml:"channel"`
}

// Bytes returns the feed as an RSS 2.0 document.
func (c Channel) Bytes() ([]byte, error) {
	doc := document{Version: "2.0", Content: "http://purl.org/rss/1.0/modules/content/",
		Channel: channel{Title: plain(c.Title), Link: plain(c.Link), Description: asHTML(c.Description), Language: plain(c.Language), Items: []item{}}}
	for _, it := range c.Items {
		doc.Channel.Items = append(doc.Channel.Items, item{Title: plain(it.Title), Link: plain(it.Link), GUID: guid{"false", plain(it.ID)},
			Description: asHTML(it.Description), Content: text.XMLSafe(it.HTML), Category: plain(it.Category),
			PubDate: it.Date.UTC().Format(time.RFC1123Z)})
	}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("rss: %w", err)
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}

// plain is a plain-text field as XML may hold it.
func plain(s string) string { return text.XMLSafe(s) }

// asHTML is a plain text written as the HTML that shows it as it is.
func asHTML(s string) string { return html.EscapeString(text.XMLSafe(s)) }
