package sandbox

import (
	"net/url"
	"strconv"
)

// What every list endpoint shares (P1–P3): the limit, the cursor and the
// page. The cursor faults of faults.go change pages built here.

// parseLimit reads the documented limit parameter: 1–100, default 25.
func parseLimit(q url.Values) (int, *apiError) {
	if !q.Has("limit") {
		return 25, nil
	}
	n, err := strconv.Atoi(q.Get("limit"))
	if err != nil || n < 1 || n > 100 {
		return 0, invalid("invalid_limit", "limit", "limit must be an integer between 1 and 100.")
	}
	return n, nil
}

// cursorFrom decodes the request's cursor, which must have been issued for
// the same endpoint and filters.
func (s *Server) cursorFrom(q url.Values, filterKey string) (cursorPosition, bool, *apiError) {
	if !q.Has("cursor") {
		return cursorPosition{}, false, nil
	}
	pos, err := s.cursors.decode(q.Get("cursor"))
	if err != nil {
		return pos, false, invalid("invalid_cursor", "cursor", "The cursor is malformed or has been tampered with.")
	}
	if pos.Filters != filterKey {
		return pos, false, invalid("invalid_cursor", "cursor", "The cursor was issued for other filters; start again without it.")
	}
	return pos, true, nil
}

// listPage is the documented page: data is an array, never null, and
// next_cursor is null when has_more is false.
func listPage[T any](items []T, hasMore bool, next any) map[string]any {
	if items == nil {
		items = []T{}
	}
	return map[string]any{"object": "list", "data": items, "has_more": hasMore, "next_cursor": next}
}

// pageByID serves one page of items, with cursors that hold the id of the
// page's last item.
func pageByID[T any](s *Server, q url.Values, filterKey string, items []T, limit int, id func(T) string) (any, *apiError) {
	start := 0
	pos, ok, errResp := s.cursorFrom(q, filterKey)
	if errResp != nil {
		return nil, errResp
	}
	if ok {
		start = -1
		for i, item := range items {
			if id(item) == pos.ID {
				start = i + 1
				break
			}
		}
		if start < 0 {
			return nil, invalid("invalid_cursor", "cursor", "The cursor points at an item that no longer exists; start again without it.")
		}
	}
	end := min(start+limit, len(items))
	page := items[start:end]
	var next any
	if end < len(items) {
		next = s.cursors.encode(cursorPosition{Filters: filterKey, ID: id(page[len(page)-1])})
	}
	return listPage(page, end < len(items), next), nil
}
