package server

import (
	"net/http"
	"strconv"
	"unicode/utf8"
)

// Story routes: the story of a document, a story with its members, and
// the recent stories (see index/story.go for how the index keeps them).
const (
	// DefaultStoryLimit and MaxStoryLimit bound the members a story
	// answer lists (?limit).
	DefaultStoryLimit, MaxStoryLimit = 100, 10000
	// DefaultRecentStories and MaxRecentStories bound the stories
	// GET /v1/stories lists (?limit).
	DefaultRecentStories, MaxRecentStories = 20, 1000
)

func (s *Server) storyRoutes() []route {
	return []route{
		{http.MethodGet, "/v1/documents/{id}/story", true, s.getDocumentStory},
		{http.MethodGet, "/v1/stories/{story}", true, s.getStory},
		{http.MethodGet, "/v1/stories", true, s.recentStories},
	}
}

// limitParam reads ?limit in [1, most], def when absent.
func limitParam(r *http.Request, def, most int) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > most {
		return 0, badRequest("\"limit\" must be an integer in [1, %d]", most)
	}
	return n, nil
}

// getDocumentStory serves GET /v1/documents/{id}/story.
func (s *Server) getDocumentStory(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !utf8.ValidString(id) {
		writeError(w, badRequest("the document id is not valid UTF-8"))
		return
	}
	st, err := s.ix.StoryOf(id)
	if err != nil {
		writeError(w, indexError(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"story": st})
}

// getStory serves GET /v1/stories/{story}: the story and at most ?limit
// of its members, "truncated" when there are more.
func (s *Server) getStory(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("story"), 10, 64)
	if err != nil || id < 0 {
		writeError(w, badRequest("the story id must be a non-negative integer"))
		return
	}
	limit, err := limitParam(r, DefaultStoryLimit, MaxStoryLimit)
	if err != nil {
		writeError(w, err)
		return
	}
	st, err := s.ix.Story(id)
	if err != nil {
		writeError(w, indexError(err))
		return
	}
	members, more, err := s.ix.StoryMembers(st.ID, limit)
	if err != nil {
		writeError(w, indexError(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"story": st, "members": orEmpty(members), "truncated": more})
}

// recentStories serves GET /v1/stories: the ?limit stories with the
// latest documents, latest first.
func (s *Server) recentStories(w http.ResponseWriter, r *http.Request) {
	limit, err := limitParam(r, DefaultRecentStories, MaxRecentStories)
	if err != nil {
		writeError(w, err)
		return
	}
	out, err := s.ix.RecentStories(limit)
	if err != nil {
		writeError(w, indexError(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"stories": orEmpty(out)})
}

// orEmpty makes an empty list encode as [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
