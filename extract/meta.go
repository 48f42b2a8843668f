package extract

import (
	"strings"

	"github.com/rehashdev/rehash"
	"golang.org/x/net/html/atom"
)

// metaCollector gathers metadata from every start tag, wherever it stands:
// the head is dropped as text but read for its meta tags. Each field keeps
// its best source so far, by rank (lower is better).
type metaCollector struct {
	m                            rehash.Meta
	titleRank, dateRank, urlRank int
	titleSeen, dateSeen, urlSeen bool
}

func (c *metaCollector) setTitle(v string, rank int) {
	v = strings.Join(strings.Fields(v), " ")
	if v != "" && (!c.titleSeen || rank < c.titleRank) {
		c.m.Title, c.titleRank, c.titleSeen = v, rank, true
	}
}

func (c *metaCollector) setDate(v string, rank int) {
	v = strings.TrimSpace(v)
	if isoDate(v) && (!c.dateSeen || rank < c.dateRank) {
		c.m.Date, c.dateRank, c.dateSeen = v, rank, true
	}
}

func (c *metaCollector) setURL(v string, rank int) {
	v = strings.TrimSpace(v)
	if v != "" && (!c.urlSeen || rank < c.urlRank) {
		c.m.URL, c.urlRank, c.urlSeen = v, rank, true
	}
}

// title takes the text of <title>, ranked below og:title, which sites keep
// free of their " | Site name" suffix.
func (c *metaCollector) title(s string) { c.setTitle(s, 2) }

func (c *metaCollector) observe(a atom.Atom, at *attrs) {
	switch a {
	case atom.Meta:
		key := strings.ToLower(at.property)
		if key == "" {
			key = strings.ToLower(at.name)
		}
		switch key {
		case "og:title":
			c.setTitle(at.content, 0)
		case "twitter:title":
			c.setTitle(at.content, 1)
		case "article:published_time":
			c.setDate(at.content, 0)
		case "date", "pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued",
			"dcterms.date", "dcterms.created", "sailthru.date", "parsely-pub-date":
			c.setDate(at.content, 1)
		case "og:url":
			c.setURL(at.content, 1)
		case "og:site_name":
			if c.m.Site == "" {
				c.m.Site = strings.TrimSpace(at.content)
			}
		}
	case atom.Link:
		for _, r := range strings.Fields(strings.ToLower(at.rel)) {
			if r == "canonical" {
				c.setURL(at.href, 0)
			}
		}
	case atom.Time:
		c.setDate(at.datetime, 3)
	}
	if strings.EqualFold(at.itemprop, "datePublished") {
		v := at.content
		if v == "" {
			v = at.datetime
		}
		c.setDate(v, 2)
	}
}

func (c *metaCollector) result() rehash.Meta { return c.m }

// isoDate accepts values that start like an ISO 8601 date, "2016-11-03",
// with or without a time after it; "Nov 3, 2016" is not passed on as one.
func isoDate(s string) bool {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for _, i := range [...]int{0, 1, 2, 3, 5, 6, 8, 9} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) == 10 || s[10] == 'T' || s[10] == ' ' || s[10] == 't'
}
