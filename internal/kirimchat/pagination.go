package kirimchat

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
)

// Record is an element of a list endpoint: it names its own id, which the
// drain de-duplicates on and the provider lists in `ids`. Each record type
// defines it once.
type Record interface {
	RecordID() string
}

// ListResult is what draining a list endpoint produced.
type ListResult[T Record] struct {
	// Items are in the API's order, without duplicates (first seen wins).
	// They are not kept when the caller takes them page by page.
	Items []T
	// Count is how many items were delivered.
	Count int
	// Truncated is true when MaxResults stopped the drain while more existed.
	Truncated bool
	// Pages is how many pages were fetched.
	Pages int
	// DuplicatesDropped counts items already seen on an earlier page.
	DuplicatesDropped int
}

// listPage is the documented envelope of every list endpoint.
type listPage[T any] struct {
	Data       []T     `json:"data"`
	HasMore    bool    `json:"has_more"`
	NextCursor *string `json:"next_cursor"`
	RequestID  string  `json:"request_id"`
}

// drainRequest describes one list call.
type drainRequest[T Record] struct {
	path    string
	filters url.Values
	// maxResults stops the drain once that many items are in hand (0 = all).
	maxResults int
	// eachPage, when set, receives each page's new items as soon as the page
	// is in, instead of their being collected into Items.
	eachPage func([]T) error
}

// drain follows next_cursor until has_more is false, asking for no more rows
// than still needed. It refuses to loop: a cursor seen before, has_more
// without a cursor, or more than maxPages pages end it with an error.
func drain[T Record](ctx context.Context, c *Client, r drainRequest[T]) (ListResult[T], error) {
	var result ListResult[T]
	seenIDs := make(map[string]struct{})
	seenCursors := make(map[string]struct{})
	cursor := ""
	for {
		if err := ctx.Err(); err != nil {
			return result, fmt.Errorf("listing %s: %w", r.path, err)
		}
		if result.Pages >= c.maxPages {
			return result, &PaginationError{Path: r.path, Page: result.Pages,
				Reason: fmt.Sprintf("more than %d pages; the server keeps saying has_more", c.maxPages)}
		}
		limit := c.pageSize
		if r.maxResults > 0 {
			limit = min(limit, r.maxResults-result.Count)
		}
		page, err := fetchPage[T](ctx, c, r, cursor, limit)
		if err != nil {
			return result, err
		}
		result.Pages++

		fresh, cut, err := newItems(page, r, seenIDs, &result)
		if err != nil {
			return result, err
		}
		if r.eachPage != nil {
			if err := r.eachPage(fresh); err != nil {
				return result, err
			}
		} else {
			result.Items = append(result.Items, fresh...)
		}
		if cut {
			result.Truncated = true
			return result, nil
		}

		if !page.HasMore {
			return result, nil
		}
		if r.maxResults > 0 && result.Count >= r.maxResults {
			result.Truncated = true
			return result, nil
		}
		if page.NextCursor == nil || *page.NextCursor == "" {
			return result, &PaginationError{Path: r.path, Page: result.Pages,
				Reason: fmt.Sprintf("has_more is true but next_cursor is empty [request_id %s]", page.RequestID)}
		}
		cursor = *page.NextCursor
		if _, again := seenCursors[cursor]; again {
			return result, &PaginationError{Path: r.path, Page: result.Pages,
				Reason: fmt.Sprintf("next_cursor repeats a cursor already followed, which would loop forever [request_id %s]", page.RequestID)}
		}
		seenCursors[cursor] = struct{}{}
	}
}

// newItems keeps the page's items not seen before, up to maxResults; cut
// says that maxResults left some out.
func newItems[T Record](page *listPage[T], r drainRequest[T], seen map[string]struct{}, result *ListResult[T]) (fresh []T, cut bool, err error) {
	fresh = make([]T, 0, len(page.Data))
	for i, item := range page.Data {
		id := item.RecordID()
		if id == "" {
			return nil, false, &PaginationError{Path: r.path, Page: result.Pages,
				Reason: fmt.Sprintf("item %d of the page has no id [request_id %s]", i, page.RequestID)}
		}
		if _, dup := seen[id]; dup {
			result.DuplicatesDropped++
			continue
		}
		if r.maxResults > 0 && result.Count == r.maxResults {
			return fresh, true, nil
		}
		seen[id] = struct{}{}
		fresh = append(fresh, item)
		result.Count++
	}
	return fresh, false, nil
}

func fetchPage[T Record](ctx context.Context, c *Client, r drainRequest[T], cursor string, limit int) (*listPage[T], error) {
	query := url.Values{}
	for k, vs := range r.filters {
		for _, v := range vs {
			if v != "" {
				query.Add(k, v)
			}
		}
	}
	query.Set("limit", strconv.Itoa(limit))
	if cursor != "" {
		query.Set("cursor", cursor)
	}
	var page listPage[T]
	if err := c.get(ctx, r.path, query, &page); err != nil {
		return nil, err
	}
	return &page, nil
}
