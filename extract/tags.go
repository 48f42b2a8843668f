package extract

import "golang.org/x/net/html/atom"

// isVoid reports elements that never have content or an end tag.
func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img,
		atom.Input, atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// inHead reports elements that may stand in <head>; any other start tag
// means the head has ended even if </head> never came.
func inHead(a atom.Atom) bool {
	switch a {
	case atom.Html, atom.Head, atom.Title, atom.Meta, atom.Link, atom.Script, atom.Style,
		atom.Base, atom.Noscript, atom.Template:
		return true
	}
	return false
}

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// closesP reports start tags that close an open <p> (HTML's "close a p
// element" step).
func closesP(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Details, atom.Div,
		atom.Dl, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form,
		atom.Header, atom.Hr, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P, atom.Pre,
		atom.Section, atom.Table, atom.Ul, atom.Li, atom.Dd, atom.Dt:
		return true
	}
	return isHeading(a)
}

// scopeBoundary stops the search for a <p> to close, as HTML's "button
// scope" does: a table cell's paragraph is not closed by a div after it.
func scopeBoundary(a atom.Atom) bool {
	switch a {
	case atom.Button, atom.Table, atom.Td, atom.Th, atom.Caption, atom.Template,
		atom.Object, atom.Html, atom.Marquee:
		return true
	}
	return false
}

func listBoundary(a atom.Atom) bool {
	return a == atom.Ul || a == atom.Ol || a == atom.Dl || scopeBoundary(a)
}

func tableBoundary(a atom.Atom) bool { return a == atom.Table }

func rowBoundary(a atom.Atom) bool { return a == atom.Tr || a == atom.Table }

// isBlock reports elements that start and end a block of text.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Body, atom.Center,
		atom.Dd, atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Dt,
		atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form, atom.Frameset,
		atom.Header, atom.Hgroup, atom.Hr, atom.Html, atom.Li, atom.Main, atom.Menu,
		atom.Nav, atom.Ol, atom.P, atom.Pre, atom.Section, atom.Summary, atom.Table,
		atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr, atom.Ul,
		atom.Caption, atom.Legend, atom.Option:
		return true
	}
	return isHeading(a)
}

// isLine reports blocks that are lines of a list or table, which a single
// "\n" separates from a neighbour of the same kind.
func isLine(a atom.Atom) bool {
	switch a {
	case atom.Li, atom.Dt, atom.Dd, atom.Tr, atom.Td, atom.Th, atom.Option:
		return true
	}
	return false
}
