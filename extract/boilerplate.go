package extract

import (
	"strings"

	"golang.org/x/net/html/atom"
)

// isBoilerplate reports whether an element and all inside it are to be
// dropped before any scoring, by its tag, its ARIA role, or because it is
// hidden. inArticle is true inside <article> or <main>, where a <header>
// holds the headline rather than the site's masthead.
func isBoilerplate(a atom.Atom, name []byte, at *attrs, inArticle bool) bool {
	switch a {
	case atom.Head, atom.Title, atom.Script, atom.Style, atom.Noscript, atom.Template,
		atom.Iframe, atom.Frame, atom.Frameset, atom.Svg, atom.Math, atom.Canvas,
		atom.Object, atom.Embed, atom.Audio, atom.Video, atom.Map, atom.Dialog,
		atom.Nav, atom.Footer, atom.Aside, atom.Menu,
		atom.Form, atom.Button, atom.Select, atom.Option, atom.Textarea, atom.Input,
		atom.Label, atom.Fieldset, atom.Datalist, atom.Output, atom.Xmp, atom.Plaintext:
		return true
	case atom.Header:
		if !inArticle {
			return true
		}
	case 0:
		// AMP and ad-network custom elements: amp-ad, amp-embed,
		// amp-sticky-ad, amp-analytics...
		if n := string(name); strings.HasPrefix(n, "amp-") && n != "amp-img" && n != "amp-fit-text" {
			return true
		}
	}
	if at.hidden || at.ariaHidden || hiddenStyle(at.style) {
		return true
	}
	switch strings.ToLower(at.role) {
	case "navigation", "banner", "contentinfo", "complementary", "search", "menu",
		"menubar", "dialog", "alertdialog", "toolbar", "button":
		return true
	}
	return false
}

// isSuspect reports whether an element's class, id or ARIA label names a
// boilerplate block. Names mislead more often than tags do (a theme's
// outermost wrapper may be "wy-grid-for-nav" or "has-sidebar"), so a
// suspect that turns out to hold most of the page's text is kept; see
// tree.resolveSuspects.
func isSuspect(a atom.Atom, at *attrs) bool {
	if a == atom.Html || a == atom.Body || a == atom.Article || a == atom.Main {
		return false
	}
	return boilerplateName(at.class + " " + at.id + " " + at.ariaLabel)
}

func hiddenStyle(s string) bool {
	if s == "" {
		return false
	}
	s = strings.ReplaceAll(strings.ToLower(s), " ", "")
	return strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden")
}

// boilerSubstrings are parts of class and id names of boilerplate blocks;
// most come from Readability's unlikelyCandidates, the rest from ad,
// sharing and consent widgets seen on news sites.
var boilerSubstrings = []string{
	"-ad-", "ad-break", "adsbygoogle", "advert", "agegate", "ai2html", "banner",
	"breadcrumb", "combx", "comment", "community", "consent", "cookie", "cover-wrap",
	"disqus", "footer", "gdpr", "header", "legends", "menu", "newsletter",
	"outbrain", "pagination", "pager", "popup", "promo", "related", "remark", "replies",
	"rss", "screen-reader", "share", "sharing", "shoutbox", "sidebar", "signup",
	"skip-link", "skyscraper", "social", "sponsor", "subscri", "supplemental",
	"taboola", "toolbar", "visually-hidden", "visuallyhidden", "sr-only", "widget",
	"wordads", "yom-remote",
}

// boilerTokens are whole words of class and id names: too short to match
// as substrings ("ad" is in "head" and "shadow").
var boilerTokens = map[string]bool{
	"ad": true, "ads": true, "adv": true, "advert": true, "wpa": true, "wpcnt": true,
	"navbar": true, "masthead": true, "print": true,
}

// maybeSubstrings rescue a name that also says it is the content, as
// Readability's okMaybeItsACandidate does ("article-header", "main-sidebar
// content").
var maybeSubstrings = []string{"article", "body", "column", "content", "main", "entry"}

func boilerplateName(s string) bool {
	if len(s) <= 2 {
		return false
	}
	s = strings.ToLower(s)
	hit := false
	for _, p := range boilerSubstrings {
		if strings.Contains(s, p) {
			hit = true
			break
		}
	}
	if !hit {
		for _, w := range strings.FieldsFunc(s, notAlnum) {
			if boilerTokens[w] {
				hit = true
				break
			}
		}
	}
	if !hit {
		return false
	}
	for _, p := range maybeSubstrings {
		if strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func notAlnum(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
}

var (
	positiveNames = []string{"article", "body", "content", "entry", "hentry", "h-entry",
		"main", "page", "post", "text", "blog", "story"}
	negativeNames = []string{"-ad-", "hidden", "banner", "combx", "comment", "com-",
		"contact", "footer", "gdpr", "masthead", "media", "meta", "outbrain", "promo",
		"related", "scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor",
		"shopping", "tags", "widget"}
)

// classWeight is Readability's class and id bonus: names that suggest
// content add 25 points, names that suggest chrome take 25 away.
func classWeight(class, id string) float64 {
	w := 0.0
	for _, s := range [2]string{class, id} {
		if s == "" {
			continue
		}
		s = strings.ToLower(s)
		if containsAny(s, negativeNames) {
			w -= 25
		}
		if containsAny(s, positiveNames) {
			w += 25
		}
	}
	return w
}

func containsAny(s string, subs []string) bool {
	for _, p := range subs {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
