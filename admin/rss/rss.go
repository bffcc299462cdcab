// Package rss writes the RSS 2.0 feeds the portal makes itself, outside
// Hugo's templates: the corrections feed of each language and the press
// agencies' feed of embargoed releases. Items have stable ids (guid, not a
// permalink) and, when given, their full HTML (content:encoded).
package rss

import (
	"encoding/xml"
	"fmt"
	"time"
)

// Channel is a feed.
type Channel struct {
	Title       string
	Link        string
	Description string
	Language    string // "" to leave out
	Items       []Item
}

// Item is one entry of a feed.
type Item struct {
	Title       string
	Link        string
	ID          string // stable; never the title or the address
	Description string
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
		Channel: channel{Title: c.Title, Link: c.Link, Description: c.Description, Language: c.Language, Items: []item{}}}
	for _, it := range c.Items {
		doc.Channel.Items = append(doc.Channel.Items, item{Title: it.Title, Link: it.Link, GUID: guid{"false", it.ID},
			Description: it.Description, Content: it.HTML, Category: it.Category, PubDate: it.Date.UTC().Format(time.RFC1123Z)})
	}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("rss: %w", err)
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}
